"""The "Where bodies stand" tab: the positions table as a chart, in words, and as quotes.

Every cell can be opened two ways: by clicking it in the chart, or by choosing it from a list,
which works from the keyboard and with a screen reader. The chart's content is also given in
sentences and as a table, so nothing depends on seeing colour or the chart at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from assistant.chat.cards import readable_date
from assistant.chat.chart import body_label, chart, describe, table_rows
from assistant.labels import STANCE_LABELS, kind_label
from assistant.models import PositionRow
from assistant.service import Assistant
from assistant.text import is_web_link, markdown_text

_TABLE_COLUMNS = ("Body", "Topic", "Stance", "Strength", "Quotes")


def _cell_name(row: PositionRow, topic_labels: Mapping[str, str]) -> str:
    return (
        f"{body_label(row)} on {topic_labels.get(row.topic, row.topic).lower()}: "
        f"{STANCE_LABELS[row.stance].lower()} ({len(row.statements)} "
        f"{'quote' if len(row.statements) == 1 else 'quotes'})"
    )


def _quotes(row: PositionRow, topic_labels: Mapping[str, str]) -> None:
    st.markdown(f"**{markdown_text(_cell_name(row, topic_labels))}**")
    for s in row.statements:
        who = s.speaker or body_label(row)
        facts = (
            f"{markdown_text(who)}, *{markdown_text(s.title)}* ({kind_label(s.kind)}, "
            f"{readable_date(s.date)}). Stance of this quote: {STANCE_LABELS[s.stance].lower()}."
        )
        link = ""
        if is_web_link(s.url):
            link = f" [Read the original (opens in a new tab)](<{s.url}>)"
        st.markdown(f"> {markdown_text(s.quote)}\n\n{facts}{link}")


def _selected(event: object, rows: Sequence[PositionRow]) -> PositionRow | None:
    """The row of the cell clicked in the chart, if any."""
    try:
        points = event.selection["cell"]  # type: ignore[attr-defined]
    except (AttributeError, KeyError, TypeError):
        return None
    for point in points or []:
        for row in rows:
            if row.body == point.get("body_id") and row.topic == point.get("topic_id"):
                return row
    return None


def show_standings(assistant: Assistant, topic_labels: Mapping[str, str]) -> None:
    st.header("Where bodies stand")
    rows = assistant.positions()
    if not rows:
        st.info(
            "No positions are recorded in the documents yet. Once the index holds statements "
            "from sector bodies, this page shows who supports, questions or opposes each part "
            "of the white paper."
        )
        return
    st.markdown(
        "What each sector body said about each topic, read from the quotes attributed to it. "
        "The government's own position is marked *(government)*. Choose a cell to read the "
        "quotes behind it."
    )
    topics = [t for t in topic_labels if any(r.topic == t for r in rows)]
    topics += sorted({r.topic for r in rows} - set(topics))
    bodies = sorted({r.body for r in rows})
    left, right = st.columns(2)
    chosen_topics = left.multiselect(
        "Topics", topics, format_func=lambda t: topic_labels.get(t, t), placeholder="All topics"
    )
    chosen_bodies = right.multiselect("Bodies", bodies, placeholder="All bodies")
    shown = [
        r
        for r in rows
        if (not chosen_topics or r.topic in chosen_topics)
        and (not chosen_bodies or r.body in chosen_bodies)
    ]
    if not shown:
        st.info("No body is recorded with a position on the topics chosen. Try fewer filters.")
        return

    summary = describe(shown, topic_labels)
    event = st.altair_chart(
        chart(shown, topic_labels),
        on_select="rerun",
        key="standings-chart",
        alt="Grid of sector bodies by topic; each cell is labelled with the body's stance.",
    )
    clicked = _selected(event, shown)
    if clicked is not None:
        _quotes(clicked, topic_labels)

    st.subheader("In words")
    st.markdown(markdown_text(summary))
    with st.expander("The same positions as a table"):
        st.table([{k: r[k] for k in _TABLE_COLUMNS} for r in table_rows(shown, topic_labels)])

    st.subheader("Quotes behind a position")
    picked = st.selectbox(
        "Body and topic",
        shown,
        index=None,
        format_func=lambda r: _cell_name(r, topic_labels),
        placeholder="Choose a body and topic",
        key="standings-cell",
    )
    if picked is not None:
        _quotes(picked, topic_labels)
