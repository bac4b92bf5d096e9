"""The written answer about views: its opening, quotes, citations and positions.

`ViewWriter` turns the statements found for each body (a `Voice`) into the answer text: the
opening that answers (a body's stance in a plain clause with its reason, who agrees and who
differs, the bodies found grouped by stance), then each body's quotes. Every sentence it writes
is built from the cited sentences and the question's analysis; nothing is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.answer.compose import citation_for
from assistant.answer.evidence import Evidence
from assistant.answer.statements import Statement
from assistant.labels import STANCE_PHRASES, STANCE_PHRASES_PLURAL
from assistant.models import Answer, Citation, Position, Stance
from assistant.text import markdown_text, quoted

if TYPE_CHECKING:
    from assistant.answer.opinions import Analysis, OpinionAnswerer

STANCE_ORDER: tuple[Stance, ...] = ("concern", "mixed", "support", "neutral")
PAIR_MARGIN = 0.1  # as for facts (assistant.answer.compose)
MAX_OPENING = 3  # bodies whose words the opening of an agreement answer quotes


@dataclass
class Voice:
    """One body's statements found for a question, and the stance they add up to."""

    body: str
    found: list[Statement]
    stance: Stance | None = None
    cited: list[int] = field(default_factory=list)
    nearest: Statement | None = None  # the closest it came, when nothing answers clearly
    speaker: str | None = None  # the one person asked about, when the question names them
    # for a body with no statements of its own: others' statements that report its view
    reported: list[Statement] = field(default_factory=list)

    @property
    def addressed(self) -> bool:
        return bool(self.found)

    @property
    def name(self) -> str:
        """Who the answer says holds the view: "Baroness Thornton (Labour Party)" when the
        question asked what one person said, else the body."""
        return f"{self.speaker} ({self.body})" if self.speaker else self.body


def overall_stance(stances: Sequence[Stance | None]) -> Stance:
    """The stance several statements of one body add up to.

    Support beside concern is mixed; otherwise the leaning that outnumbers the body's mixed
    statements, so one qualified sentence among several worried ones does not hide the worry.
    """
    count = {s: sum(x == s for x in stances) for s in ("support", "concern", "mixed")}
    if count["support"] and count["concern"]:
        return "mixed"
    for leaning in ("concern", "support"):
        if count[leaning]:
            return leaning if count[leaning] >= count["mixed"] else "mixed"  # type: ignore[return-value]
    return "mixed" if count["mixed"] else "neutral"


