"""The one `Assistant` the CLI, the Streamlit chat and the API share.

It holds the embedding model (loaded once per process) and the current index version, and
reopens the index when an ingest has switched the pointer to a new version, so long-running
interfaces pick up new documents without a restart.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from langchain_core.language_models import BaseChatModel

from assistant.analysis.bodies import Directory
from assistant.analysis.stance import load_topics
from assistant.answer.chain import build_chain
from assistant.answer.compose import CorpusNames
from assistant.answer.fluent import connect, pieces
from assistant.answer.opinions import ViewAnswerer
from assistant.answer.questions import clean_question
from assistant.answer.retrieval import Filters, LoadedIndex
from assistant.config import Settings
from assistant.embedding import Encoder, load_embeddings
from assistant.index.positions import select_rows
from assistant.index.stores import ChromaServer
from assistant.index.versions import current_folder
from assistant.ingest.builder import Ingestor
from assistant.models import Answer, PositionRow, Source


class Assistant:
    """Answers questions from the current index version."""

    def __init__(
        self, settings: Settings, encoder: Encoder, chat_model: BaseChatModel | None = None
    ) -> None:
        self.settings = settings
        self.encoder = encoder
        # The model for fluent answers: passed in (tests), or the configured endpoint, or none.
        self.chat_model = chat_model or connect(settings)
        self.directory = Directory.load(settings.knowledge_dir / "bodies.yaml")
        self.topics = load_topics(settings.knowledge_dir / "topics.yaml")
        self._lock = threading.Lock()
        self._loaded: tuple[Path, LoadedIndex, object, Directory] | None = None

    @functools.cached_property
    def topic_vectors(self) -> np.ndarray:
        """Embedded on first use, so an ingest with nothing to embed never loads the model."""
        labels = [f"{t.label}: {t.description}" for t in self.topics]
        return np.asarray(self.encoder.documents(labels), dtype=np.float32)

    def ingestor(self) -> Ingestor:
        return Ingestor(self.settings, self.encoder)

    def _current(self) -> tuple[LoadedIndex, object, Directory]:
        folder = current_folder(self.settings.index_dir)
        with self._lock:
            if self._loaded is None or self._loaded[0] != folder:
                index = LoadedIndex(folder, ChromaServer.from_settings(self.settings))
                # the index's documents may define short names for bodies ("IPEP")
                directory = self.directory.with_names(index.data.manifest.get("names") or {})
                views = ViewAnswerer(index.data, directory, self.topics, self.topic_vectors)
                names = CorpusNames(index.data, {**directory.names, **directory.people})
                chain = build_chain(
                    index, self.encoder, names, views, self.settings, self.chat_model
                )
                self._loaded = (folder, index, chain, directory)
            return self._loaded[1], self._loaded[2], self._loaded[3]

    @property
    def index(self) -> LoadedIndex:
        return self._current()[0]

    @property
    def chain(self) -> object:
        """The LangChain runnable answering questions on the current index."""
        return self._current()[1]

    def sources(self) -> list[Source]:
        return list(self.index.data.sources.values())

    def passage_counts(self) -> dict[str, int]:
        """How many passages of each source the index holds (for listing the documents)."""
        data = self.index.data
        counts = dict.fromkeys(data.sources, 0)
        for passage in data.passages:
            counts[passage.source_id] = counts.get(passage.source_id, 0) + 1
        return counts

    def bodies(self) -> list[str]:
        """Every sector body some indexed sentence is attributed to, for filtering answers."""
        return sorted({s.body for p in self.index.data.passages for s in p.sentences if s.body})

    def positions(self, topic: str | None = None, body: str | None = None) -> list[PositionRow]:
        """The positions table of the current index, for one topic and/or body (by any alias)."""
        index, _, directory = self._current()
        return select_rows(index.data.positions, directory, topic, body)

    def ask(
        self, question: str, filters: Filters | None = None, history: Sequence[str] = ()
    ) -> Answer:
        """Answer one question; raises QuestionError for input that cannot be asked.

        `history` is the officer's earlier questions in this conversation, oldest first, so a
        follow-up such as "and what about the LGA?" is read in their light. The caller keeps
        the conversation, so any number of processes can serve it.
        """
        text = clean_question(question, self.settings.max_question_chars)
        earlier = [clean_question(h, self.settings.max_question_chars) for h in history]
        _, chain, _ = self._current()
        return chain.invoke(  # type: ignore[attr-defined]
            {"question": text, "filters": filters or Filters(), "history": earlier}
        )

    def ask_many(self, questions: list[str]) -> list[Answer]:
        _, chain, _ = self._current()
        cleaned = [clean_question(q, self.settings.max_question_chars) for q in questions]
        return chain.batch([{"question": q, "history": []} for q in cleaned])  # type: ignore[attr-defined]

    def stream(
        self, question: str, filters: Filters | None = None, history: Sequence[str] = ()
    ) -> Iterator[str | Answer]:
        """The answer text as it is written, then the whole Answer.

        An extractive answer comes line by line. A model's answer is streamed from the endpoint
        but held back until it has passed the grounding checks (assistant.answer.fluent says
        why), then comes word by word; if it fails, the extractive answer comes instead, never both.
        """
        answer = self.ask(question, filters, history)
        if answer.mode == "llm":
            yield from pieces(answer.answer)
        else:
            yield from answer.answer.splitlines(keepends=True)
        yield answer


@functools.cache
def shared_encoder() -> Encoder:
    """The embedding model, loaded once per process however many assistants are built."""
    return Encoder(load_embeddings)  # loaded on first use


def build_assistant(settings: Settings | None = None) -> Assistant:
    """The assistant with the real model: the one place settings become collaborators."""
    settings = settings or Settings()
    return Assistant(settings, shared_encoder())
