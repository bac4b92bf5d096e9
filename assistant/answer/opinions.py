"""Answers about views: what a body said, whether named bodies agree, which bodies hold a view.

Every answer here is retrieval first: the evidence is what a search of the bodies' own
statements finds for the question (assistant.answer.statements), across every document and
every topic, and the stance shown beside a quote is the stance judged for that very sentence.
The positions table is the overview ("Where bodies stand"), never the source of these answers.

The first sentence answers the question, built only from the cited sentences and the question's
analysis: "NHS Providers has concerns: Saffron Cordery says “...” [1]." for one body, who agrees
and who differs for several, who is quoted for "which bodies". A body is said not to have
addressed the point only when none of its statements passed the relevance floor, and the
answer then says what it did speak about; a name the documents never quote gets "I hold no
statements by X", with the nearest names held.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.answer.compose import Evidence, citation_for
from assistant.answer.statements import (
    ADDRESSED_FLOOR,
    NEAREST_FLOOR,
    WHICH_FLOOR,
    BodyStatements,
    Statement,
)
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.labels import STANCE_PHRASES, STANCE_PHRASES_PLURAL
from assistant.models import Answer, Citation, Filters, Position, Stance
from assistant.text import markdown_text, quoted

_ASKED_STANCE: tuple[tuple[Stance, re.Pattern[str]], ...] = (
    (
        "concern",
        re.compile(
            r"\b(?:worr\w*|concern\w*|critic\w*|sceptic\w*|skeptic\w*|oppos\w*|against|"
            r"unhappy|fear\w*|doubt\w*|warn\w*|object\w*|reservations?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "support",
        re.compile(
            r"\b(?:support\w*|welcom\w*|back|backs|backed|favour\w*|happy|positive|"
            r"endors\w*|prais\w*)\b",
            re.IGNORECASE,
        ),
    ),
)
# Words that ask for views without naming what about: "what did the LGA say about the paper?"
_GENERAL_WORDS = frozenset(
    "white paper think thought say said view opinion respond responded response reaction "
    "react reacted make position stance proposal plan integration feel felt overall general "
    "generally anything something everything far main key response wider document publish "
    "published sector body bodie stand differ agree disagree compare".split()
)
_ALL = re.compile(r"\b(?:all|every|each|full list|list)\b", re.IGNORECASE)
STANCE_ORDER: tuple[Stance, ...] = ("concern", "mixed", "support", "neutral")
PER_BODY = 2  # quotes per body when several bodies are asked about
MAX_QUOTES = 6  # quotes in an answer unless the question asks for all
MAX_BODIES_ALL = 20


class Analysis(Protocol):
    """What this module reads of a question's analysis (assistant.answer.query.Query)."""

    intent: str
    bodies: list[str]
    unknown_bodies: list[str]
    topics: list[str]


@dataclass
class _Voice:
    """One body's statements found for a question, and the stance they add up to."""

    body: str
    found: list[Statement]
    stance: Stance | None = None
    cited: list[int] = field(default_factory=list)
    nearest: Statement | None = None  # the closest it came, when nothing answers clearly

    @property
    def addressed(self) -> bool:
        return bool(self.found)


def asked_stance(question: str) -> Stance | None:
    """The stance a question asks about ("who opposed ...", "does anyone welcome ..."), if any."""
    return next((s for s, pattern in _ASKED_STANCE if pattern.search(question)), None)


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


