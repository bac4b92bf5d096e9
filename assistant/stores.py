"""The two search stores of an index version: a Chroma collection and a BM25 index.

Both are written once into a version folder and only read afterwards. Chroma always gets our
vectors and our embedding function, cosine space, telemetry off (design.md section 3).
"""

from __future__ import annotations

import re
from pathlib import Path

import bm25s
import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.embedding import ChromaEmbeddingFunction
from assistant.index import COLLECTION, IndexData

_STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom
    why will with would you your yours yourself yourselves say said says think thinks view views
    tell me please""".split()
)
_WORD = re.compile(r"[a-z0-9£]+(?:[-'’][a-z0-9]+)*")


def terms(text: str) -> list[str]:
    """Lower-cased content words with a light plural fold, shared by indexing and queries."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def chroma_client(folder: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(
        path=str(folder / "chroma"),
        settings=ChromaSettings(anonymized_telemetry=False, allow_reset=False),
    )


def passage_metadata(data: IndexData, i: int) -> dict[str, str | int]:
    passage = data.passages[i]
    source = data.sources[passage.source_id]
    meta: dict[str, str | int] = {
        "passage_id": passage.id,
        "source_id": source.id,
        "title": source.title,
        "kind": passage.kind,
        "start": passage.start,
        "end": passage.end,
        "bodies": "|".join(passage.bodies),
    }
    for key in ("publisher", "author", "date", "url"):
        if getattr(source, key):
            meta[key] = getattr(source, key)
    if passage.section:
        meta["section"] = passage.section
    return meta


def write_stores(folder: Path, data: IndexData, batch: int = 2000) -> None:
    client = chroma_client(folder)
    collection = client.create_collection(
        COLLECTION,
        embedding_function=ChromaEmbeddingFunction(),
        configuration={"hnsw": {"space": "cosine"}},
    )
    for lo in range(0, len(data.passages), batch):
        hi = min(lo + batch, len(data.passages))
        collection.add(
            ids=[p.id for p in data.passages[lo:hi]],
            embeddings=data.passage_vectors[lo:hi],
            metadatas=[passage_metadata(data, i) for i in range(lo, hi)],
            documents=[p.text for p in data.passages[lo:hi]],
        )
    bm25 = bm25s.BM25()
    bm25.index(
        [terms(p.text + " " + (p.section or "")) or ["_"] for p in data.passages],
        show_progress=False,
    )
    bm25.save(str(folder / "bm25"))


class SearchStores:
    """Read side of a version's stores, opened once per process and version."""

    def __init__(self, folder: Path, embeddings: Embeddings) -> None:
        self.client = chroma_client(folder)
        self.vectorstore = Chroma(
            client=self.client,
            collection_name=COLLECTION,
            embedding_function=embeddings,
            create_collection_if_not_exists=False,
        )
        self.bm25 = bm25s.BM25.load(str(folder / "bm25"))

    def dense(self, vector: np.ndarray, k: int, where: dict | None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) for the k nearest passages."""
        hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            vector.tolist(), k=k, filter=where
        )
        return [(doc.metadata["passage_id"], float(score)) for doc, score in hits]

    def lexical(self, query: str) -> np.ndarray:
        """BM25 score of every passage, in index order."""
        words = terms(query)
        if not words:
            return np.zeros(self.bm25.scores["num_docs"], dtype=np.float32)
        return np.asarray(self.bm25.get_scores(words), dtype=np.float32)

    def best_lexical(self, query: str, n: int) -> list[int]:
        """Indices of the n best BM25 passages with any score, best first (ties: index order).

        A partial sort: at 100k passages a full argsort of every score costs more than BM25.
        """
        scores = self.lexical(query)
        n = min(n, len(scores))
        if n <= 0:
            return []
        picked = np.arange(len(scores))
        if n < len(scores):
            cut = np.partition(scores, len(scores) - n)[len(scores) - n]
            above = np.flatnonzero(scores > cut)
            picked = np.concatenate([above, np.flatnonzero(scores == cut)[: n - len(above)]])
        picked = picked[np.lexsort((picked, -scores[picked]))]
        return [int(i) for i in picked if scores[i] > 0]
