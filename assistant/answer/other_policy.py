"""Documents about another policy paper, kept apart from answers about the integration white paper.

A document about the February 2021 white paper, say, may read like a response to CP 573, but
what it says is about a different paper. It is never a view on CP 573: statements from it are
left out of positions and of every answer about views (assistant.answer.statements,
assistant.index.positions). For a question of fact it may be quoted only when no document
about CP 573 covers the point, and the answer then says so plainly, with each citation flagged
(`Citation.about_other_policy`).

A document about CP 573 covers the point when its best sentence would have been kept as
evidence beside the other document's best one: within `EVIDENCE_BAND` of it, the band every
answer's evidence is chosen within. Its answer is then the answer, however well the other
document matches; only a clearly better match, which CP 573's documents do not come near,
is quoted from another paper.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.evidence import EVIDENCE_BAND, Evidence
from assistant.answer.retrieval import Hit
from assistant.index.versions import IndexData
from assistant.models import Answer, Citation


def about_other_policy(data: IndexData, passage: int) -> bool:
    """Whether a passage comes from a document about another policy paper."""
    return bool(data.sources[data.passages[passage].source_id].about)


def split_hits(data: IndexData, hits: Sequence[Hit]) -> tuple[list[Hit], list[Hit]]:
    """The hits from documents about CP 573, and those from documents about other papers."""
    subject = [h for h in hits if not about_other_policy(data, h.index)]
    other = [h for h in hits if about_other_policy(data, h.index)]
    return subject, other


def covers(subject: Sequence[Evidence], other: Sequence[Evidence]) -> bool:
    """Whether the evidence from documents about CP 573 covers the point the other papers'
    evidence answers (see the module's docstring)."""
    if not other:
        return True
    if not subject:
        return False
    return max(e.score for e in subject) >= max(e.score for e in other) - EVIDENCE_BAND


def only_other_sentence(citations: Sequence[Citation]) -> str:
    """What an answer quoting only documents about other papers says about its sources."""
    papers = list(dict.fromkeys(c.about_title for c in citations if c.about_title))
    named = " and ".join(papers) if papers else "another policy paper"
    plural = len({c.source_id for c in citations}) > 1
    return (
        f"The only {'sources' if plural else 'source'} I hold that cover{'' if plural else 's'} "
        "this "
        f"{'are' if plural else 'is'} about {named}, not the integration white paper "
        "(CP 573), so this is not what CP 573 says or a view on it."
    )


def flagged_as_other(answer: Answer) -> Answer:
    """An answer whose every citation is of a document about another paper, saying so in its
    first line (any route: a fact, or who a person quoted only there is); others as they are."""
    if not answer.citations or not all(c.about_other_policy for c in answer.citations):
        return answer
    sentence = only_other_sentence(answer.citations)
    if answer.answer.startswith(sentence):
        return answer
    return answer.model_copy(update={"answer": f"{sentence}\n\n{answer.answer}", "note": sentence})