class OpinionAnswerer:
    """Answers view questions of one index version from the bodies' own statements."""

    def __init__(
        self,
        data: IndexData,
        directory: Directory,
        statements: BodyStatements,
        topic_labels: Mapping[str, str],
        embed: Callable[[str], np.ndarray],
    ) -> None:
        self.data = data
        self.directory = directory
        self.statements = statements
        self.topic_labels = dict(topic_labels)
        self.embed = embed
        self.general = False  # set per question: no particular topic asked about
        self.topics: list[str] = []

    # --------------------------------------------------------------------------- routing
    def answer(
        self, question: str, meant: str, analysis: Analysis, vector: np.ndarray, filters: Filters
    ) -> Answer | None:
        """The answer for a view question, or None when nothing is held to answer it from.

        The bodies' statements are searched with the question's words less the names in it:
        a sentence that names the body ("The LGA states ...") must not look relevant for that.
        A question on no particular topic ("what did the LGA say?") is answered by the body's
        views that best match it, with no floor, since anything the body said answers it.
        """
        about = self._without_names(meant, analysis)
        vector = self.embed(about) if analysis.bodies else vector
        self.topics = [t for t in analysis.topics if t != "overall"]
        self.general = (
            not self.topics
            and analysis.intent != "which-bodies"
            and not set(search_terms(about)) - _GENERAL_WORDS
        )
        held: list[str] = []
        unknown: list[str] = []
        named = [b.lower() for b in analysis.bodies if b not in analysis.unknown_bodies]
        for name in analysis.bodies:
            if name in analysis.unknown_bodies and any(name.lower() in b for b in named):
                continue  # part of a known name ("Social Care" of the Department of ...)
            found = self.held_name(name) if name in analysis.unknown_bodies else name
            if found is None:
                unknown.append(name)
            elif found not in held:
                held.append(found)
        if analysis.intent in ("body-view", "agreement") and (held or unknown):
            return self.about_bodies(question, meant, held, unknown, analysis, vector, filters)
        return self.across_bodies(question, meant, analysis, vector, filters)

    def held_name(self, name: str) -> str | None:
        """The body held under a name bodies.yaml does not know: a body a document introduced
        ("Marlcombe" for Marlcombe County Council), matched by its words or a close spelling."""
        key = name.lower().removeprefix("the ").strip()
        held = {b.lower().removeprefix("the "): b for b in self.statements.bodies}
        if key in held:
            return held[key]
        words = set(key.split())
        within = [b for k, b in held.items() if words and words <= set(k.split())]
        if len(within) == 1:
            return within[0]
        close = difflib.get_close_matches(key, list(held), n=1, cutoff=0.85)
        return held[close[0]] if close else None

    def _without_names(self, meant: str, analysis: Analysis) -> str:
        """The question less the names of the bodies and people in it, in any case."""
        text = self.directory.without_names(meant)
        names = [*analysis.bodies, *getattr(analysis, "people", [])]
        names += [alias for alias, body in self.directory.names.items() if body in names]
        for name in sorted(set(names), key=len, reverse=True):
            text = re.sub(rf"(?i)\b{re.escape(name)}\b", " ", text)
        return text

    def _voice(
        self,
        body: str,
        meant: str,
        vector: np.ndarray,
        filters: Filters,
        n: int,
        floor: float = ADDRESSED_FLOOR,
    ) -> _Voice:
        if self.general:
            found = self.statements.search(body, meant, vector, filters, limit=3 * n, topics=[])
            found = sorted(found, key=lambda s: (s.stance in (None, "neutral"), -s.relevance))[:n]
        else:
            candidates = self.statements.search(body, meant, vector, filters, n, self.topics)
            found = self.statements.addressed(candidates, floor)
            if not found and candidates and candidates[0].relevance >= NEAREST_FLOOR:
                return _Voice(body, [], None, nearest=candidates[0])
        return _Voice(body, found, overall_stance([s.stance for s in found]) if found else None)

    # --------------------------------------------------------------------------- answers
    def about_bodies(
        self,
        question: str,
        meant: str,
        bodies: list[str],
        unknown: list[str],
        analysis: Analysis,
        vector: np.ndarray,
        filters: Filters,
    ) -> Answer:
        """One body's view, or whether several named bodies agree."""
        per_body = MAX_QUOTES if len(bodies) <= 1 else max(PER_BODY, MAX_QUOTES // len(bodies))
        voices = [self._voice(b, meant, vector, filters, per_body) for b in bodies]
        writer = _Writer(self, question, analysis)
        for voice in voices:
            writer.cite(voice)
        heard = [v for v in voices if v.addressed]
        opening = []
        if len(heard) == 1:
            opening.append(writer.one_view(heard[0]))
        elif heard:
            opening.append(writer.agreement(heard))
        opening += [writer.nearest(v) for v in voices if v.nearest is not None]
        silent = [v.body for v in voices if not v.addressed and v.nearest is None]
        opening += [writer.silent(body) for body in silent]
        opening += [writer.unknown(name) for name in unknown]
        return writer.finish(opening, voices, silent, answered=bool(heard))

    def across_bodies(
        self, question: str, meant: str, analysis: Analysis, vector: np.ndarray, filters: Filters
    ) -> Answer | None:
        """Which bodies hold a view, or an overview of views, grouped by stance."""
        wanted = asked_stance(meant) if analysis.intent == "which-bodies" else None
        voices = []
        for body in self.statements.bodies:
            if self.directory.is_government(body):
                continue
            if filters.bodies and body.lower() not in {b.lower() for b in filters.bodies}:
                continue
            voice = self._voice(body, meant, vector, filters, 1, WHICH_FLOOR)
            if voice.addressed and (wanted is None or voice.stance in (wanted, "mixed")):
                voices.append(voice)
        if not voices:
            return None
        voices.sort(key=lambda v: -v.found[0].relevance)
        limit = MAX_BODIES_ALL if _ALL.search(meant) else MAX_QUOTES
        shown = voices[:limit]
        writer = _Writer(self, question, analysis)
        for voice in shown:
            writer.cite(voice)
        opening = [writer.grouped(shown, len(voices))]
        if wanted is None and len(voices) > 1 and len({v.stance for v in voices}) == 1:
            opening.append(writer.one_sided(voices))
        government = [] if filters.bodies else self._government(meant, vector, filters)
        for voice in government:
            writer.cite(voice, position=False)
            opening.append(writer.government(voice))
        return writer.finish(opening, shown)

    def _government(self, meant: str, vector: np.ndarray, filters: Filters) -> list[_Voice]:
        """The government's own statements on the point: its proposals, shown apart."""
        bodies = [b for b in self.statements.bodies if self.directory.is_government(b)]
        voices = [self._voice(b, meant, vector, filters, 1) for b in bodies]
        return [v for v in voices if v.addressed]

    def nearest_names(self, name: str) -> list[str]:
        """Bodies held whose names are closest to one the documents never quote."""
        held = self.statements.bodies
        by_lower = {b.lower(): b for b in held}
        close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.5)
        return [by_lower[c] for c in close]


