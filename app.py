"""The Streamlit chat: ask a question, read a cited answer. It calls assistant.service only."""

from __future__ import annotations

import streamlit as st

from assistant.index import IndexUnavailable
from assistant.models import Answer
from assistant.questions import QuestionError
from assistant.service import Assistant, build_assistant

st.set_page_config(page_title="Integration white paper assistant", page_icon="📄", layout="wide")


@st.cache_resource(show_spinner="Loading the documents…")
def get_assistant() -> Assistant:
    """One assistant (model and index) per server process, shared by every session."""
    return build_assistant()


KIND_LABELS = {
    "white-paper": "White paper",
    "digest": "Digest of the white paper",
    "response": "Response",
    "news": "News",
    "commentary": "Commentary",
    "reader-comment": "Reader comment",
}


def show_answer(answer: Answer) -> None:
    st.markdown(answer.answer)
    if not answer.citations:
        return
    st.markdown("**Sources**")
    for c in answer.citations:
        who = c.speaker or c.body or c.publisher or "Unknown"
        label = f"[{c.n}] {c.title} — {KIND_LABELS.get(c.kind, c.kind)}"
        with st.expander(label):
            st.text(c.quote)
            details = [
                f"Speaker: {who}" + (f", {c.body}" if c.body and c.body != who else ""),
                f"Published by: {c.publisher or 'not known'}",
                f"Date: {c.date or 'not known'}",
            ]
            if c.section:
                details.append(f"Section: {c.section}")
            st.caption(" · ".join(details))
            if c.url:
                st.link_button("Read the original (opens in a new tab)", c.url)


st.title("Integration white paper assistant")
st.caption(
    "Answers come only from the listed documents: the February 2022 white paper on joining "
    "up care, and responses to it. Each answer quotes its sources."
)

try:
    assistant = get_assistant()
    assistant.index  # noqa: B018 (fail early and plainly if there is no index)
except IndexUnavailable as exc:
    st.error(f"The assistant cannot answer yet: {exc}.")
    st.stop()

if "history" not in st.session_state:
    st.session_state.history = []

for turn in st.session_state.history:
    with st.chat_message(turn["role"]):
        if turn["role"] == "user":
            st.text(turn["content"])
        else:
            show_answer(Answer.model_validate(turn["content"]))

question = st.chat_input("Ask about the white paper or the responses to it")
if question:
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        try:
            answer = assistant.ask(question)
        except QuestionError as exc:
            st.warning(str(exc))
        else:
            show_answer(answer)
            st.session_state.history.append({"role": "user", "content": question})
            st.session_state.history.append(
                {"role": "assistant", "content": answer.model_dump(mode="json")}
            )
