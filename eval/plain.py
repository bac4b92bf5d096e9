"""The plain pipeline every report sets our numbers beside.

What a first LangChain tutorial builds: RecursiveCharacterTextSplitter at 1000 characters with
200 overlap, a Chroma store of the same embedding model in cosine space, the top 4 passages by
dense similarity, and the first of them shown as the answer. It never declines to answer and
its answer carries no citation markers: that is what "plain" means here.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.embedding import ChromaEmbeddingFunction, Encoder
from assistant.models import Source

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


@dataclass(frozen=True)
class PlainAnswer:
    answer: str
    retrieved: list[str]  # source id of each retrieved passage, best first
    latency_ms: float


class PlainPipeline:
    """Split, embed and search the same documents the assistant holds, in a throwaway store."""

    def __init__(self, sources: list[Source], encoder: Encoder, folder: Path | None = None) -> None:
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="plain-chroma-")
        path = folder or Path(self._tmp.name)  # type: ignore[union-attr]
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP
        )
        documents = splitter.split_documents(
            [Document(page_content=s.text, metadata={"source_id": s.id}) for s in sources]
        )
        self.client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self.client.create_collection(
            "plain",
            embedding_function=ChromaEmbeddingFunction(encoder.embeddings),
            configuration={"hnsw": {"space": "cosine"}},
        )
        self.store = Chroma(
            client=self.client,
            collection_name="plain",
            embedding_function=encoder.embeddings,
            create_collection_if_not_exists=False,
        )
        self.store.add_documents(documents, ids=[f"chunk-{i:05d}" for i in range(len(documents))])
        self.chunks = len(documents)

    def ask(self, question: str) -> PlainAnswer:
        started = time.perf_counter()
        found = self.store.similarity_search(question, k=TOP_K)
        elapsed = (time.perf_counter() - started) * 1000
        return PlainAnswer(
            answer=found[0].page_content if found else "",
            retrieved=[d.metadata["source_id"] for d in found],
            latency_ms=elapsed,
        )

    def close(self) -> None:
        self.client.clear_system_cache()
        if self._tmp is not None:
            self._tmp.cleanup()
