"""The two search stores of an index version: a Chroma collection and a BM25 index.

Both are written once and only read afterwards. Chroma always gets our vectors and our
embedding function, cosine space, telemetry off (docs/architecture.md, section 2).

Chroma lives in one of two places. By default each version folder holds its own embedded Chroma
(`chroma/`). With ASSISTANT_CHROMA_HOST set, one Chroma server (`chroma run`) holds every
version as a collection named after its folder (`passages-v-<time>-<hash>`), so several API
workers on several machines can share it; the version folder, the CURRENT pointer and pruning
work as before, and pruning also drops the collections of pruned versions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import bm25s
import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.config import Settings
from assistant.embedding import ChromaEmbeddingFunction
from assistant.errors import IndexUnavailable
from assistant.index.versions import COLLECTION, IndexData, load_data, version_of

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


def search_terms(text: str) -> list[str]:
    """Lower-cased content words with a light plural fold, shared by indexing and queries."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


@dataclass(frozen=True)
class ChromaServer:
    """Where a shared Chroma server listens (`chroma run --host ... --port ...`)."""

    host: str
    port: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaServer | None:
        """The configured server, or None for a Chroma inside each version folder."""
        return cls(settings.chroma_host, settings.chroma_port) if settings.chroma_host else None

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def chroma_client(folder: Path, server: ChromaServer | None = None) -> chromadb.ClientAPI:
    """A client for the version in `folder`: its own embedded Chroma, or the shared server."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if server is None:
        return chromadb.PersistentClient(path=str(folder / "chroma"), settings=settings)
    try:
        return chromadb.HttpClient(host=server.host, port=server.port, settings=settings)
    except ValueError:  # chromadb's "Could not connect to a Chroma server"
        raise IndexUnavailable(
            f"the Chroma server at {server} cannot be reached; start it or check "
            "ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT"
        ) from None


def collection_name(folder: Path, server: ChromaServer | None) -> str:
    """One name inside a version's own Chroma; on a shared server, the version's name."""
    return COLLECTION if server is None else f"{COLLECTION}-{version_of(folder)}"


def prune_collections(root: Path, server: ChromaServer | None) -> None:
    """Drop server collections whose version folder is gone (pruned, or a failed build)."""
    if server is None:
        return
    client = chroma_client(root, server)
    kept = {collection_name(folder, server) for folder in root.glob("v-*") if folder.is_dir()}
    for collection in client.list_collections():
        if collection.name.startswith(f"{COLLECTION}-v-") and collection.name not in kept:
            client.delete_collection(collection.name)


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
    if source.about:  # another policy paper, so a search can leave it out
        meta["about"] = source.about
    return meta


def write_stores(
    folder: Path, data: IndexData, server: ChromaServer | None = None, batch: int = 2000
) -> None:
    client = chroma_client(folder, server)
    name = collection_name(folder, server)
    collection = client.create_collection(
        name,
        embedding_function=ChromaEmbeddingFunction(),
        configuration={"hnsw": {"space": "cosine"}},
    )
    try:
        for lo in range(0, len(data.passages), batch):
            hi = min(lo + batch, len(data.passages))
            collection.add(
                ids=[p.id for p in data.passages[lo:hi]],
                embeddings=data.passage_vectors[lo:hi],
                metadatas=[passage_metadata(data, i) for i in range(lo, hi)],
                documents=[p.text for p in data.passages[lo:hi]],
            )
    except BaseException:
        if server is not None:  # a folder's own Chroma goes with the folder
            client.delete_collection(name)
        raise
    bm25 = bm25s.BM25()
    bm25.index(
        [search_terms(p.text + " " + (p.section or "")) or ["_"] for p in data.passages],
        show_progress=False,
    )
    bm25.save(str(folder / "bm25"))


class SearchStores:
    """Read side of a version's stores, opened once per process and version."""

    def __init__(self, folder: Path, server: ChromaServer | None = None) -> None:
        self.client = chroma_client(folder, server)
        name = collection_name(folder, server)
        try:
            self.collection = self.client.get_collection(
                name, embedding_function=ChromaEmbeddingFunction()
            )
        except NotFoundError:
            where = f"the Chroma server at {server}" if server else str(folder)
            raise IndexUnavailable(
                f"{where} has no collection {name}; rebuild it with 'python -m assistant ingest'"
            ) from None
        self.bm25 = bm25s.BM25.load(str(folder / "bm25"))

    def dense(self, vector: np.ndarray, k: int, where: dict | None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) for the k nearest passages.

        Only ids and distances: the passages' text and metadata are already in memory, and
        fetching them again from Chroma's SQLite made a search 12 times slower (6 ms, not 0.5).
        """
        found = self.collection.query(
            query_embeddings=vector[None, :], n_results=k, where=where, include=["distances"]
        )
        return [
            (pid, 1.0 - float(distance))
            for pid, distance in zip(found["ids"][0], found["distances"][0], strict=True)
        ]

    def lexical(self, query: str) -> np.ndarray:
        """BM25 score of every passage, in index order."""
        words = search_terms(query)
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


class LoadedIndex:
    """One index version in memory with its stores open: what the answer path reads."""

    def __init__(self, folder: Path, server: ChromaServer | None = None) -> None:
        self.folder = folder
        self.data = load_data(folder)
        try:
            self.stores = SearchStores(folder, server)
        except IndexUnavailable:
            raise
        except Exception as exc:  # noqa: BLE001 (any damage to the stores reads the same to users)
            raise IndexUnavailable(
                f"the search stores of {folder.name} cannot be opened ({type(exc).__name__}); "
                "rebuild them with 'python -m assistant ingest'"
            ) from None

    @property
    def version(self) -> str:
        return self.data.version
