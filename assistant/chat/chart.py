"""Where bodies stand, as a chart and as words: the positions table for people to read.

The chart is a grid of bodies by topics. Colour uses Paul Tol's "light" palette, which stays
distinct for the common kinds of colour blindness, and every cell also carries its stance as a
word, so no meaning rests on colour alone. `describe` gives the same content in sentences, as the
chart's text alternative and for anyone who prefers to read it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import altair as alt

from assistant.labels import STANCE_LABELS
from assistant.models import STANCES, PositionRow

# Paul Tol's light scheme; black text on each of these has a contrast ratio above 7:1.
STANCE_COLOURS = {
    "support": "#77AADD",
    "concern": "#EE8866",
    "mixed": "#EEDD88",
    "neutral": "#DDDDDD",
}
GOVERNMENT_SUFFIX = " (government)"
# Axis text dark enough for 4.5:1 contrast on a white page (the default grey is fainter).
TEXT_COLOUR = "#31333F"
_READABLE = {"labelColor": TEXT_COLOUR, "labelFontSize": 12}


def body_label(row: PositionRow) -> str:
    return row.body + (GOVERNMENT_SUFFIX if row.government else "")


def table_rows(rows: Sequence[PositionRow], topic_labels: Mapping[str, str]) -> list[dict]:
    """One plain record per cell, in a stable order: the chart's data and its table."""
    ordered = sorted(rows, key=lambda r: (not r.government, r.body, _topic_order(r, topic_labels)))
    return [
        {
            "Body": body_label(r),
            "Topic": topic_labels.get(r.topic, r.topic),
            "Stance": STANCE_LABELS[r.stance],
            "Strength": f"{round(r.strength * 100)}%",
            "Quotes": len(r.statements),
            "body_id": r.body,
            "topic_id": r.topic,
            "stance_id": r.stance,
        }
        for r in ordered
    ]


def _topic_order(row: PositionRow, topic_labels: Mapping[str, str]) -> int:
    order = list(topic_labels)
    return order.index(row.topic) if row.topic in order else len(order)


def chart(rows: Sequence[PositionRow], topic_labels: Mapping[str, str]) -> alt.LayerChart:
    """Bodies down the side, topics along the top, each cell coloured and labelled by stance.

    Clicking a cell selects it (selection parameter "cell", on the body and topic ids), so the
    page can open that cell's quotes.
    """
    data = alt.Data(values=table_rows(rows, topic_labels))
    topics_present = [
        label for tid, label in topic_labels.items() if any(r.topic == tid for r in rows)
    ]
    topics_present += sorted({r.topic for r in rows if r.topic not in topic_labels})
    x = alt.X(
        "Topic:N",
        sort=topics_present,
        title=None,
        axis=alt.Axis(
            orient="top", labelAngle=-40, labelLimit=260, labelOverlap=False, **_READABLE
        ),
    )
    y = alt.Y(
        "Body:N",
        title=None,
        sort=None,
        axis=alt.Axis(labelLimit=260, labelOverlap=False, **_READABLE),
    )
    cell = alt.selection_point(name="cell", fields=["body_id", "topic_id"])
    base = alt.Chart(data).encode(x=x, y=y)
    rects = (
        base.mark_rect(stroke="white", strokeWidth=2)
        .encode(
            color=alt.Color(
                "stance_id:N",
                title="Stance",
                scale=alt.Scale(domain=list(STANCES), range=[STANCE_COLOURS[s] for s in STANCES]),
                legend=alt.Legend(
                    orient="bottom", labelExpr=_legend_labels(), symbolStrokeColor="#444444"
                ),
            ),
            opacity=alt.condition(cell, alt.value(1.0), alt.value(0.45)),
            tooltip=["Body:N", "Topic:N", "Stance:N", "Strength:N", "Quotes:Q"],
        )
        .add_params(cell)
    )
    labels = base.mark_text(fontSize=12, color="black").encode(text="Stance:N")
    # A fixed step per body keeps every row tall enough to read, however many bodies there are.
    return alt.layer(rects, labels).properties(height=alt.Step(30))


def _legend_labels() -> str:
    cases = " : ".join(f"datum.label == '{s}' ? '{label}'" for s, label in STANCE_LABELS.items())
    return f"{cases} : datum.label"


def describe(rows: Sequence[PositionRow], topic_labels: Mapping[str, str]) -> str:
    """The chart in sentences: per topic, which bodies take which stance, and where they split."""
    if not rows:
        return "No positions are recorded for the bodies and topics chosen."
    by_topic: dict[str, list[PositionRow]] = defaultdict(list)
    for row in rows:
        by_topic[row.topic].append(row)
    bodies = {r.body for r in rows}
    lines = [
        f"Positions of {len(bodies)} {'body' if len(bodies) == 1 else 'bodies'} on "
        f"{len(by_topic)} {'topic' if len(by_topic) == 1 else 'topics'}."
    ]
    order = [t for t in topic_labels if t in by_topic] + sorted(set(by_topic) - set(topic_labels))
    for topic in order:
        groups: dict[str, list[str]] = defaultdict(list)
        for row in sorted(by_topic[topic], key=lambda r: r.body):
            groups[row.stance].append(body_label(row))
        parts = [
            f"{STANCE_LABELS[s].lower()}: {', '.join(groups[s])}" for s in STANCES if s in groups
        ]
        opinions = {s for s in groups if s != "neutral"}
        split = " Bodies differ here." if len(opinions) > 1 else ""
        lines.append(f"{topic_labels.get(topic, topic)}: {'; '.join(parts)}.{split}")
    return " ".join(lines)
