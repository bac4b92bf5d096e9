"""How stances and kinds of document read to people, in one place.

Each stance has the forms sentences need: a label for a chart key or a table cell ("Concern"),
an adjective after "is" ("concerned"), and a verb phrase after one name ("has concerns") or
several ("have concerns"). Every interface takes its words from here, so the chat, the widget,
the CLI and the answers never describe the same stance in different words.
"""

from __future__ import annotations

STANCE_LABELS: dict[str, str] = {
    "support": "Support",
    "concern": "Concern",
    "mixed": "Mixed",
    "neutral": "Neutral",
}
STANCE_WORDS: dict[str, str] = {
    "support": "supportive",
    "concern": "concerned",
    "mixed": "mixed",
    "neutral": "neutral",
}
STANCE_PHRASES: dict[str, str] = {
    "support": "supports it",
    "concern": "has concerns",
    "mixed": "has mixed views",
    "neutral": "is neutral",
}
# After two or more names: "NHS Providers and the LGA both have concerns".
STANCE_PHRASES_PLURAL: dict[str, str] = {
    "support": "support it",
    "concern": "have concerns",
    "mixed": "have mixed views",
    "neutral": "describe it without taking a view",
}
KIND_LABELS: dict[str, str] = {
    "white-paper": "White paper",
    "digest": "Digest of the white paper",
    "response": "Response",
    "news": "News report",
    "commentary": "Commentary",
    "reader-comment": "Reader comment",
}


def kind_label(kind: str) -> str:
    """The kind as a heading; a kind added later reads as its id in words."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def about_label(about_title: str) -> str:
    """The plain label every interface shows beside a document about another policy paper."""
    return f"About another paper: {about_title}"
