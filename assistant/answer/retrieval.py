"""Hybrid retrieval: Chroma (dense) and BM25 (lexical), fused by rank, spread across sources.

Dense search finds paraphrases ("money" for "funding"); BM25 finds exact names and numbers
("section 75", "NHS Providers") that MiniLM blurs. Reciprocal rank fusion needs no score
calibration between the two. A source that has already supplied passages is gently penalised so
that one long article cannot crowd out a short response.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.embedding import Encoder
from assistant.index.stores import LoadedIndex, passage_metadata
from assistant.index.versions import IndexData
from assistant.models import Filters
from assistant.timing import Stopwatch

RRF_K = 60
SOURCE_PENALTY = 0.35


@dataclass(frozen=True)
class Hit:
    index: int  # position of the passage in IndexData.passages
    score: float  # fused score after the source penalty
    dense: float  # cosine similarity of passage and question (0 when only BM25 found it)


def prefer_official(data: IndexData, fused: dict[int, float]) -> dict[int, float]:
    """Set the digest aside once the official white paper is found for a question.

    The digest stands in for the white paper until its official text is added. From then on,
    whenever any white-paper passage is a candidate, digest passages are dropped, so answers
    quote the official wording; the digest still answers what the official text never matches.
    Only CP 573's own text counts: another white paper (`Source.about`) is not its official text.
    """
    if not any(
        data.passages[i].kind == "white-paper"
        and not data.sources[data.passages[i].source_id].about
        for i in fused
    ):
        return fused
    return {i: score for i, score in fused.items() if data.passages[i].kind != "digest"}


def search(
    index: LoadedIndex,
    encoder: Encoder,
    query: str,
    k: int,
    candidates: int,
    filters: Filters = Filters(),
    clock: Stopwatch | None = None,
) -> list[Hit]:
    """The k best passages for a query, fused and diversified; `clock` times each step."""
    clock = clock or Stopwatch()
    data = index.data
    with clock.lap("embed"):
        vector = encoder.query(query)
    where = {"kind": {"$in": list(filters.kinds)}} if filters.kinds else None
    widen = 4 if filters.bodies else 1
    with clock.lap("dense"):
        found = index.stores.dense(vector, min(candidates * widen, len(data.passages)), where)
    dense = [(data.by_id[pid], sim) for pid, sim in found if pid in data.by_id]
    dense = [(i, sim) for i, sim in dense if filters.allows(data.passages[i])][:candidates]
    with clock.lap("bm25"):
        bm25 = index.stores.best_lexical(query, candidates * widen * 2)
    bm25 = [i for i in bm25 if filters.allows(data.passages[i])][:candidates]

    fused: dict[int, float] = {}
    for ranking in ([i for i, _ in dense], bm25):
        for rank, i in enumerate(ranking):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
    similarity = dict(dense)
    fused = prefer_official(data, fused)

    chosen: list[Hit] = []
    per_source: dict[str, int] = {}
    remaining = dict(fused)
    while remaining and len(chosen) < k:

        def adjusted(i: int) -> float:
            seen = per_source.get(data.passages[i].source_id, 0)
            return remaining[i] / (1 + SOURCE_PENALTY * seen)

        best = max(remaining, key=lambda i: (adjusted(i), -i))
        chosen.append(Hit(best, adjusted(best), similarity.get(best, 0.0)))
        source_id = data.passages[best].source_id
        per_source[source_id] = per_source.get(source_id, 0) + 1
        del remaining[best]
    return chosen


class HybridRetriever(BaseRetriever):
    """The hybrid search as a LangChain retriever, returning passages as Documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: LoadedIndex
    encoder: Encoder
    k: int = 8
    candidates: int = 30
    filters: Filters = Filters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = search(self.index, self.encoder, query, self.k, self.candidates, self.filters)
        data = self.index.data
        return [
            Document(
                id=data.passages[h.index].id,
                page_content=data.passages[h.index].text,
                metadata={**passage_metadata(data, h.index), "score": h.score, "dense": h.dense},
            )
            for h in hits
        ]


def unheard_sources(data: IndexData) -> frozenset[str]:
    """Responses and commentary no body is heard in (added with no body they speak for, so none
    of their sentences is a body's statement). The views routes search only statements, so a
    question asked across bodies whose best passage is of one of these would pass over the very
    document it is about: the evidence answers it instead."""
    heard = {p.source_id for p in data.passages if any(s.body for s in p.sentences)}
    return frozenset(
        sid
        for sid, source in data.sources.items()
        if sid not in heard and source.kind not in ("white-paper", "digest", "news")
    )
