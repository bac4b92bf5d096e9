"""The one `Assistant` the CLI, the Streamlit chat and the API share.

It holds the embedding model (loaded once per process) and the current index version, and
reopens the index when an ingest has switched the pointer to a new version, so long-running
interfaces pick up new documents without a restart.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable

from assistant.analysis.bodies import Directory
from assistant.analysis.policies import POLICIES_FILE, Policies
from assistant.analysis.topics import load_topics
from assistant.answer.chain import Readers, build_chain
from assistant.answer.fluent import connect, pieces
from assistant.answer.query import known_people
from assistant.answer.questions import clean_question
from assistant.answer.timeline import Milestone, milestones
from assistant.config import Settings
from assistant.embedding import Encoder, load_embeddings
from assistant.index.catalogue import DocumentRow, catalogue
from assistant.index.positions import select_rows
from assistant.index.stores import ChromaServer, LoadedIndex
from assistant.index.versions import IndexData, current_folder, load_data
from assistant.ingest.builder import Ingestor
from assistant.ingest.documents import MAX_FILE_BYTES, SUFFIXES, read_document
from assistant.models import Answer, Filters, PositionRow, Source

# What the interfaces need from the stages, reached through here (docs/architecture.md).
__all__ = [
    "MAX_FILE_BYTES",
    "SUFFIXES",
    "Assistant",
    "IndexSession",
    "build_assistant",
    "policy_papers",
    "read_document",
    "shared_encoder",
    "topic_labels",
]


@dataclass(frozen=True)
class IndexSession:
    """One index version as the interfaces use it: what it holds and who it names.

    Opening one reads the version's files but loads no model and opens no store, so listing
    documents, dates and positions stays quick; the Assistant keeps one beside its chain.
    """

    folder: Path
    data: IndexData
    directory: Directory  # bodies.yaml plus the short names this version's documents define

    @classmethod
    def open(cls, settings: Settings, directory: Directory | None = None) -> IndexSession:
        """The current version; raises IndexUnavailable when there is none or it is unreadable."""
        folder = current_folder(settings.index_dir)
        return cls.of(folder, load_data(folder), directory or Directory.load(settings.bodies_file))

    @classmethod
    def of(cls, folder: Path, data: IndexData, directory: Directory) -> IndexSession:
        # the index's documents may define short names for bodies ("IPEP")
        return cls(folder, data, directory.with_names(data.manifest.get("names") or {}))

    def sources(self) -> list[Source]:
        return list(self.data.sources.values())

    def catalogue(self) -> list[DocumentRow]:
        """Every document held: shipped ones first, then added ones, newest last."""
        return catalogue(self.data)

    def passage_counts(self) -> dict[str, int]:
        """How many passages of each source the index holds (for listing the documents)."""
        counts = dict.fromkeys(self.data.sources, 0)
        for passage in self.data.passages:
            counts[passage.source_id] = counts.get(passage.source_id, 0) + 1
        return counts

    def bodies(self) -> list[str]:
        """Every sector body some indexed sentence is attributed to, for filtering answers."""
        return sorted({s.body for p in self.data.passages for s in p.sentences if s.body})

    def quoted_bodies(self) -> list[str]:
        """The bodies the positions table holds a row for."""
        return sorted({r.body for r in self.data.positions})

    def positions(self, topic: str | None = None, body: str | None = None) -> list[PositionRow]:
        """The positions table, for one topic and/or body (by any alias)."""
        return select_rows(self.data.positions, self.directory, topic, body)

    def milestones(self) -> list[Milestone]:
        """The white paper's dated commitments, earliest first."""
        return milestones(self.data.sources.values())


@dataclass(frozen=True)
class _Opened:
    session: IndexSession
    index: LoadedIndex
    chain: Runnable


class Assistant:
    """Answers questions from the current index version."""

    def __init__(
        self, settings: Settings, encoder: Encoder, chat_model: BaseChatModel | None = None
    ) -> None:
        self.settings = settings
        self.encoder = encoder
        # The model for fluent answers: passed in (tests), or the configured endpoint, or none.
        self.chat_model = chat_model or connect(settings)
        self.directory = Directory.load(settings.bodies_file)
        self.topics = load_topics(settings.topics_file)
        self._lock = threading.Lock()
        self._opened: _Opened | None = None

    @functools.cached_property
    def topic_vectors(self) -> np.ndarray:
        """Embedded on first use, so an ingest with nothing to embed never loads the model."""
        labels = [f"{t.label}: {t.description}" for t in self.topics]
        return np.asarray(self.encoder.documents(labels), dtype=np.float32)

    @property
    def topic_labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.topics}

    def ingestor(self) -> Ingestor:
        return Ingestor(self.settings, self.encoder)

    def _current(self) -> _Opened:
        """The open version, reopened when an ingest has switched the pointer since."""
        folder = current_folder(self.settings.index_dir)
        with self._lock:
            if self._opened is None or self._opened.session.folder != folder:
                index = LoadedIndex(folder, ChromaServer.from_settings(self.settings))
                session = IndexSession.of(folder, index.data, self.directory)
                self._opened = _Opened(session, index, self._chain(index, session.directory))
            return self._opened

    def _chain(self, index: LoadedIndex, directory: Directory) -> Runnable:
        readers = Readers(directory, self.topics, self.topic_labels, self._people(index.data))
        return build_chain(index, self.encoder, readers, self.settings, self.chat_model)

    def _people(self, data: IndexData) -> dict[str, str]:
        """Everyone a question may name: bodies.yaml's people, then the index's speakers."""
        speakers = {
            s.speaker: s.body for p in data.passages for s in p.sentences if s.speaker and s.body
        }
        return {**speakers, **known_people(self.settings.bodies_file)}

    @property
    def session(self) -> IndexSession:
        return self._current().session

    @property
    def index(self) -> LoadedIndex:
        return self._current().index

    @property
    def chain(self) -> Runnable:
        """The LangChain runnable answering questions on the current index."""
        return self._current().chain

    def sources(self) -> list[Source]:
        return self.session.sources()

    def passage_counts(self) -> dict[str, int]:
        return self.session.passage_counts()

    def bodies(self) -> list[str]:
        return self.session.bodies()

    def positions(self, topic: str | None = None, body: str | None = None) -> list[PositionRow]:
        return self.session.positions(topic, body)

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
        return self.chain.invoke(
            {"question": text, "filters": filters or Filters(), "history": earlier}
        )

    def ask_many(self, questions: list[str]) -> list[Answer]:
        cleaned = [clean_question(q, self.settings.max_question_chars) for q in questions]
        return self.chain.batch([{"question": q, "history": []} for q in cleaned])

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


def policy_papers(settings: Settings) -> dict[str, str]:
    """The papers a document may be about, id -> how officers read it, CP 573 first: the
    choices offered when a document is added (knowledge/policies.yaml)."""
    path = settings.knowledge_dir / POLICIES_FILE
    policies = Policies.load(path) if path.exists() else Policies.load()
    subject = policies.subject
    first = {subject.id: f"{subject.short[:1].upper()}{subject.short[1:]}, {subject.published}"}
    return {**first, **{p.id: p.display for p in policies.others}}


def topic_labels(settings: Settings) -> dict[str, str]:
    """Topic ids and their labels, read without loading a model or an index."""
    return {t.id: t.label for t in load_topics(settings.topics_file)}
