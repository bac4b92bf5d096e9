"""The positions table (one row per body and topic) and where bodies agree or differ on a topic.

The table is built at ingest time from the attributed, tagged sentences and stored with each index
version, so it always matches the documents the answers come from. Only statements a body is
quoted or reported as making count: reader comments and the words of news reporters speak for
nobody, and a row's stance is never inferred from anything but its own statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.analysis.bodies import Directory
from assistant.analysis.stance import stance_strength
from assistant.labels import STANCE_WORDS
from assistant.models import Passage, PositionRow, Source, Stance, Statement


def build_table(
    passages: Iterable[Passage], sources: Mapping[str, Source], directory: Directory
) -> list[PositionRow]:
    """One row per (body, topic) from every attributed sentence tagged with that topic.

    A document about another policy paper (`Source.about`) adds nothing: what a body said of
    the 2021 white paper is not where it stands on CP 573.
    """
    grouped: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for passage in passages:
        if passage.kind == "reader-comment":
            continue
        source = sources[passage.source_id]
        if source.about:
            continue
        for sentence in passage.sentences:
            if not sentence.body or not sentence.topics or sentence.stance is None:
                continue
            statement = Statement(
                source_id=source.id,
                title=source.title,
                kind=passage.kind,
                url=source.url,
                date=source.date,
                section=passage.section,
                speaker=sentence.speaker,
                quote=source.text[sentence.start : sentence.end],
                start=sentence.start,
                end=sentence.end,
                stance=sentence.stance,
                learned=sentence.learned,
                passage_id=passage.id,
            )
            for body in [sentence.body, *sentence.also]:  # "Both the LGA and ... advise"
                for topic in sentence.topics:
                    grouped[(body, topic)].append(statement)
    rows = []
    for (body, topic), statements in sorted(grouped.items()):
        stance, strength = stance_strength([s.stance for s in statements])
        # The statements that carry the row's stance first, then other opinions, then descriptions.
        statements.sort(key=lambda s: (s.stance != stance, s.stance == "neutral"))
        rows.append(
            PositionRow(
                body=body,
                topic=topic,
                stance=stance,
                strength=round(strength, 2),
                government=directory.is_government(body),
                statements=statements,
            )
        )
    return rows


@dataclass
class TopicView:
    """Where the respondents stand on one topic, with the government's own position apart."""

    topic: str
    respondents: list[PositionRow] = field(default_factory=list)
    government: list[PositionRow] = field(default_factory=list)

    def by_stance(self) -> dict[Stance, list[PositionRow]]:
        groups: dict[Stance, list[PositionRow]] = defaultdict(list)
        for row in self.respondents:
            groups[row.stance].append(row)
        return dict(groups)

    @property
    def opinions(self) -> list[PositionRow]:
        return [r for r in self.respondents if r.stance != "neutral"]

    @property
    def agreements(self) -> dict[Stance, list[PositionRow]]:
        """Stances shared by two or more bodies (docs/architecture.md)."""
        return {s: rows for s, rows in self.by_stance().items() if s != "neutral" and len(rows) > 1}

    @property
    def differs(self) -> bool:
        """Bodies take different stances on the topic."""
        return len({r.stance for r in self.opinions}) > 1

    def one_sided(self) -> str | None:
        """Why the views on this topic show only one side, or None if they show more."""
        opinions = self.opinions
        if len(opinions) == 1:
            return f"only one body ({opinions[0].body}) is quoted with a view on this"
        stances = {r.stance for r in opinions}
        if len(stances) == 1:
            stance = STANCE_WORDS[stances.pop()]
            return f"every body quoted with a view on this is {stance}; no other view is recorded"
        return None


def compare(rows: Iterable[PositionRow], topic: str) -> TopicView:
    view = TopicView(topic)
    for row in rows:
        if row.topic != topic:
            continue
        (view.government if row.government else view.respondents).append(row)
    view.respondents.sort(key=lambda r: (-len(r.statements), r.body))
    return view


def select_rows(
    rows: Iterable[PositionRow],
    directory: Directory,
    topic: str | None = None,
    body: str | None = None,
) -> list[PositionRow]:
    """Rows for one topic and/or body; a body may be named by any alias ("LGA")."""
    wanted = directory.canonical(body) if body else None
    return [
        r
        for r in rows
        if (topic is None or r.topic == topic)
        and (wanted is None or r.body.lower() in (wanted.lower(), body.lower()))  # type: ignore[union-attr]
    ]
