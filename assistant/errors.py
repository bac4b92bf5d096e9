"""The errors an interface may show a user, in one module every stage and interface imports.

Each carries a one-line message fit to show as it is. They live in the base so that the CLI,
the chat and the API can tell them apart without importing the stage that raises them.
"""

from __future__ import annotations


class IndexUnavailable(RuntimeError):
    """The index is missing or unreadable; the message says how to rebuild it."""


class IndexBusy(RuntimeError):
    """Another process is building the index."""


class QuestionError(ValueError):
    """A question that cannot be asked as it is; the message says what to do, in one line."""


class PersonalDataError(QuestionError):
    """A question holding what looks like personal data: refused, and never echoed or stored."""


class SourceError(ValueError):
    """A document that cannot be read; the message is one line, fit to show a user."""
