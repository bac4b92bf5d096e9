"""Fluent answers from an OpenAI-compatible model, shown only when they pass the grounding checks.

The extractive answer is always written first; its citations are the numbered passages the model
is given, so a fluent answer can cite nothing the extractive one could not. The model's answer
is then checked (assistant.answer.grounding) and shown with `mode: "llm"` only if every check
passes; otherwise, and on a timeout or an endpoint error, the extractive answer is shown with a
short note of why.

Streaming: the model's tokens are streamed from the endpoint into a buffer, and nothing reaches
the officer until the whole text has passed the checks, because a sentence can only be checked
once it is complete and a claim already on screen cannot be taken back. `Assistant.stream` then
sends the validated text in word-sized pieces (`pieces`). The wait shows as the interfaces'
"finding the passages" status.

Passage text is data, never instructions: passages sit between <passages> tags that their text
cannot close, and the system prompt says so. A passage that speaks to an AI model ("ignore the
instructions above") is not sent at all, and an instruction the model obeys anyway fails the
checks (it cites nothing, or nothing supports it).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.prompts import ChatPromptTemplate

from assistant.answer.grounding import Embed, StanceChecker, check_answer, normalise_markers
from assistant.answer.other_policy import only_other_sentence
from assistant.config import Settings
from assistant.models import Answer, Citation, Position

log = logging.getLogger(__name__)

PROMPTS = Path(__file__).with_name("prompts")
FALLBACK = "Quoted answer shown"
_TAG = re.compile(r"</?\s*passages?\b", re.IGNORECASE)
# Text addressed to an AI model rather than to a reader: "ignore the instructions above",
# "system prompt", "AI assistants: reply ...". Policy documents do not talk like this, and an
# instruction that carries its own payload ("say all bodies support it") would otherwise pass
# the word-overlap check by quoting itself, so such a passage is never sent to the model.
_ADDRESSED_TO_A_MODEL = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?"
    r"(?:the\s+|your\s+|these\s+|those\s+|my\s+)?(?:previous\s+|prior\s+|above\s+|earlier\s+|"
    r"preceding\s+|system\s+|original\s+)?(?:instructions?|prompts?|rules\s+above|directions)\b"
    r"|\bsystem prompt\b"
    r"|\byou are (?:now )?(?:an? |the )?(?:\w+ )?(?:ai|assistant|chatbot|language model|llm)\b"
    r"|\b(?:ai|llm|chatbot|language model|assistant)s?\b\s*[:,]\s*(?:please\s+)?"
    r"(?:ignore|say|reply|respond|write|answer|tell|state|include|add|output)\b",
    re.IGNORECASE,
)


def connect(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no endpoint is set (nothing is imported then)."""
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI  # only with an endpoint configured

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=(settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"),
        timeout=settings.llm_timeout,
        max_retries=0,  # a retry would double the officer's wait; the fallback is immediate
        max_tokens=settings.llm_max_tokens,
        temperature=0,
        streaming=True,
    )


@cache
def _prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages(
        [
            ("system", (PROMPTS / "answer_system.txt").read_text(encoding="utf-8")),
            ("human", (PROMPTS / "answer_user.txt").read_text(encoding="utf-8")),
        ]
    )


def _data(text: str | None) -> str:
    """Text from a document, unable to open or close the passages block."""
    return _TAG.sub("(passage", " ".join((text or "").split()))


def _passage(c: Citation) -> str:
    labels = [f"[{c.n}]"]
    who = ", ".join(dict.fromkeys(x for x in (c.speaker, c.body) if x))
    labels.append(f"speaker: {_data(who)}" if who else "speaker: not named")
    labels.append(f"source: {_data(c.title)} ({c.kind}{', ' + c.date if c.date else ''})")
    return " | ".join(labels) + f"\n{_data(c.quote)}"


def _positions(positions: Sequence[Position]) -> str:
    if not positions:
        return ""
    lines = [
        f"- {_data(p.body)} on {p.topic}: {p.stance}"
        + (f" (passage [{p.citation}])" if p.citation else "")
        for p in positions
    ]
    return "\nWhere bodies stand, from the positions table:\n" + "\n".join(lines) + "\n"


