"""The Streamlit chat officers use every day: ask, check the sources, see where bodies stand.

Thin by design: it builds one Assistant per server process and lays out the tabs; each tab lives
in its own module and talks to the Assistant only. Tabs rather than st.navigation keep the whole
app drivable by Streamlit's AppTest.
"""

from __future__ import annotations

import streamlit as st

from assistant.chat.ask import show_chat
from assistant.chat.library import show_add_document, show_filters, show_sources
from assistant.chat.standings import show_standings
from assistant.config import Settings
from assistant.errors import IndexUnavailable
from assistant.service import Assistant, build_assistant, topic_labels

st.set_page_config(page_title="Integration white paper assistant", page_icon="📄", layout="wide")


@st.cache_resource(show_spinner="Loading the documents…")
def get_assistant(data_dir: str, _settings: Settings) -> Assistant:
    """One assistant (model and index) per server process and data folder, for every session.

    It answers one question before the page shows, so the officer's first question does not pay
    the one-off costs of opening the index and the model's first run.
    """
    assistant = build_assistant(_settings)
    assistant.ask("What does the white paper propose?")
    return assistant


st.title("Integration white paper assistant")
st.markdown(
    "Answers come only from the documents listed under *About the sources*: the February 2022 "
    "white paper *Joining up care for people, places and populations* and responses to it. "
    "Each answer quotes its sources."
)

settings = Settings()
try:
    # Both read the index, so a missing or damaged one is reported here, plainly, and only here.
    assistant = get_assistant(str(settings.data_dir), settings)
    filters, limits = show_filters(assistant)
except IndexUnavailable as exc:
    st.error(f"The assistant cannot answer yet: {exc}.")
    st.stop()

labels = topic_labels(settings)
ask, stand, about, add = st.tabs(
    ["Ask a question", "Where bodies stand", "About the sources", "Add a document"]
)
with ask:
    show_chat(assistant, filters, limits, labels)
with stand:
    show_standings(assistant, labels)
with about:
    show_sources(assistant)
with add:
    show_add_document(assistant)
