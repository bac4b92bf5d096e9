"""The LCEL chain: question -> analyse -> retrieve -> compose -> Answer (`invoke`, `batch`).

Input is a dict with `question` (already cleaned), optional `filters` and `history` (earlier
questions of the conversation); output is an `Answer`. The question is read once into a `Query`
(assistant.answer.query) and everything after follows from it: questions about views are
answered from a search of the named bodies' own statements (assistant.answer.opinions), a
question about a person from what the documents say of them (assistant.answer.people), and
every other question from the sentences that best answer it. With a chat model configured, a
last step rewrites the answer fluently and keeps it only if it passes the grounding checks
(assistant.answer.fluent).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import Topic
from assistant.answer.compose import (
    CorpusNames,
    not_covered,
    select_evidence,
    sentence_text,
    write_answer,
)
from assistant.answer.dated import DatedSubjects, proposals_by_date
from assistant.answer.expected import fits, missing_kind
from assistant.answer.fluent import FluentWriter
from assistant.answer.grounding import StanceChecker
from assistant.answer.opinions import OpinionAnswerer
from assistant.answer.people import PersonAnswerer
from assistant.answer.query import Query, QuestionAnalyser
from assistant.answer.questions import mostly_latin
from assistant.answer.retrieval import search
from assistant.answer.spelling import Vocabulary, english_words
from assistant.answer.statements import BodyStatements
from assistant.answer.timeline import (
    dates_allowed,
    milestones,
    timeline_answer,
    wants_timeline,
    with_milestones,
)
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.index.stores import LoadedIndex
from assistant.models import Answer, Filters
from assistant.timing import Stopwatch

VIEW_INTENTS = ("body-view", "agreement", "which-bodies", "overview")


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

    def compose(self, inputs: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        answer = self.route(inputs)
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
        missing = self.names.missing(meant)
        query = self._as_view(query)
        if query.intent in VIEW_INTENTS:
            asked = _with_missing(query, missing)
            if asked.bodies or query.intent in ("which-bodies", "overview"):
                viewed = self.opinions.answer(question, meant, asked, vector, filters)
                if viewed is not None:
                    return viewed
        if missing:
            absent = " or ".join(missing)
            return not_covered(question, data, f"None of the documents I hold mentions {absent}.")
        if query.intent == "person" and query.people:
            found = self.people.answer(question, query.people[0], vector)
            if found is not None:
                return found
        if (
            dates_allowed(filters)
            and wants_timeline(meant)
            and (timeline := timeline_answer(question, data)) is not None
        ):
            return timeline
        return self.from_evidence(question, meant, vector, inputs, filters, query.intent)

    def _as_view(self, query: Query) -> Query:
        """A fact question naming a body that speaks in the documents asks what it said
        ("What questions does the CfGS raise about ..."); regulators and the government are
        named in facts about the proposals, so they do not count."""
        if query.intent != "fact":
            return query
        speaking = set(self.opinions.statements.bodies)
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
    ) -> Answer:
        data, settings = self.index.data, self.settings
        with inputs["clock"].lap("evidence"):
            evidence = select_evidence(
                meant, vector, inputs["hits"], data, settings.max_evidence, settings.min_relevance
            )
            if dates_allowed(filters):
                evidence = with_milestones(
                    evidence, meant, vector, data, settings.max_evidence, settings.min_relevance
                )
        if not evidence:
            return not_covered(question, data, "The documents I hold do not cover this.")
        fitting = [e for e in evidence if fits(intent, meant, sentence_text(data, e))]
        if not fitting:
            kind = missing_kind(intent, meant)
            return not_covered(question, data, f"The documents I hold do not give {kind} for this.")
        return write_answer(question, fitting, data)


def _with_missing(query: Query, missing: list[str]) -> Query:
    """The query with names no document mentions counted as unknown bodies."""
    unknown = list(dict.fromkeys([*query.unknown_bodies, *missing]))
    bodies = list(dict.fromkeys([*query.bodies, *missing]))
    return query.model_copy(update={"unknown_bodies": unknown, "bodies": bodies})


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
    analyser = QuestionAnalyser(
        directory, readers.topics, readers.people, vocabulary, encoder, dated
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
    )

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        clock = Stopwatch()
        with clock.lap("analyse"):
            query = analyser.analyse(inputs["question"], inputs.get("history") or [])
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