def prompt_for(question: str, history: Sequence[str], answer: Answer) -> list[BaseMessage]:
    """The messages sent to the model: rules, the question, and the numbered passages."""
    earlier = (
        "Earlier questions in this conversation: " + " / ".join(_data(q) for q in history) + "\n"
        if history
        else ""
    )
    return _prompt().format_messages(
        question=_data(question),
        history=earlier,
        passages="\n\n".join(_passage(c) for c in answer.citations),
        positions=_positions(answer.positions),
    )


def addressed_to_a_model(text: str) -> bool:
    """Whether document text reads as an instruction to an AI model (see _ADDRESSED_TO_A_MODEL)."""
    return bool(_ADDRESSED_TO_A_MODEL.search(text))


def pieces(text: str) -> Iterator[str]:
    """A validated answer in word-sized pieces for streaming; they join back to `text`."""
    yield from re.findall(r"\s*\S+|\s+$", text)


class ModelTimeout(Exception):
    """The model did not finish its answer within the configured time."""


class FluentWriter:
    """Rewrites an extractive answer fluently with the model, or says why it could not."""

    def __init__(
        self, model: BaseChatModel, embed: Embed, stances: StanceChecker, timeout: float
    ) -> None:
        self.model = model
        self.embed = embed
        self.stances = stances
        self.timeout = timeout

    def _generate(self, messages: list[BaseMessage]) -> str:
        """The model's whole answer, read from its stream, within the time allowed."""
        deadline = time.monotonic() + self.timeout
        parts: list[str] = []
        for chunk in self.model.stream(messages):
            if isinstance(chunk.content, str):
                parts.append(chunk.content)
            if time.monotonic() > deadline:
                raise ModelTimeout
        return "".join(parts)

    def rewrite(self, question: str, history: Sequence[str], answer: Answer) -> Answer:
        """The model's answer if it passes every check, else `answer` with a note of why."""
        if not answer.answerable or not answer.citations:
            return answer  # nothing to ground a fluent answer in: "not covered" stays as it is
        started = time.perf_counter()
        if any(addressed_to_a_model(c.quote) for c in answer.citations):
            reason = "a quoted passage contains text addressed to an AI model"
            return _fallback(answer, reason, started)
        try:
            text = self._generate(prompt_for(question, history, answer)).strip()
        except Exception as exc:  # any endpoint failure means the extractive answer, said so
            log.warning("language model failed: %s", type(exc).__name__)
            reason = (
                f"the language model did not answer within {self.timeout:g} "
                f"second{'' if self.timeout == 1 else 's'}"
                if _timed_out(exc)
                else "the language model could not be reached or returned an error"
            )
            return _fallback(answer, reason, started)
        problems = check_answer(text, answer.citations, self.embed, self.stances)
        if problems:
            log.info("language model answer rejected: %s", problems[0])
            reason = f"the language model's answer failed a check: {problems[0]}"
            return _fallback(answer, reason, started)
        caveat = only_other_sentence(answer.citations)
        if any(c.about_other_policy for c in answer.citations) and caveat not in text:
            text = f"{caveat}\n\n{text}"  # the model may leave it out; officers must not miss it
        return answer.model_copy(
            update={
                "mode": "llm",
                "answer": normalise_markers(text),
                "timings_ms": _timed(answer, started),
            }
        )


def _timed_out(exc: BaseException) -> bool:
    return isinstance(exc, ModelTimeout | TimeoutError) or "Timeout" in type(exc).__name__


def _timed(answer: Answer, started: float) -> dict[str, float]:
    llm_ms = (time.perf_counter() - started) * 1000
    timings = dict(answer.timings_ms)
    timings["llm"] = round(llm_ms, 2)
    if "total" in timings:
        timings["total"] = round(timings["total"] + llm_ms, 2)
    return timings


def _fallback(answer: Answer, reason: str, started: float) -> Answer:
    note = f"{FALLBACK}: {reason}."
    update: dict[str, Any] = {
        "note": f"{note} {answer.note}" if answer.note else note,
        "timings_ms": _timed(answer, started),
    }
    return answer.model_copy(update=update)