class _Writer:
    """The text, citations and positions of one answer about views."""

    def __init__(self, owner: OpinionAnswerer, question: str, analysis: Analysis) -> None:
        self.owner = owner
        self.question = question
        self.analysis = analysis
        self.citations: list[Citation] = []
        self.positions: list[Position] = []
        self.by_key: dict[tuple[int, int], int] = {}
        self.notes: list[str] = []

    def cite(self, voice: _Voice, position: bool = True) -> None:
        data = self.owner.data
        for s in voice.found:
            key = (s.passage, s.sentence)
            if key not in self.by_key:
                evidence = Evidence(s.passage, s.sentence, s.relevance, s.similarity)
                self.by_key[key] = len(self.citations) + 1
                self.citations.append(citation_for(data, evidence, self.by_key[key]))
            n = self.by_key[key]
            if position and not any(
                p.citation == n and p.body == voice.body for p in self.positions
            ):
                self.positions.append(
                    Position(
                        body=voice.body,
                        topic=self._topic_of(s),
                        stance=s.stance or "neutral",
                        quote=self._citation(n).quote,
                        citation=n,
                    )
                )
            voice.cited.append(n)

    def _topic_of(self, s: Statement) -> str:
        """The topic a quote is shown under: the one asked about, since the sentence was found
        by searching with the question (its own tags may miss real wording); the sentence's
        own main topic for a question about the paper as a whole."""
        own = self.owner.data.passages[s.passage].sentences[s.sentence].topics
        asked = [t for t in self.analysis.topics if t != "overall"]
        if len(asked) == 1:
            return asked[0]
        for topic in asked:
            if topic in own:
                return topic
        return own[0] if own else (asked or ["overall"])[0]

    def _citation(self, n: int) -> Citation:
        return self.citations[n - 1]

    def _says(self, voice: _Voice) -> str:
        """`Saffron Cordery says “...” [1]`: the best statement, by its speaker when known."""
        n = voice.cited[0]
        c = self._citation(n)
        who = c.speaker or "it"
        return f"{markdown_text(who)} says {quoted(c.quote)} [{n}]"

    def one_view(self, voice: _Voice) -> str:
        stance = voice.stance or "neutral"
        return f"{markdown_text(voice.body)} {STANCE_PHRASES[stance]}: {self._says(voice)}."

    def agreement(self, voices: list[_Voice]) -> str:
        stances = {v.stance for v in voices}
        names = [f"{markdown_text(v.body)} [{v.cited[0]}]" for v in voices]
        if len(stances) == 1:
            stance = stances.pop() or "neutral"
            verdict = "They agree" if stance != "neutral" else "Neither takes a clear side"
            return f"{verdict}: {joined(names)} {STANCE_PHRASES_PLURAL[stance]}."
        parts = [
            f"{markdown_text(v.body)} {STANCE_PHRASES[v.stance or 'neutral']} [{v.cited[0]}]"
            for v in voices
        ]
        return f"They differ: {parts[0]}, while {joined(parts[1:])}."

    def grouped(self, voices: list[_Voice], total: int) -> str:
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
        return f"{count} quoted on this{shown}: {'; '.join(parts)}."

    def one_sided(self, voices: list[_Voice]) -> str:
        stance = voices[0].stance or "neutral"
        label = f"all {len(voices)} bodies quoted {STANCE_PHRASES_PLURAL[stance]}"
        self.notes.append(f"One side only: {label}.")
        return f"One side only: {label}; no body quoted here takes another view."

    def government(self, voice: _Voice) -> str:
        n = voice.cited[0]
        return (
            f"The government's own position (its proposals, not a respondent's view): "
            f"{quoted(self._citation(n).quote)} [{n}]."
        )

    def nearest(self, voice: _Voice) -> str:
        """Neither an answer nor silence: the closest the body came, shown as that."""
        s = voice.nearest
        assert s is not None
        key = (s.passage, s.sentence)
        if key not in self.by_key:
            evidence = Evidence(s.passage, s.sentence, s.relevance, s.similarity)
            self.by_key[key] = len(self.citations) + 1
            self.citations.append(citation_for(self.owner.data, evidence, self.by_key[key]))
        n = self.by_key[key]
        return (
            f"Nothing {markdown_text(voice.body)} said in the documents I hold answers this "
            f"clearly; the nearest is {quoted(self._citation(n).quote)} [{n}]."
        )

    def silent(self, body: str) -> str:
        """Said only after the body's own statements were searched and none passed the floor."""
        labels = self.owner.topic_labels
        spoke = [labels.get(t, t).lower() for t in self.owner.statements.spoke_about(body)]
        if body not in self.owner.statements.bodies:
            return f"The documents I hold mention {markdown_text(body)} but quote no view of it."
        about = f"; it spoke about {joined(spoke)}" if spoke else ""
        return f"{markdown_text(body)} is not quoted on this in the documents I hold{about}."

    def unknown(self, name: str) -> str:
        near = self.owner.nearest_names(name)
        hint = f" The nearest names I hold are {joined(near)}." if near else ""
        return f"I hold no statements by {markdown_text(name)}.{hint}"

    def finish(
        self,
        opening: list[str],
        voices: list[_Voice],
        silent: Sequence[str] = (),
        answered: bool | None = None,
    ) -> Answer:
        answer_ok = bool(self.citations) if answered is None else answered
        lines = [" ".join(opening), ""]
        quoted_voices = [v for v in voices if v.cited]
        for v in quoted_voices:
            shown = list(dict.fromkeys(v.cited))
            if len(quoted_voices) > 1:
                lines.append(f"**{markdown_text(v.body)}**\n")
            else:
                shown = shown[1:]  # the opening quotes the first already
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
