"""Answers about views: who agrees, who differs, who said nothing, with the quotes that show it.

A question about views, a body, or agreement is answered from the positions table rather than
from the top search hits alone, so that every body with something to say on the topic is heard:
the best statement *within each body's own statements* is chosen, and a small respondent is not
crowded out by the longest article. The answer leads with where bodies stand, keeps the
government's own position apart from respondents' views, says plainly when a named body did not
address the point, and flags an answer whose views all lean one way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import FALLBACK_TOPIC, Topic, tag_topics
from assistant.answer.compose import Evidence, citation_for
from assistant.index.positions import TopicView, compare
from assistant.index.versions import IndexData
from assistant.labels import STANCE_WORDS
from assistant.models import Answer, Citation, Filters, Position, PositionRow, Stance, Statement
from assistant.text import quoted

# Words that make a question about opinions rather than facts.
_VIEW_WORDS = re.compile(
    r"\b(?:think|thinks|thought|views?|opinions?|positions?|stances?|stand|stands|agree\w*|"
    r"disagree\w*|differ\w*|split|divided|support\w*|back|backs|backed|oppos\w*|against|"
    r"worr\w*|concern\w*|welcom\w*|react\w*|respon\w*|critic\w*|sceptic\w*|skeptic\w*|feel|"
    r"feels|happy|unhappy|make of|for and against|stakeholders?|sector bodies)\b",
    re.IGNORECASE,
)
_ASKED_STANCE: tuple[tuple[Stance, re.Pattern[str]], ...] = (
    (
        "concern",
        re.compile(
            r"\b(?:worr\w*|concern\w*|critic\w*|sceptic\w*|oppos\w*|against|"
            r"unhappy|fear\w*|doubt\w*)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "support",
        re.compile(
            r"\b(?:support\w*|welcom\w*|back|backs|backed|favour\w*|happy|"
            r"positive|in favour)\b",
            re.IGNORECASE,
        ),
    ),
)
STANCE_ORDER: tuple[Stance, ...] = ("concern", "mixed", "support", "neutral")
MAX_BODIES = 10  # bodies quoted per topic; the rest are counted
TOPIC_SIMILARITY = 0.3  # below this, a question matches no topic description


@dataclass
class ViewQuestion:
    """What a question about views asks: which topics, which bodies, which stance if any."""

    topics: list[str]
    bodies: list[str]
    stance: Stance | None = None
    missing_bodies: list[str] = field(default_factory=list)


class ViewAnswerer:
    """Reads questions about views and answers them from the positions table of one index."""

    def __init__(
        self,
        data: IndexData,
        directory: Directory,
        topics: Sequence[Topic],
        topic_vectors: np.ndarray,
    ) -> None:
        self.data = data
        self.directory = directory
        self.topics = list(topics)
        self.labels = {t.id: t.label for t in topics}
        self.topic_vectors = topic_vectors
        self.bodies = {r.body for r in data.positions}
        # Where each sentence's vector is, by (source, start): statements point at sentences.
        self.rows: dict[tuple[str, int], tuple[int, int]] = {}
        for i, passage in enumerate(data.passages):
            for j, sentence in enumerate(passage.sentences):
                self.rows[(passage.source_id, sentence.start)] = (i, j)

    # --------------------------------------------------------------------------- reading
    def read(self, question: str, query: np.ndarray) -> ViewQuestion | None:
        """The view question asked, or None when the question is about facts.

        Naming a body that speaks in the documents makes a question about its views; naming
        one that is only mentioned ("what does the CQC do?") does not.
        """
        named = [b for _, b in self.directory.bodies_in(question)]
        named += [self.directory.people[p] for _, p in self.directory.people_in(question, {})]
        bodies = list(dict.fromkeys(b for b in named if not self.directory.is_government(b)))
        speaking = [b for b in bodies if b in self.bodies]
        if not speaking and not _VIEW_WORDS.search(question):
            return None
        about = self.directory.without_names(question)
        topics = tag_topics(about, self.topics)
        if len(topics) > 1:  # "the white paper's plans for carers" asks about carers
            topics = [t for t in topics if t != FALLBACK_TOPIC]
        if not topics and not bodies:
            topics = [self._nearest_topic(query)]
        stance = next((s for s, pattern in _ASKED_STANCE if pattern.search(about)), None)
        return ViewQuestion(topics, bodies, stance)

    def _nearest_topic(self, query: np.ndarray) -> str:
        scores = self.topic_vectors @ query
        best = int(np.argmax(scores))
        return self.topics[best].id if scores[best] >= TOPIC_SIMILARITY else FALLBACK_TOPIC

    # --------------------------------------------------------------------------- answering
    def answer(
        self, question: str, asked: ViewQuestion, query: np.ndarray, filters: Filters
    ) -> Answer | None:
        """The agree/differ answer, or None when the table holds nothing on the question."""
        rows = [r for r in self.data.positions if self._allowed(r, filters)]
        topics = asked.topics or self._topics_of(rows, asked.bodies)
        views = [compare(rows, t) for t in topics]
        if asked.bodies:
            for view in views:
                view.respondents = [r for r in view.respondents if r.body in asked.bodies]
        if not any(v.respondents or v.government for v in views) and not asked.bodies:
            return None
        writer = _Writer(self, question, query, asked)
        for view in views:
            writer.topic(view)
        if not views:
            writer.silent(asked.bodies)
        return writer.finish()

    def _allowed(self, row: PositionRow, filters: Filters) -> bool:
        if filters.bodies and row.body.lower() not in {b.lower() for b in filters.bodies}:
            return False
        return not filters.kinds or any(s.kind in filters.kinds for s in row.statements)

    def _topics_of(self, rows: list[PositionRow], bodies: list[str]) -> list[str]:
        """For 'what did X say?': the topics the named bodies said most about, up to three."""
        counts: dict[str, int] = {}
        for r in rows:
            if r.body in bodies and r.stance != "neutral":
                counts[r.topic] = counts.get(r.topic, 0) + len(r.statements)
        return sorted(counts, key=lambda t: -counts[t])[:3]

    def best_statement(self, row: PositionRow, query: np.ndarray) -> tuple[Statement, Evidence]:
        """The statement of a row that best answers the question and carries the row's stance."""
        best: tuple[float, Statement, Evidence] | None = None
        for statement in row.statements:
            found = self.rows.get((statement.source_id, statement.start))
            if found is None:
                continue
            i, j = found
            similarity = float(
                self.data.sentence_vectors[self.data.sentence_offsets[i] + j] @ query
            )
            score = similarity + 0.15 * (statement.stance == row.stance)
            if statement.quote.rstrip().endswith(":"):
                score -= 0.2  # "X said:" introduces a quote; the quote itself says more
            if best is None or score > best[0]:
                best = (score, statement, Evidence(i, j, score, similarity))
        if best is None:
            raise LookupError(f"no indexed sentence for {row.body} on {row.topic}")
        return best[1], best[2]


