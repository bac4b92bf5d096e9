"""The LCEL chain: question -> analyse -> retrieve -> compose -> Answer (`invoke`, `batch`).

Input is a dict with `question` (already cleaned), optional `filters` and `history` (earlier
questions of the conversation); output is an `Answer`. The question is read once into a `Query`
(assistant.answer.query) and everything after follows from it: questions about views are
answered from a search of the named bodies' own statements (assistant.answer.opinions), a
question about a person from what the documents say of them (assistant.answer.people), and
every other question from the sentences that best answer it. A chat model, if configured,
rewrites the answer fluently, kept only if it passes the grounding checks (answer.fluent).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import Topic
from assistant.answer.authors import asks_who_wrote, authorship_answer
from assistant.answer.compose import CorpusNames, normalise, not_covered, write_answer
from assistant.answer.dated import DatedSubjects, proposals_by_date
from assistant.answer.evidence import (
    Evidence,
    PaperSentences,
    TermWeights,
    select_evidence,
    without_the_paper,
)
from assistant.answer.expected import Expected, missing_kind
from assistant.answer.fluent import FluentWriter
from assistant.answer.grounding import StanceChecker
from assistant.answer.named_documents import DocumentNames, document_hits, names_a_document
from assistant.answer.opinions import OpinionAnswerer
from assistant.answer.other_policy import covers, flagged_as_other, split_hits
from assistant.answer.people import PersonAnswerer
from assistant.answer.point import PointWords
from assistant.answer.query import Query, QuestionAnalyser
from assistant.answer.question_forms import (
    asks_who_speaks_for,
    asks_whom_they_speak_for,
    compares_two,
)
from assistant.answer.question_intent import QUESTION_INTENT_FILE, QuestionIntents
from assistant.answer.question_topics import QUESTION_TOPICS_FILE, QuestionTopics
from assistant.answer.questions import mostly_latin, without_instructions
from assistant.answer.retrieval import Hit, search, unheard_sources
from assistant.answer.spelling import Vocabulary, english_words
from assistant.answer.statements import BodyStatements
from assistant.answer.timeline import (
    dates_allowed,
    milestones,
    timeline_answer,
    wants_timeline,
    with_milestones,
)
from assistant.answer.unanswered import refused_by_shape, unanswered_reason
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.index.stores import LoadedIndex, search_terms
from assistant.models import Answer, Filters
from assistant.timing import Stopwatch

VIEW_INTENTS = ("body-view", "agreement", "which-bodies", "overview")
SCOPED_RELEVANCE = 0.5  # the share of the floor a sentence of a document asked about must reach
# How close (cosine) a topic's label and description must be to an unanswered question for
# the refusal to name it as the nearest subject the documents cover.
NEAREST_TOPIC = 0.3


@dataclass(frozen=True)
class Readers:
    """What one index version knows that answers need: bodies, topics and the people quoted."""

    directory: Directory
    topics: Sequence[Topic]
    topic_labels: dict[str, str]
    people: dict[str, str]  # full name -> body: bodies.yaml's people and the index's speakers


@dataclass
class _Composer:
    """Turns an analysed, retrieved question into an Answer; one per index version."""

    index: LoadedIndex
    encoder: Encoder
    names: CorpusNames
    opinions: OpinionAnswerer
    people: PersonAnswerer
    settings: Settings
    weights: TermWeights
    paper: PaperSentences
    documents: DocumentNames
    expected: Expected
    topics: Sequence[Topic] = ()
    _topic_vectors: np.ndarray | None = None
    _unheard: frozenset[str] | None = None

    def compose(self, inputs: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        answer = flagged_as_other(self.route(inputs))
        compose_ms = (time.perf_counter() - started) * 1000
        answer.timings_ms = {
            **inputs["clock"].rounded(),  # analyse, embed, dense, bm25 and (if chosen) evidence
            "retrieve": round(inputs["retrieve_ms"], 2),
            "compose": round(compose_ms, 2),
            "total": round(inputs["retrieve_ms"] + compose_ms, 2),
        }
        return answer

    def route(self, inputs: dict[str, Any]) -> Answer:
        """The answer the analysis calls for, falling back to the sentences that answer it."""
        question, query, meant = inputs["question"], inputs["query"], inputs["meant"]
        filters: Filters = inputs.get("filters") or Filters()
        data = self.index.data
        if not mostly_latin(question):
            return not_covered(question, data, "I can only answer questions asked in English.")
        vector = inputs["vector"]
        if (why := refused_by_shape(meant, query.intent, data)) is not None:
            return not_covered(question, data, why, self.nearest(vector))
        query = self._as_view(query)
        if asks_who_wrote(meant) and (written := self.documents.named(meant)):
            by = authorship_answer(question, written, data, self.opinions.directory)
            if by is not None:
                return by
        scoped, filters, meant = self._scope(query, meant, filters)
        if scoped:
            return self._from_documents(question, meant, vector, inputs, filters, query, scoped)
        missing = self.names.missing(meant)
        if query.intent in VIEW_INTENTS and self._person_asked(query, meant) is None:
            asked = query.with_missing(missing)
            across = query.intent in ("which-bodies", "overview")
            if (asked.bodies or across) and not (across and self._unheard_first(inputs)):
                viewed = self.opinions.answer(question, meant, asked, vector, filters)
                if viewed is not None:
                    return viewed
        if missing:
            absent = " or ".join(missing)
            return not_covered(question, data, f"None of the documents I hold mentions {absent}.")
        person = self._person_asked(query, meant)
        if person is not None:
            found = self.people.answer(question, person, vector)
            if found is not None:
                return found
        if (
            dates_allowed(filters)
            and wants_timeline(meant)
            and (timeline := timeline_answer(question, data)) is not None
        ):
            return timeline
        return self.from_evidence(question, meant, vector, inputs, filters, query.intent)

    def _unheard_first(self, inputs: dict[str, Any]) -> bool:
        """Whether the best passage is of a response no body is heard in (see unheard_sources)."""
        if self._unheard is None:
            self._unheard = unheard_sources(self.index.data)
        hits: list[Hit] = inputs.get("hits") or []
        return bool(hits) and self.index.data.passages[hits[0].index].source_id in self._unheard

    def nearest(self, vector: np.ndarray) -> str | None:
        """The topic nearest a question the documents do not answer, for the refusal to name
        (lower-cased, "pooled budgets"), or None when no topic is near (NEAREST_TOPIC)."""
        if not self.topics:
            return None
        if self._topic_vectors is None:
            labels = [f"{t.label}: {t.description}" for t in self.topics]
            self._topic_vectors = np.stack([self.encoder.query(text) for text in labels])
        similarity = self._topic_vectors @ vector
        best = int(np.argmax(similarity))
        if similarity[best] < NEAREST_TOPIC or self.topics[best].id == "overall":
            return None
        return self.topics[best].label[:1].lower() + self.topics[best].label[1:]

    def _scope(
        self, query: Query, meant: str, filters: Filters
    ) -> tuple[list[str], Filters, str]:
        """The documents a question names, to answer from alone, and the filters for the rest.

        A body's own document asked for its view ("what does the LGA briefing say about
        pooling?") is answered from the body's statements in that document; a body named
        with no kind of text ("what does the Lowdown say?") is any question about the body.
        """
        if query.intent in ("agreement", "which-bodies", "person"):
            return [], filters, meant
        scoped = self.documents.named(meant)
        if scoped and self._publisher_speaks(scoped):
            if not names_a_document(meant):
                return [], filters, meant
            if query.intent in VIEW_INTENTS:  # searched without its naming of the document
                asked = self.documents.without_naming(meant)
                return [], replace(filters, sources=tuple(scoped)), asked
        return scoped, filters, meant

    def _from_documents(
        self,
        question: str,
        meant: str,
        vector: np.ndarray,
        inputs: dict[str, Any],
        filters: Filters,
        query: Query,
        scoped: list[str],
    ) -> Answer:
        """The answer from the named documents' own sentences, whoever they quote, searched
        with the question less its naming of the documents."""
        asked = self.opinions.directory.without_names(self.documents.without_naming(meant, scoped))
        if len(search_terms(asked)) >= 2:
            vector = np.asarray(self.encoder.query(asked))
            meant = asked
        inputs = {**inputs, "hits": document_hits(self.index.data, scoped, vector)}
        return self.from_evidence(
            question, meant, vector, inputs, filters, query.intent, scoped=True
        )

    def _publisher_speaks(self, sources: list[str]) -> bool:
        """Whether the named documents' publisher is a body with statements of its own."""
        speaking = set(self.opinions.statements.bodies)
        for source_id in sources:
            publisher = self.index.data.sources[source_id].publisher or ""
            if self.documents.body_of.get(source_id, publisher) in speaking:
                return True
        return False

    def _person_asked(self, query: Query, meant: str) -> str | None:
        """The person a question is about: one it names and asks who they are or whom they
        speak for ("which party is she speaking for?"), or, for "who responded for X?", the
        person who speaks for body X most often in the documents."""
        asks_who = asks_whom_they_speak_for(meant)
        if query.people and (query.intent == "person" or asks_who):
            return query.people[0]
        if len(query.bodies) == 1 and not query.people and asks_who_speaks_for(meant):
            return self.people.speaker_for(query.bodies[0])
        return None

    def _as_view(self, query: Query) -> Query:
        """A fact question naming a body that speaks in the documents asks what it said
        ("What questions does the CfGS raise about ..."); regulators and the government are
        named in facts about the proposals, so they do not count."""
        speaking = set(self.opinions.statements.bodies)
        named = [b for b in query.bodies if b in speaking]
        if query.intent == "which-bodies" and len(named) >= 2 and compares_two(query.text):
            # "which is more critical, the Lowdown or the BHTA?" compares the two named
            return query.model_copy(update={"intent": "agreement"})
        if query.intent != "fact":
            return query
        directory = self.opinions.directory
        for body in query.bodies:
            regulator = directory.kinds.get(body) == "regulator"
            if body in speaking and not regulator and not directory.is_government(body):
                return query.model_copy(update={"intent": "body-view"})
        return query

    def from_evidence(
        self,
        question: str,
        meant: str,
        vector: np.ndarray,
        inputs: dict[str, Any],
        filters: Filters,
        intent: str = "fact",
        scoped: bool = False,
    ) -> Answer:
        """The answer from the sentences that best answer the question (only the `hits`' own,
        when `scoped`: the question named the documents).

        Documents about CP 573 answer it if any of them covers the point; a document about
        another policy paper is quoted only when none does, and the answer then says so first
        (assistant.answer.other_policy).
        """
        data, settings = self.index.data, self.settings
        elsewhere: list[Evidence] = []
        with inputs["clock"].lap("evidence"):
            focus = without_the_paper(meant)
            if focus != meant and len(search_terms(focus)) >= 2:
                # half the question as asked, half without the paper's name in it
                vector = (vector + np.asarray(self.encoder.query(focus))) / 2
            hits = inputs["hits"]
            if not scoped:
                hits = [*hits, *self.paper.hits(vector, filters, hits)]
            subject, other = split_hits(data, hits)

            def choose(found: list[Hit], floor: float, cap: int | None = None) -> list[Evidence]:
                return select_evidence(
                    meant, vector, found, data, settings.max_evidence, floor, self.weights, cap
                )

            # the officer named the document: its best sentence need only be near the point
            if scoped:
                evidence = choose(
                    subject, settings.min_relevance * SCOPED_RELEVANCE, settings.max_evidence
                )
            else:
                evidence = choose(subject, settings.min_relevance)
            if dates_allowed(filters) and not scoped:
                evidence = with_milestones(
                    evidence, meant, vector, data, settings.max_evidence, settings.min_relevance
                )
            if other:
                elsewhere = choose(other, settings.min_relevance)
        fitting = [e for e in evidence if self.expected.fits(intent, meant, data, e)]
        found = [e for e in elsewhere if self.expected.fits(intent, meant, data, e)]
        if not covers(fitting, found):
            return flagged_as_other(write_answer(question, found, data))
        if (why := unanswered_reason(meant, evidence, data, self.names)) is not None:
            return not_covered(question, data, why, self.nearest(vector))
        if not evidence:
            return not_covered(
                question, data, "The documents I hold do not cover this.", self.nearest(vector)
            )
        if not fitting:
            kind = missing_kind(intent, meant)
            reason = f"The documents I hold do not give {kind} for this."
            return not_covered(question, data, reason, self.nearest(vector))
        return write_answer(question, fitting, data, inputs["query"].bodies)


