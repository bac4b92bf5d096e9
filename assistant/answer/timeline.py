"""What happens when: the white paper's dated commitments in date order, each with its origin.

The dates live in the digest (kind `digest`), one "When: ..." line per dated commitment under the
heading of its proposal, each ending with its provenance. Reading them from the indexed digest,
rather than keeping a second list, means the timeline and the answers quote the same text at the
same offsets, and adding a dated line to the digest is all it takes to extend the timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from assistant.answer.compose import citation_for, who
from assistant.answer.evidence import Evidence
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.models import Answer, Filters, Source
from assistant.text import markdown_text

_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2})\s+)?(?P<period>" + "|".join(_MONTHS + list(_SEASONS)) + r")\s+"
    r"(?P<year>(?:19|20)\d{2})\b|\b(?P<bare>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_WHEN_LINE = re.compile(r"^When:\s*", re.MULTILINE)
_PROVENANCE = re.compile(r"\s*\((?:sources?):\s*(?P<where>[^()]*)\)\s*\.?\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$", re.MULTILINE)

# Questions about timing: "When will ...", "By when ...", "What is the timetable ...".
_ASKS_WHEN = re.compile(
    r"^\s*(?:and\s+)?(?:when|by\s+when|by\s+what\s+date|how\s+soon|what\s+(?:date|year|month))\b"
    r"|\b(?:deadlines?|timetable|timeline|timescales?|key\s+dates|what\s+happens\s+when)\b",
    re.IGNORECASE,
)
# Questions that want the whole timeline rather than one date.
_ASKS_TIMELINE = re.compile(
    r"\b(?:timelines?|timetables?|key\s+dates|what\s+happens\s+when|(?:all\s+)?the\s+dates|"
    r"dated\s+commitments|milestones|deadlines)\b",
    re.IGNORECASE,
)
# Words that leave such a question about the white paper as a whole.
_GENERAL_WORDS = frozenset(
    """white paper integration proposal plan government white-paper whole full overall key main
    give show list set out everything happen happens commitment date dates deadline health social
    care join joining people place population populations""".split()
)


@dataclass(frozen=True)
class Milestone:
    """One dated commitment: when, what, under which proposal, and where the fact comes from."""

    when: str  # as the digest writes it: "April 2023", "Spring 2023", "9 February 2022", "2024"
    order: tuple[int, int, int]  # (year, month, day) for sorting; 0 where not known
    what: str  # the commitment, without the "When:" label or the provenance
    proposal: str  # the heading it sits under
    provenance: str  # where the fact can be checked
    source_id: str
    start: int  # offsets of the whole "When:" line in the digest text
    end: int


def _date_in(text: str) -> tuple[str, tuple[int, int, int]] | None:
    match = _DATE.search(text)
    if not match:
        return None
    if match.group("bare"):
        return match.group("bare"), (int(match.group("bare")), 0, 0)
    period = match.group("period").lower()
    month = _SEASONS.get(period) or _MONTHS.index(period) + 1
    day = int(match.group("day") or 0)
    label = " ".join(
        part for part in (match.group("day"), period.capitalize(), match.group("year")) if part
    )
    return label, (int(match.group("year")), month, day)


def _proposal(title: str) -> str:
    name = re.sub(r"^Proposal:\s*", "", title).strip()
    return name[:1].upper() + name[1:]


def milestones(sources: Iterable[Source]) -> list[Milestone]:
    """Every dated "When:" line of the digests among `sources`, in date order."""
    found: list[Milestone] = []
    for source in sources:
        if source.kind != "digest" or source.about:
            continue  # the dates of CP 573, not of another paper's digest
        text = source.text
        headings = [(m.start(), _proposal(m.group("title"))) for m in _HEADING.finditer(text)]
        for line in _WHEN_LINE.finditer(text):
            end = text.find("\n", line.start())
            end = len(text) if end < 0 else end
            body = text[line.end() : end].strip()
            provenance = _PROVENANCE.search(body)
            claim = body[: provenance.start()] if provenance else body.rstrip(".")
            dated = _date_in(claim)
            if dated is None:
                continue
            proposal = next((t for at, t in reversed(headings) if at < line.start()), source.title)
            found.append(
                Milestone(
                    when=dated[0],
                    order=dated[1],
                    what=claim[:1].upper() + claim[1:] + ".",
                    proposal=proposal,
                    provenance=provenance.group("where").strip() if provenance else "",
                    source_id=source.id,
                    start=line.start(),
                    end=end,
                )
            )
    return sorted(found, key=lambda m: (m.order, m.source_id, m.start))


def asks_when(question: str) -> bool:
    """Whether a question is about timing, so dated commitments should inform the answer."""
    return bool(_ASKS_WHEN.search(question))


def wants_timeline(question: str) -> bool:
    """Whether a question asks for the whole timeline rather than the date of one thing.

    "What is the timeline?" does; "What is the timeline for shared care records?" names a
    proposal, so it gets the dates for that proposal among the usual evidence instead.
    """
    if not _ASKS_TIMELINE.search(question):
        return False
    return not set(search_terms(_ASKS_TIMELINE.sub(" ", question))) - _GENERAL_WORDS


def dates_allowed(filters: Filters | None) -> bool:
    """Whether an answer restricted by `filters` may use the digest's dates."""
    if filters is None:
        return True
    return not filters.bodies and (not filters.kinds or "digest" in filters.kinds)


