"""The LCEL chain: question -> retrieve -> compose -> Answer (`invoke`, `batch`, `stream`).

Input is a dict with `question` (already cleaned) and optional `filters`; output is an `Answer`.
"""

from __future__ import annotations

import time
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.compose import CorpusNames, not_covered, select_evidence, write_answer
from assistant.config import Settings
from assistant.embedding import Encoder
from assistant.models import Answer
from assistant.questions import mostly_latin
from assistant.retrieval import Filters, LoadedIndex, search


def build_chain(
    index: LoadedIndex, encoder: Encoder, names: CorpusNames, settings: Settings
) -> Runnable[dict[str, Any], Answer]:
    data = index.data

    def retrieve(inputs: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        filters = inputs.get("filters") or Filters()
        hits = search(
            index, encoder, inputs["question"], settings.retrieve_k, settings.candidates_k, filters
        )
        return {**inputs, "hits": hits, "retrieve_ms": (time.perf_counter() - started) * 1000}

    def compose(inputs: dict[str, Any]) -> Answer:
        started = time.perf_counter()
        question = inputs["question"]
        missing = names.missing(question)
        if not mostly_latin(question):
            answer = not_covered(question, data, "I can only answer questions asked in English.")
        elif missing:
            answer = not_covered(
                question,
                data,
                f"None of the documents I hold mentions {' or '.join(missing)}.",
            )
        else:
            evidence = select_evidence(
                question,
                encoder.query(question),
                inputs["hits"],
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
            "retrieve": round(inputs["retrieve_ms"], 2),
            "compose": round(compose_ms, 2),
            "total": round(inputs["retrieve_ms"] + compose_ms, 2),
        }
        return answer

    chain = RunnableLambda(retrieve) | RunnableLambda(compose)
    return chain.with_config(run_name="white_paper_answer")