class _Writer:
    """Builds the answer text, citations and positions for one question, topic by topic."""

    def __init__(
        self, owner: ViewAnswerer, question: str, query: np.ndarray, asked: ViewQuestion
    ) -> None:
        self.owner = owner
        self.question = question
        self.query = query
        self.asked = asked
        self.lead: list[str] = []
        self.quotes: list[str] = []
        self.citations: list[Citation] = []
        self.positions: list[Position] = []
        self.flags: list[str] = []
        self.cited: dict[tuple[str, int], int] = {}

    def _cite(self, row: PositionRow) -> tuple[int, Statement]:
        statement, evidence = self.owner.best_statement(row, self.query)
        key = (statement.source_id, statement.start)
        if key not in self.cited:
            n = len(self.citations) + 1
            self.citations.append(citation_for(self.owner.data, evidence, n))
            self.cited[key] = n
            self.quotes.append(self._quote_line(row, statement, n))
        return self.cited[key], statement

    def _quote_line(self, row: PositionRow, statement: Statement, n: int) -> str:
        speaker = f" ({statement.speaker})" if statement.speaker else ""
        label = "government" if row.government else STANCE_WORDS[row.stance]
        return f"- **{row.body}**{speaker}, {label}: {quoted(statement.quote)} [{n}]"

    def topic(self, view: TopicView) -> None:
        label = self.owner.labels.get(view.topic, view.topic).lower()
        groups = view.by_stance()
        self.lead.append(f"**{self._summary(view, label)}**\n")
        order = sorted(STANCE_ORDER, key=lambda s: s != self.asked.stance)
        shown = 0
        for stance in order:
            rows = groups.get(stance, [])
            if not rows:
                continue
            names = []
            for row in rows[: max(MAX_BODIES - shown, 1)]:
                n, statement = self._cite(row)
                self.positions.append(
                    Position(
                        body=row.body,
                        topic=row.topic,
                        stance=row.stance,
                        quote=statement.quote,
                        citation=n,
                    )
                )
                names.append(f"{row.body} [{n}]")
            shown += len(names)
            if len(rows) > len(names):
                names.append(f"and {len(rows) - len(names)} more")
            agree = " (they agree)" if stance != "neutral" and len(rows) > 1 else ""
            heading = (
                "Describe it without taking a view"
                if stance == "neutral"
                else STANCE_WORDS[stance].capitalize()
            )
            self.lead.append(f"- {heading}{agree}: {', '.join(names)}")
        for body in self.asked.bodies:
            if body not in {r.body for r in view.respondents}:
                self.lead.append(f"- {body} did not address {label} in the documents I hold.")
        for row in view.government if not self.asked.bodies else []:
            n, _ = self._cite(row)
            self.lead.append(
                f"- The government's own position (its proposals, not a respondent's view): "
                f"{row.body} [{n}]"
            )
        one_sided = view.one_sided() if not self.asked.bodies else None
        if one_sided:
            self.flags.append(f"On {label}, {one_sided}.")
            self.lead.append(f"- One side only: {one_sided}.")
        self.lead.append("")

    def silent(self, bodies: list[str]) -> None:
        """Bodies the documents mention but never quote: say so rather than guess a view."""
        for body in bodies:
            self.lead.append(f"- {body} is mentioned in the documents but not quoted with a view.")

    def _summary(self, view: TopicView, label: str) -> str:
        opinions = view.opinions
        if not view.respondents and self.asked.bodies:
            return f"{' and '.join(self.asked.bodies)}: not quoted on {label}"
        if not view.respondents:
            return f"No body is quoted on {label}"
        if view.differs:
            groups = view.by_stance()
            counts = ", ".join(
                f"{len(groups[s])} {STANCE_WORDS[s]}"
                for s in STANCE_ORDER
                if s != "neutral" and s in groups
            )
            return f"Bodies differ on {label}: {counts}"
        if len(opinions) > 1:
            stance = STANCE_WORDS[opinions[0].stance]
            return f"Bodies agree on {label}: all {len(opinions)} quoted with a view are {stance}"
        if opinions:
            return f"On {label}, {opinions[0].body} is {STANCE_WORDS[opinions[0].stance]}"
        return f"On {label}, the documents quote bodies describing it without taking a view"

    def finish(self) -> Answer:
        absent = [
            f"{name} is not among the documents I hold." for name in self.asked.missing_bodies
        ]
        text = "\n".join([*self.lead, *absent]).strip()
        if self.quotes:
            text += "\n\n**What they said**\n\n" + "\n".join(self.quotes)
        # Saying that the bodies asked about did not address the point is honest, but it is not
        # an answer from the documents: with nothing to cite, the question counts as not covered.
        return Answer(
            question=self.question,
            answerable=bool(self.citations),
            answer=text,
            citations=self.citations,
            positions=self.positions,
            index_version=self.owner.data.version,
            note=" ".join(self.flags) or None,
        )
