"""Questions on the documents' subject that they still do not answer, told apart from the rest.

Retrieval always finds something: every document here is about the white paper, so a question
about it meets sentences on its topic whether or not any of them answers it. The relevance
floors cannot see the difference, and the share of the question's words the evidence holds
cannot either (eval/README.md, "Refusals and the floor"). Some questions say by their own
shape that the documents cannot answer them, whatever sentences are found:

- a request the question analysis reads as out of scope (advice, a recommendation, a recipe)
  is declined whatever the documents say about its words (`declined_request`);
- the question asks what happened after a time later than every document, which no document
  can report however near its plans come (`after_the_documents`).

A "how many" question answered by a sentence that counts something else is the third such case;
that check is about what a sentence gives, so it lives with the others in
assistant.answer.expected (`counts_of`). Each refusal still names the nearest subject the
documents cover (assistant.answer.compose.not_covered).
"""

from __future__ import annotations

import re

from assistant.answer.dates import find_time
from assistant.index.versions import IndexData

# A question about events, in the past tense: "what happened", "what changed", "how did it go".
_PAST_EVENT = re.compile(
    r"\b(?:happened|changed|went|became|ended|came of it|did (?:it|they|places?|the \w+) "
    r"(?:go|work|turn out))\b",
    re.IGNORECASE,
)
# A time the question is about as a starting point: "after 2023", "since spring 2023".
_AFTER = re.compile(r"\b(?:after|since|from|beyond)\s+(?:the\s+)?(?:end\s+of\s+)?", re.IGNORECASE)
# What asks about plans rather than events: the documents can say what was meant to happen.
_PLANNED = re.compile(
    r"\b(?:will|would|planned|meant|supposed|expected|due|deadlines?|targets?)\b",
    re.IGNORECASE,
)


def declined_request(intent: str) -> bool:
    """Whether the question analysis reads the question as a request the assistant declines
    (a service, advice, a creative piece; assistant.answer.intent.out_of_scope).

    Such a question often shares words with the documents ("a good care home near me"), so a
    sentence about care homes would pass every relevance floor; the request itself is what the
    documents cannot meet.
    """
    return intent == "out-of-scope"


def after_the_documents(question: str, data: IndexData) -> str | None:
    """The time a question asks about events after, when it is later than every document's
    date ("what happened after 2023?" of documents written in 2022); None otherwise.

    The documents can say what was planned for then, so a question about plans, deadlines or
    what will happen is left to the evidence; one about what happened is not theirs to answer.
    """
    if not _PAST_EVENT.search(question) or _PLANNED.search(question):
        return None
    when = next((t for t in map(_time_at, _AFTER.finditer(question)) if t), None)
    if when is None:
        return None
    year = int(re.search(r"20\d\d", when).group())  # type: ignore[union-attr]
    dated = [int(s.date[:4]) for s in data.sources.values() if s.date and s.date[:4].isdigit()]
    if not dated or year <= max(dated):
        return None
    return when


def _time_at(after: re.Match[str]) -> str | None:
    """The time named straight after "after", "since" ... ("after 2023"), or None."""
    rest = after.string[after.end() :]
    when = find_time(rest)
    if when is None or not rest.lower().startswith(when.split()[0].lower()[:4]):
        return None
    return when


def unanswered_reason(question: str, intent: str, data: IndexData) -> str | None:
    """Why the documents do not answer a question, whatever evidence was found for it, in the
    words of the refusal; None when nothing here says they do not."""
    if declined_request(intent):
        return (
            "That is not something I can help with: I answer questions about the white paper "
            "and the responses to it, from the documents I hold."
        )
    when = after_the_documents(question, data)
    if when is not None:
        return (
            f"The documents I hold were all written before {when}, so they cannot say what "
            "has happened since."
        )
    return None