def has_official_text(data: IndexData) -> bool:
    """Whether CP 573's own text is held (another paper's text is not it)."""
    return any(s.kind == "white-paper" and not s.about for s in data.sources.values())


def _locate(data: IndexData, milestone: Milestone) -> tuple[int, int] | None:
    """The indexed (passage, sentence) that opens a milestone's line."""
    for i, passage in enumerate(data.passages):
        if passage.source_id != milestone.source_id or passage.end < milestone.start:
            continue
        for j, sentence in enumerate(passage.sentences):
            if milestone.start <= sentence.start < milestone.end:
                return i, j
    return None


def _evidence(data: IndexData, milestone: Milestone, score: float) -> Evidence | None:
    where = _locate(data, milestone)
    if where is None:
        return None
    return Evidence(where[0], where[1], score, score)


def when_evidence(
    question: str, query_vector: np.ndarray, data: IndexData, min_relevance: float, limit: int = 2
) -> list[Evidence]:
    """The dated commitments that answer a "when" question, best first.

    Scored like other evidence (similarity of the sentence to the question plus shared words,
    counting the proposal's heading), and kept only if they clear the relevance bar and come
    close to the best one, so an unrelated date is never offered.
    """
    wanted = set(search_terms(question))
    scored: list[Evidence] = []
    for milestone in milestones(data.sources.values()):
        found = _evidence(data, milestone, 0.0)
        if found is None:
            continue
        vector = data.sentence_vectors[data.sentence_offsets[found.passage] + found.sentence]
        similarity = float(vector @ query_vector)
        words = set(search_terms(milestone.what + " " + milestone.proposal))
        overlap = len(wanted & words) / len(wanted) if wanted else 0.0
        scored.append(
            Evidence(found.passage, found.sentence, similarity + 0.25 * overlap, similarity)
        )
    scored.sort(key=lambda e: (-e.score, e.passage, e.sentence))
    if not scored or scored[0].similarity < min_relevance:
        return []
    return [e for e in scored[:limit] if e.score >= scored[0].score - 0.1]


def with_milestones(
    evidence: list[Evidence],
    question: str,
    query_vector: np.ndarray,
    data: IndexData,
    max_evidence: int,
    min_relevance: float,
) -> list[Evidence]:
    """Evidence for a "when" question with the matching dated commitments placed first.

    Once the official text is in the index it answers for itself (answers prefer it to the
    digest), so the digest's dates are only added while the digest stands in for it.
    """
    if not asks_when(question) or has_official_text(data):
        return evidence
    dated = when_evidence(question, query_vector, data, min_relevance)
    top = max((e.score for e in evidence), default=0.0)
    boosted = [Evidence(e.passage, e.sentence, top + e.score, e.similarity) for e in dated]
    seen = {(e.passage, e.sentence) for e in boosted}
    rest = [e for e in evidence if (e.passage, e.sentence) not in seen]
    return (boosted + rest)[:max_evidence]


def timeline_answer(question: str, data: IndexData) -> Answer | None:
    """The whole timeline as an answer: one cited line per dated commitment, in date order."""
    lines: list[str] = []
    citations = []
    for milestone in milestones(data.sources.values()):
        found = _evidence(data, milestone, 1.0)
        if found is None:
            continue
        citation = citation_for(data, found, len(citations) + 1)
        citations.append(citation)
        quote = markdown_text(citation.quote)
        lines.append(f"- **{milestone.when}**, {milestone.proposal}: “{quote}” [{citation.n}]")
    if not citations:
        return None
    intro = f"{who(citations[0])}, gives these dates, earliest first:"
    return Answer(
        question=question,
        answerable=True,
        answer=intro + "\n\n" + "\n".join(lines),
        citations=citations,
        index_version=data.version,
    )
