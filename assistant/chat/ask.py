"""The "Ask a question" tab: the conversation, streamed answers, source cards, ratings, export.

The conversation lives in the browser session (`st.session_state`) and is handed to the Assistant
as the earlier questions on every turn, so any server process can answer a follow-up. Heavy
objects never go into the session: the Assistant is shared by the whole process.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator, Mapping
from datetime import datetime

import streamlit as st

from assistant.chat.briefing import briefing_html, briefing_markdown, file_stem
from assistant.chat.cards import card_details, card_title, passage_html
from assistant.chat.conversation import Exchange, earlier_questions
from assistant.chat.feedback import CommentRefused, FeedbackStore
from assistant.errors import IndexUnavailable, QuestionError
from assistant.labels import STANCE_LABELS
from assistant.models import Answer, Citation, Filters, Source
from assistant.service import Assistant
from assistant.text import is_web_link, markdown_text

STARTER_QUESTIONS = (
    "What does the white paper propose?",
    "What is the single accountable person at place level?",
    "What do sector bodies think about pooling budgets?",
    "Is the money there to make integration work?",
)
_EXCHANGES = "exchanges"
_PENDING = "pending_question"


def _ask_starter(question: str) -> None:
    st.session_state[_PENDING] = question


def _rate(store: FeedbackStore, exchange: Exchange) -> None:
    """Store a rating (and any comment) the moment the officer gives or changes it."""
    value = st.session_state.get(f"rating-{exchange.id}")
    if value is None:
        return
    rating = "helpful" if value == 1 else "not helpful"
    comment = st.session_state.get(f"comment-{exchange.id}")
    try:
        store.record(exchange, rating, comment)
    except CommentRefused as exc:
        store.record(exchange, rating)
        st.session_state[f"comment-refused-{exchange.id}"] = str(exc)


def _card(c: Citation, source: Source | None) -> None:
    with st.expander(card_title(c)):
        facts = "".join(
            f'<dt style="font-weight:600">{html.escape(k)}</dt><dd>{html.escape(v)}</dd>'
            for k, v in card_details(c)
        )
        st.html(
            f"{passage_html(c, source)}"
            f'<dl style="display:grid;grid-template-columns:max-content 1fr;gap:0 1em">{facts}</dl>'
        )
        if is_web_link(c.url):
            st.link_button("Read the original (opens in a new tab)", c.url)


def _positions(answer: Answer, topic_labels: Mapping[str, str]) -> None:
    if not answer.positions:
        return
    st.markdown("#### Where bodies stand in this answer")
    lines = []
    for p in answer.positions:
        marker = f" [{p.citation}]" if p.citation else ""
        lines.append(
            f"- **{markdown_text(p.body)}**: {STANCE_LABELS[p.stance]} on "
            f"{markdown_text(topic_labels.get(p.topic, p.topic)).lower()}{marker}"
        )
    st.markdown("\n".join(lines))


def _answer_extras(
    exchange: Exchange,
    sources: Mapping[str, Source],
    topic_labels: Mapping[str, str],
    store: FeedbackStore,
) -> None:
    """Everything under an answer's text: positions, source cards and the rating."""
    answer = exchange.answer
    _positions(answer, topic_labels)
    if answer.citations:
        st.markdown("#### Sources")
        for c in answer.citations:
            _card(c, sources.get(c.source_id))
    st.caption("Was this answer useful? Ratings stay on this computer and help improve answers.")
    st.feedback("thumbs", key=f"rating-{exchange.id}", on_change=_rate, args=(store, exchange))
    if st.session_state.get(f"rating-{exchange.id}") is not None:
        st.text_input(
            "Anything to add about this answer? (optional)",
            key=f"comment-{exchange.id}",
            on_change=_rate,
            args=(store, exchange),
            max_chars=500,
        )
        refused = st.session_state.pop(f"comment-refused-{exchange.id}", None)
        if refused:
            st.warning(refused)


def _stream_text(parts: Iterator[str | Answer], final: list[Answer]) -> Iterator[str]:
    for part in parts:
        if isinstance(part, Answer):
            final.append(part)
        else:
            yield part


def _answer(
    assistant: Assistant, question: str, filters: Filters, limits: dict, history: list[str]
) -> Exchange | None:
    """Stream one answer into the current message; None if the question could not be asked."""
    final: list[Answer] = []
    try:
        with st.spinner("Finding the passages that answer this…"):
            parts = assistant.stream(question, filters, history)
            first = next(parts)
        st.write_stream(_stream_text(itertools.chain([first], parts), final))
    except QuestionError as exc:
        st.warning(str(exc))
        return None
    except IndexUnavailable as exc:
        st.error(f"The assistant cannot answer just now: {exc}.")
        return None
    return Exchange(question, final[0], tuple(history), limits)


def _export(exchanges: list[Exchange]) -> None:
    st.subheader("Save this conversation")
    prepared = datetime.now()
    stem = file_stem(prepared)
    left, right = st.columns(2)
    left.download_button(
        "Download as a briefing note (Markdown)",
        briefing_markdown(exchanges, prepared),
        file_name=f"{stem}.md",
        mime="text/markdown",
        on_click="ignore",
    )
    right.download_button(
        "Download as a printable page (HTML)",
        briefing_html(exchanges, prepared),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
    )


def show_chat(
    assistant: Assistant, filters: Filters, limits: dict, topic_labels: Mapping[str, str]
) -> None:
    """The conversation so far, the new question's streamed answer, and the question box."""
    st.header("Ask a question")
    exchanges: list[Exchange] = st.session_state.setdefault(_EXCHANGES, [])
    store = FeedbackStore(assistant.settings.data_dir)
    sources = {s.id: s for s in assistant.sources()}
    intro = st.container()
    conversation = st.container()
    export = st.container()
    question = st.chat_input(
        "Ask about the white paper or the responses to it",
        max_chars=assistant.settings.max_question_chars,
    )
    question = question or st.session_state.pop(_PENDING, None)

    with conversation:
        if exchanges or question:
            st.subheader("Conversation")
        for exchange in exchanges:
            with st.chat_message("user"):
                st.text(exchange.question)
            with st.chat_message("assistant"):
                st.markdown(exchange.answer.answer)
                _answer_extras(exchange, sources, topic_labels, store)
        if question:
            history = earlier_questions(exchanges, assistant.settings.max_history)
            with st.chat_message("user"):
                st.text(question)
            with st.chat_message("assistant"):
                exchange = _answer(assistant, question, filters, limits, history)
                if exchange is not None:
                    exchanges.append(exchange)
                    _answer_extras(exchange, sources, topic_labels, store)

    if not exchanges:
        with intro:
            st.markdown(
                "Ask in plain English. Every answer quotes the documents it stands on, with "
                "numbered sources you can open to check. Not sure where to start? Try one of these:"
            )
            for i, starter in enumerate(STARTER_QUESTIONS):
                st.button(starter, key=f"starter-{i}", on_click=_ask_starter, args=(starter,))
    else:
        with export:
            _export(exchanges)