def build_chain(
    index: LoadedIndex,
    encoder: Encoder,
    readers: Readers,
    settings: Settings,
    chat_model: BaseChatModel | None = None,
) -> Runnable[dict[str, Any], Answer]:
    data = index.data
    vocabulary = Vocabulary(data, english_words())
    directory = readers.directory
    dated = DatedSubjects(
        proposals_by_date(milestones(data.sources.values())), readers.topics, encoder.query
    )
    learned = QuestionTopics.load(settings.knowledge_dir / QUESTION_TOPICS_FILE)
    intents = QuestionIntents.load(settings.knowledge_dir / QUESTION_INTENT_FILE)
    analyser = QuestionAnalyser(
        directory, readers.topics, readers.people, vocabulary, encoder, dated, learned, intents
    )
    composer = _Composer(
        index,
        encoder,
        CorpusNames(data, {**directory.names, **directory.people}),
        OpinionAnswerer(
            data, directory, BodyStatements(data, directory), readers.topic_labels, encoder.query
        ),
        PersonAnswerer(data, directory, readers.people),
        settings,
        TermWeights(data),
        PaperSentences(data),
        DocumentNames(data, directory),
        Expected(PointWords(data, readers.topics), lambda n: normalise(n) in directory.names),
        readers.topics,
    )

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        clock = Stopwatch()
        with clock.lap("analyse"):
            asked = without_instructions(inputs["question"])
            query = analyser.analyse(asked, inputs.get("history") or [])
        meant = vocabulary.respell(query.text)
        hits = search(
            index,
            encoder,
            meant,
            settings.retrieve_k,
            settings.candidates_k,
            inputs.get("filters") or Filters(),
            clock,
        )
        return {
            **inputs,
            "query": query,
            "meant": meant,
            "vector": encoder.query(meant),
            "hits": hits,
            "clock": clock,
            "retrieve_ms": (time.perf_counter() - started) * 1000,
        }

    chain = RunnableLambda(retrieve) | RunnableLambda(composer.compose)
    if chat_model is not None:
        stances = StanceChecker(data.positions, directory, list(readers.topics))
        writer = FluentWriter(chat_model, encoder.documents, stances, settings.llm_timeout)

        def fluent(inputs: dict[str, Any]) -> Answer:
            return writer.rewrite(inputs["question"], inputs.get("history") or [], inputs["answer"])

        chain = (
            RunnableLambda(retrieve)
            | RunnablePassthrough.assign(answer=RunnableLambda(composer.compose))
            | RunnableLambda(fluent)
        )
    return chain.with_config(run_name="white_paper_answer")
