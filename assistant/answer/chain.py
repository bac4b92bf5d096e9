"""The LCEL chain: question -> retrieve -> compose -> Answer (`invoke`, `batch`, `stream`).

Input is a dict with `question` (already cleaned), optional `filters` and `history` (earlier
questions of the conversation); output is an `Answer`. Questions about views are answered from the
positions table (assistant.answer.opinions); all others from the sentences that best answer
them. With a chat model configured, a last step rewrites the answer fluently and keeps it only
if it passes the grounding checks (assistant.answer.fluent).
"""

from __future__ import annotations

import time
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from assistant.answer.compose import CorpusNames, not_covered, select_evidence, write_answer
from assistant.answer.fluent import FluentWriter
from assistant.answer.grounding import StanceChecker
from assistant.answer.opinions import ViewAnswerer
from assistant.answer.questions import in_context, mostly_latin
from assistant.answer.retrieval import Filters, LoadedIndex, search
from assistant.answer.spelling import Vocabulary, english_words
from assistant.answer.timeline import (
    dates_allowed,
    timeline_answer,
    wants_timeline,
    with_milestones,
)
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.models import Answer
from assistant.timing import Stopwatch


def build_chain(
    index: LoadedIndex,
    encoder: Encoder,
    names: CorpusNames,
    views: ViewAnswerer,
    settings: Settings,
    chat_model: BaseChatModel | None = None,
) -> Runnable[dict[str, Any], Answer]:
    data = index.data
    vocabulary = Vocabulary(data, english_words())

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        filters = inputs.get("filters") or Filters()
        meant = vocabulary.respell(in_context(inputs["question"], inputs.get("history") or []))
        clock = Stopwatch()
        hits = search(
            index, encoder, meant, settings.retrieve_k, settings.candidates_k, filters, clock
        )
        return {
            **inputs,
            "meant": meant,
            "hits": hits,
            "clock": clock,
            "retrieve_ms": (time.perf_counter() - started) * 1000,
        }

    def about_views(inputs: dict[str, Any], missing: list[str]) -> Answer | None:
        meant = inputs["meant"]
        query = encoder.query(meant)
        # Names the documents never mention are set aside, so "the King's Fund" is not read
        # as the funding topic; they are reported as absent.
        known_only = meant
        for name in missing:
            known_only = known_only.replace(name, " ")
        asked = views.read(known_only, query)
        if asked is None:
            return None
        if missing and not asked.bodies:
            return None  # every body asked about is absent: the plain "not covered" answer
        asked.missing_bodies = list(missing)
        answer = views.answer(inputs["question"], asked, query, inputs.get("filters") or Filters())
        return answer

    def compose(inputs: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        question = inputs["question"]
        meant = inputs["meant"]
        missing = names.missing(meant)
        viewed = about_views(inputs, missing) if mostly_latin(question) else None
        if viewed is not None:
            answer = viewed
        elif not mostly_latin(question):
            answer = not_covered(question, data, "I can only answer questions asked in English.")
        elif missing:
            answer = not_covered(
                question,
                data,
                f"None of the documents I hold mentions {' or '.join(missing)}.",
            )
        elif (
            dates_allowed(inputs.get("filters"))
            and wants_timeline(meant)
            and (timeline := timeline_answer(question, data)) is not None
        ):
            answer = timeline
        else:
            with inputs["clock"].lap("evidence"):
                evidence = select_evidence(
                    meant,
                    encoder.query(meant),
                    inputs["hits"],
                    data,
                    settings.max_evidence,
                    settings.min_relevance,
                )
                if dates_allowed(inputs.get("filters")):
                    evidence = with_milestones(
                        evidence,
                        meant,
                        encoder.query(meant),
                        data,
                        settings.max_evidence,
                        settings.min_relevance,
                    )
            answer = (
                write_answer(question, evidence, data)
                if evidence
                else not_covered(question, data, "The documents I hold do not cover this.")
            )
        compose_ms = (time.perf_counter() - started) * 1000
        answer.timings_ms = {
            **inputs["clock"].rounded(),  # embed, dense, bm25 and (if chosen) evidence
            "retrieve": round(inputs["retrieve_ms"], 2),
            "compose": round(compose_ms, 2),
            "total": round(inputs["retrieve_ms"] + compose_ms, 2),
        }
        return answer

    chain = RunnableLambda(retrieve) | RunnableLambda(compose)
    if chat_model is not None:
        stances = StanceChecker(data.positions, views.directory, views.topics)
        writer = FluentWriter(chat_model, encoder.documents, stances, settings.llm_timeout)

        def fluent(inputs: dict[str, Any]) -> Answer:
            return writer.rewrite(inputs["question"], inputs.get("history") or [], inputs["answer"])

        chain = (
            RunnableLambda(retrieve)
            | RunnablePassthrough.assign(answer=RunnableLambda(compose))
            | RunnableLambda(fluent)
        )
    return chain.with_config(run_name="white_paper_answer")