def joined(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class ViewWriter:
    """The text, citations and positions of one answer about views."""

    def __init__(self, owner: OpinionAnswerer, question: str, analysis: Analysis) -> None:
        self.owner = owner
        self.question = question
        self.analysis = analysis
        self.citations: list[Citation] = []
        self.positions: list[Position] = []
        self.by_key: dict[tuple[int, int], int] = {}
        self.notes: list[str] = []

    def _number(self, s: Statement) -> int:
        """The statement's citation marker, citing it the first time it is quoted."""
        key = (s.passage, s.sentence)
        if key not in self.by_key:
            evidence = Evidence(s.passage, s.sentence, s.relevance, s.similarity)
            self.by_key[key] = len(self.citations) + 1
            self.citations.append(citation_for(self.owner.data, evidence, self.by_key[key]))
        return self.by_key[key]

    def cite(self, voice: Voice, position: bool = True) -> None:
        for s in voice.found:
            n = self._number(s)
            if position and not any(
                p.citation == n and p.body == voice.body for p in self.positions
            ):
                self.positions += [
                    Position(
                        body=voice.body,
                        topic=topic,
                        stance=s.stance or "neutral",
                        quote=self._citation(n).quote,
                        citation=n,
                    )
                    for topic in self._topics_of(s)
                ]
            voice.cited.append(n)

    def _topics_of(self, s: Statement) -> list[str]:
        """The topics a quote is filed under: the one it is shown under (`_topic_of`) and, for a
        question about the paper as a whole, also the sentence's own main topic other than the
        paper as a whole, since a view on the paper's funding is both part of the body's view
        of the paper and a view on funding."""
        shown = self._topic_of(s)
        own = self.owner.data.passages[s.passage].sentences[s.sentence].topics
        particular = [t for t in own if t != "overall"][:1]
        return [shown, *particular] if shown == "overall" else [shown]

    def _topic_of(self, s: Statement) -> str:
        """The topic a quote is shown under: the one asked about, since the sentence was found
        by searching with the question (its own tags may miss real wording), "overall" when the
        question asks about the paper as a whole, else the sentence's own main topic."""
        own = self.owner.data.passages[s.passage].sentences[s.sentence].topics
        if list(self.analysis.topics) == ["overall"]:
            return "overall"  # asked about the paper as a whole: that is what it answers
        asked = [t for t in self.analysis.topics if t != "overall"]
        if len(asked) == 1:
            return asked[0]
        for topic in asked:
            if topic in own:
                return topic
        return own[0] if own else (asked or ["overall"])[0]

    def _citation(self, n: int) -> Citation:
        return self.citations[n - 1]

    def _says(self, voice: Voice) -> str:
        """`Saffron Cordery says “...” [1]`: the best statement, by its speaker when known."""
        n = voice.cited[0]
        c = self._citation(n)
        if voice.speaker and c.speaker == voice.speaker:  # already named: "X (Body) has ...: “...”"
            return f"{quoted(c.quote)} [{n}]"
        who = c.speaker or "it"
        return f"{markdown_text(who)} says {quoted(c.quote)} [{n}]"

    def one_view(self, voice: Voice) -> str:
        """The body's stance and its best statement, with its next best when that answers the
        question nearly as well (within `PAIR_MARGIN`) and does not contradict the stance."""
        stance = voice.stance or "neutral"
        more = ""
        if len(voice.found) > 1 and len(set(voice.cited)) > 1:
            first, second = voice.found[0], voice.found[1]
            opposed = {first.stance, second.stance} == {"support", "concern"}
            if second.relevance >= first.relevance - PAIR_MARGIN and not opposed:
                n = list(dict.fromkeys(voice.cited))[1]
                more = f", and {quoted(self._citation(n).quote)} [{n}]"
        return f"{markdown_text(voice.name)} {STANCE_PHRASES[stance]}: {self._says(voice)}{more}."

    def agreement(self, voices: list[Voice]) -> str:
        """Who agrees and who differs, then each body's best statement, so the opening itself
        shows the grounds."""
        stances = {v.stance for v in voices}
        names = [markdown_text(v.name) for v in voices]
        if len(stances) == 1:
            stance = stances.pop() or "neutral"
            verdict = "They agree" if stance != "neutral" else "Neither takes a clear side"
            lead = f"{verdict}: {joined(names)} {STANCE_PHRASES_PLURAL[stance]}."
        else:
            parts = [
                f"{markdown_text(v.name)} {STANCE_PHRASES[v.stance or 'neutral']}" for v in voices
            ]
            lead = f"They differ: {parts[0]}, while {joined(parts[1:])}."
        grounds = [f"{markdown_text(v.name)}: {self._says(v)}." for v in voices[:MAX_OPENING]]
        return " ".join([lead, *grounds])

    def grouped(self, voices: list[Voice], total: int) -> str:
        groups: dict[Stance, list[str]] = {}
        for v in voices:
            groups.setdefault(v.stance or "neutral", []).append(
                f"{markdown_text(v.body)} [{v.cited[0]}]"
            )
        parts = []
        for stance in STANCE_ORDER:
            names = groups.get(stance)
            if names:
                phrase = (STANCE_PHRASES if len(names) == 1 else STANCE_PHRASES_PLURAL)[stance]
                parts.append(f"{joined(names)} {phrase}")
        count = "One body is" if total == 1 else f"{total} bodies are"
        shown = f", {len(voices)} of them here" if total > len(voices) else ""
        best = voices[0]
        strongest = f" Most to the point, {markdown_text(best.body)}: {self._says(best)}."
        return f"{count} quoted on this{shown}: {'; '.join(parts)}.{strongest}"

    def one_sided(self, voices: list[Voice]) -> str:
        stance = voices[0].stance or "neutral"
        label = f"all {len(voices)} bodies quoted {STANCE_PHRASES_PLURAL[stance]}"
        self.notes.append(f"One side only: {label}.")
        return f"One side only: {label}; no body quoted here takes another view."

    def government(self, voice: Voice) -> str:
        n = voice.cited[0]
        return (
            f"The government's own position (its proposals, not a respondent's view): "
            f"{quoted(self._citation(n).quote)} [{n}]."
        )

    def nearest(self, voice: Voice) -> str:
        """Neither an answer nor silence: the closest the body came, shown as that."""
        assert voice.nearest is not None
        n = self._number(voice.nearest)
        return (
            f"Nothing {markdown_text(voice.name)} said in the documents I hold answers this "
            f"clearly; the nearest is {quoted(self._citation(n).quote)} [{n}]."
        )

    def reported(self, voice: Voice) -> str:
        """A body quoted only through another's words: who reports its view, and how, with no
        stance filed under the body, since the words and their stance are the reporter's."""
        parts = []
        for s in voice.reported:
            n = self._number(s)
            quote = quoted(self._citation(n).quote)
            parts.append(f"{markdown_text(s.body)} reports it: {quote} [{n}]")
        return (
            f"The documents I hold quote no statement by {markdown_text(voice.body)} itself, "
            f"but its view is reported second-hand. {'; '.join(parts)}."
        )

    def silent(self, body: str, speaker: str | None = None) -> str:
        """Said only after the body's (or the person's) own statements were searched and none
        passed the floor."""
        labels = self.owner.topic_labels
        spoke = self.owner.statements.spoke_about(body, speaker=speaker)
        spoke = [labels.get(t, t).lower() for t in spoke]
        if elsewhere := self.elsewhere(body):
            return elsewhere
        if body not in self.owner.statements.bodies:
            return f"The documents I hold mention {markdown_text(body)} but quote no view of it."
        who = f"{speaker} ({body})" if speaker else body
        about = f"; {'they' if speaker else 'it'} spoke about {joined(spoke)}" if spoke else ""
        return f"{markdown_text(who)} is not quoted on this in the documents I hold{about}."

    def elsewhere(self, name: str) -> str | None:
        """Why a body quoted only in documents about other policy papers has no view here."""
        papers = self.owner.statements.only_elsewhere(name)
        if not papers:
            return None
        return (
            f"{markdown_text(name)} is quoted only in documents about another policy paper, "
            f"{joined(papers)}, not the integration white paper (CP 573), so I hold no view "
            "of it on CP 573."
        )

    def unknown(self, name: str) -> str:
        if elsewhere := self.elsewhere(name):
            return elsewhere
        near = self.owner.nearest_names(name)
        hint = f" The nearest names I hold are {joined(near)}." if near else ""
        return f"I hold no statements by {markdown_text(name)}.{hint}"

    def finish(
        self,
        opening: list[str],
        voices: list[Voice],
        silent: Sequence[str] = (),
        answered: bool | None = None,
    ) -> Answer:
        answer_ok = bool(self.citations) if answered is None else answered
        lines = [" ".join(opening), ""]
        quoted_voices = [v for v in voices if v.cited]
        for v in quoted_voices:
            shown = list(dict.fromkeys(v.cited))
            if len(quoted_voices) > 1:
                lines.append(f"**{markdown_text(v.name)}**\n")
            else:  # the opening quotes the first (and perhaps the second) already
                shown = [n for n in shown if f"[{n}]" not in lines[0]]
            for n in shown:
                c = self._citation(n)
                who = f"{markdown_text(c.speaker)}, " if c.speaker else ""
                lines.append(f"- {who}*{markdown_text(c.title)}*: {quoted(c.quote)} [{n}]")
            lines.append("")
        return Answer(
            question=self.question,
            answerable=answer_ok,
            answer="\n".join(lines).strip(),
            citations=self.citations,
            positions=self.positions,
            not_addressed=list(silent),
            index_version=self.owner.data.version,
            # with nothing to cite, the opening says why, in one line
            note=" ".join(self.notes) or (None if answer_ok else " ".join(opening)),
        )
