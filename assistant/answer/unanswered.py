"""Questions on the documents' subject that they still do not answer, told apart from the rest.

Retrieval always finds something: every document here is about the white paper, so a question
about it meets sentences on its topic whether or not any of them answers it. The relevance
floors cannot see the difference, and the share of the question's words the evidence holds
cannot either (eval/README.md, "Refusals and the floor"). Some questions say by their own
shape that the documents cannot answer them, whatever sentences are found:

- a request the question analysis reads as out of scope (advice, a recommendation, a recipe)
  is declined whatever the documents say about its words (`declined_request`);
- the question asks what happened after a time later than every document, which no document
  can report however near its plans come (`after_the_documents`);
- a place, programme or body the question names, that the documents mention somewhere, is in
  none of the evidence found for it: the sentences answer the question for everywhere but the
  place it asks about (`names_unmet`).

A "how many" question answered by a sentence that counts something else is the third such case;
that check is about what a sentence gives, so it lives with the others in
assistant.answer.expected (`counts_of`). Each refusal still names the nearest subject the
documents cover (assistant.answer.compose.not_covered).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.compose import CorpusNames, names_in, normalise
from assistant.answer.dates import find_time
from assistant.answer.evidence import Evidence
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


def names_unmet(
    question: str, evidence: Sequence[Evidence], data: IndexData, names: CorpusNames
) -> list[str]:
    """Names in the question that no piece of evidence holds (names no document mentions at
    all are refused before evidence is chosen: CorpusNames.missing).

    A piece of evidence holds a name when its passage or the passage before it in the same
    document (a quotation is often introduced there, and "it" refers back to it), its
    document's title, publisher or author, or its sentence's speaker or body holds the name
    or the name it is an alias of. The passage after is not read: what follows a sentence does
    not say what the sentence was about.
    """
    if not evidence:
        return []
    held = " " + " ".join(_evidence_text(ev, data) for ev in evidence) + " "
    unmet = []
    for name in names_in(question):
        key = normalise(name)
        keys = [key, normalise(names.aliases.get(key) or key)]
        if not any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", held) for k in keys):
            unmet.append(name)
    return unmet


def _evidence_text(ev: Evidence, data: IndexData) -> str:
    """What a piece of evidence says and who says it, normalised as names are."""
    passage = data.passages[ev.passage]
    source = data.sources[passage.source_id]
    sentence = passage.sentences[ev.sentence]
    parts = [source.text[passage.start : passage.end], source.title]
    parts += [source.publisher or "", source.author or "", *sentence.also]
    parts += [sentence.speaker or "", sentence.body or ""]
    before = data.passages[ev.passage - 1] if ev.passage else None
    if before is not None and before.source_id == passage.source_id:
        parts.append(source.text[before.start : before.end])
    return normalise(" ".join(parts))


def _time_at(after: re.Match[str]) -> str | None:
    """The time named straight after "after", "since" ... ("after 2023"), or None."""
    rest = after.string[after.end() :]
    when = find_time(rest)
    if when is None or not rest.lower().startswith(when.split()[0].lower()[:4]):
        return None
    return when


def refused_by_shape(question: str, intent: str, data: IndexData) -> str | None:
    """Why the documents cannot answer a question, from its shape alone, whatever route it
    would take (a fact, a view, which bodies): the words of the refusal, or None."""
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


def unanswered_reason(
    question: str, evidence: Sequence[Evidence], data: IndexData, names: CorpusNames
) -> str | None:
    """Why the documents do not answer a question, though `evidence` was found for it, in the
    words of the refusal; None when nothing here says they do not. Refusals by the question's
    shape alone (`refused_by_shape`) come earlier, before any route is taken."""
    unmet = names_unmet(question, evidence, data, names)
    if unmet:
        return f"The documents I hold mention {' or '.join(unmet)}, but not on this point."
    return None
