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
from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.answer.statements import (
    ADDRESSED_FLOOR,
    NEAREST_FLOOR,
    WHICH_FLOOR,
    BodyStatements,
    Statement,
)
from assistant.answer.view_answer import ViewWriter, Voice, overall_stance
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.models import Answer, Filters, Stance

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
    "published sector body bodie stand differ agree disagree compare "
    # words for a stance, which ask how a body leans, not about a point
    "critical positive negative favourable supportive keen happy "
    "support supported back backed backing welcome welcomed favour oppose opposed endorse "
    "endorsed approve approved like liked "
    # the paper's aims, which a view of the paper as a whole answers
    "ambition aim direction "
    # words for a verdict on the paper as a whole
    "verdict assessment reading reception judgement judgment".split()
)
_PRONOUNS = frozenset("they them their it its he she his her this that those these".split())
_ALL = re.compile(r"\b(?:all|every|each|full list|list)\b", re.IGNORECASE)
PER_BODY = 2  # quotes per body when several bodies are asked about
MAX_QUOTES = 6  # quotes in an answer unless the question asks for all
MAX_BODIES_ALL = 20


# A question with this many content words or fewer may also be answered by its topic.
THIN_QUESTION = 1


class Analysis(Protocol):
    """What this module reads of a question's analysis (assistant.answer.query.Query)."""

    intent: str
    bodies: list[str]
    unknown_bodies: list[str]
    topics: list[str]


def _without_misspelt(text: str, names: list[str]) -> str:
    """The text less words that are misspellings of a word of the names ("Nuffeild")."""
    name_words = {w.lower() for n in names for w in re.findall(r"[A-Za-z]{4,}", n)}
    if not name_words:
        return text

    def keep(match: re.Match[str]) -> str:
        word = match.group().lower()
        close = difflib.get_close_matches(word, name_words, n=1, cutoff=0.8)
        return " " if close else match.group()

    return re.sub(r"[A-Za-z]{4,}", keep, text)


def _stance_first(found: list[Statement], stance: Stance | None) -> list[Statement]:
    """The statements with the best one that shows the body's overall stance first, since the
    opening quotes the first: "has concerns" must be followed by a concern, not a welcome.
    For a mixed view, the best statement that takes any side leads."""
    wanted = ("support", "concern", "mixed") if stance == "mixed" else (stance,)
    lead = next((s for s in found if s.stance in wanted), None)
    return found if lead is None else [lead, *(s for s in found if s is not lead)]


def asked_stance(question: str) -> Stance | None:
    """The stance a question asks about ("who opposed ...", "does anyone welcome ..."), if any."""
    return next((s for s, pattern in _ASKED_STANCE if pattern.search(question)), None)


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
        self.tagged: list[str] = []  # the topics whose tags earn a statement TOPIC_BONUS
        self.also: np.ndarray | None = None  # the question with its topic, for a one-word point

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
        about = self._without_names(self._asked(meant, analysis), analysis)
        self.topics = [t for t in analysis.topics if t != "overall"]
        # A question about the paper as a whole is answered by what was tagged as a view of it.
        self.tagged = self.topics or [t for t in analysis.topics if t == "overall"]
        content = set(search_terms(about)) - _GENERAL_WORDS
        labels = " ".join(self.topic_labels.get(t, t) for t in self.topics)
        self.also = None
        if self.topics and not content:
            about = labels  # "and the CCN, then?" on a topic: the words say nothing, the topic does
        elif self.topics and len(content) <= THIN_QUESTION and analysis.bodies:
            # a point asked in one word ("and on cost?") is a thin thing to match sentences by,
            # so a statement may also answer by matching the topic the word was read as
            self.also = self.embed(f"{about} {labels}")
        vector = self.embed(about) if analysis.bodies else vector
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
            speakers = self._speakers_asked(held, analysis)
            return self.about_bodies(
                question, meant, held, unknown, analysis, vector, filters, speakers
            )
        return self.across_bodies(question, meant, analysis, vector, filters)

    def _speakers_asked(self, bodies: list[str], analysis: Analysis) -> dict[str, str]:
        """body -> the one person the question asks about who speaks for it ("what did Baroness
        Thornton say?" asks for her words, not her party's); bodies named alone get none."""
        people = getattr(analysis, "people", [])
        found: dict[str, str] = {}
        for body in bodies:
            heard = [p for p in people if p in self.statements.speakers(body)]
            if len(heard) == 1:
                found[body] = heard[0]
        return found

    @staticmethod
    def _asked(meant: str, analysis: Analysis) -> str:
        """What to search the bodies' statements with: for a follow-up that asks something of
        its own ("and did they mention the cost?"), that question alone, since the earlier
        one only supplies who "they" are and would drown the new point in the old."""
        own = getattr(analysis, "question", "")
        if getattr(analysis, "follow_up", False) and own:
            if set(search_terms(own)) - _GENERAL_WORDS - _PRONOUNS:
                return own
        return meant

    def held_name(self, name: str) -> str | None:
        """The body held under a name bodies.yaml does not know: a body a document introduced,
        by a short form ("Thornbury" for "Thornbury Borough Council") or a close spelling."""
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
        aliases = {**self.directory.asked_as, **self.directory.names}
        names += [alias for alias, body in aliases.items() if body in names]
        for name in sorted(set(names), key=len, reverse=True):
            text = re.sub(rf"(?i)\b{re.escape(name)}\b", " ", text)
        return _without_misspelt(text, names)

    def _voice(
        self,
        body: str,
        meant: str,
        vector: np.ndarray,
        filters: Filters,
        n: int,
        floor: float = ADDRESSED_FLOOR,
        speaker: str | None = None,
    ) -> Voice:
        """The body's statements for the question (only `speaker`'s, when one person is asked
        about), with the stance they add up to."""
        if not self.statements.rows.get(body) and (reported := self._reported(body, meant, vector)):
            return Voice(body, [], None, reported=reported)
        search = self.statements.search
        if self.general:
            found = search(body, meant, vector, filters, 3 * n, [], speaker)
            found = sorted(found, key=lambda s: (s.stance in (None, "neutral"), -s.relevance))[:n]
        else:
            candidates = search(body, meant, vector, filters, n, self.tagged, speaker)
            if self.also is not None:
                by_topic = search(body, meant, self.also, filters, n, self.tagged, speaker)
                candidates = _best_of(candidates, by_topic, n)
            found = self.statements.addressed(candidates, floor)
            if not found and candidates and candidates[0].relevance >= NEAREST_FLOOR:
                return Voice(body, [], None, nearest=candidates[0], speaker=speaker)
        stance = overall_stance([s.stance for s in found]) if found else None
        return Voice(body, _stance_first(found, stance), stance, speaker=speaker)

    def _reported(self, body: str, meant: str, vector: np.ndarray) -> list[Statement]:
        """Other bodies' statements that name a body with none of its own and answer the
        question ("we support the call from the Alzheimer's Society to ..."), best first."""
        names = [n for n, b in self.directory.names.items() if b == body] + [body.lower()]
        found = []
        for other in self.statements.bodies:
            if other == body:
                continue
            for s in self.statements.search(other, meant, vector, None, 3, self.tagged):
                text = self.statements.text(s.passage, s.sentence).lower().replace("’", "'")
                if s.relevance >= ADDRESSED_FLOOR and any(
                    re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names
                ):
                    found.append(s)
        return sorted(found, key=lambda s: -s.relevance)[:PER_BODY]

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
        speakers: Mapping[str, str] | None = None,
    ) -> Answer:
        """One body's view, or whether several named bodies agree; a body in `speakers` is
        heard only through the person the question names."""
        per_body = MAX_QUOTES if len(bodies) <= 1 else max(PER_BODY, MAX_QUOTES // len(bodies))
        speakers = speakers or {}
        voices = [
            self._voice(b, meant, vector, filters, per_body, speaker=speakers.get(b))
            for b in bodies
        ]
        writer = ViewWriter(self, question, analysis)
        for voice in voices:
            writer.cite(voice)
        heard = [v for v in voices if v.addressed]
        opening = []
        if len(heard) == 1:
            opening.append(writer.one_view(heard[0]))
        elif heard:
            opening.append(writer.agreement(heard))
        opening += [writer.nearest(v) for v in voices if v.nearest is not None]
        opening += [writer.reported(v) for v in voices if v.reported]
        quiet = [v for v in voices if not v.addressed and v.nearest is None and not v.reported]
        silent = [v.body for v in quiet if v.speaker is None]  # one person's silence is not
        # their body's: others may speak for it
        opening += [writer.silent(v.body, v.speaker) for v in quiet]
        opening += [writer.unknown(name) for name in unknown]
        reported = any(v.reported for v in voices)
        return writer.finish(opening, voices, silent, answered=bool(heard) or reported)

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
            if voice.addressed and (
                wanted is None
                or voice.stance in (wanted, "mixed")
                or self.statements.holds_quoted(voice.found[0], meant)
            ):
                voices.append(voice)
        if not voices:
            return None
        voices.sort(key=lambda v: -v.found[0].relevance)
        # "Which bodies ...?" asks for the list: every body that passed is named and cited;
        # quotes are shown for the first few, unless the question asks for all of them.
        named = voices[:MAX_BODIES_ALL] if analysis.intent == "which-bodies" else voices
        limit = MAX_BODIES_ALL if _ALL.search(meant) else MAX_QUOTES
        shown = voices[:limit]
        writer = ViewWriter(self, question, analysis)
        for voice in [*shown, *(v for v in named if v not in shown)]:
            writer.cite(voice)
        opening = [writer.grouped(named if len(named) > len(shown) else shown, len(voices))]
        if wanted is None and len(voices) > 1 and len({v.stance for v in voices}) == 1:
            opening.append(writer.one_sided(voices))
        government = [] if filters.bodies else self._government(meant, vector, filters)
        for voice in government:
            writer.cite(voice, position=False)
            opening.append(writer.government(voice))
        return writer.finish(opening, shown)

    def _government(self, meant: str, vector: np.ndarray, filters: Filters) -> list[Voice]:
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


def _best_of(first: list[Statement], second: list[Statement], n: int) -> list[Statement]:
    """The `n` most relevant of two searches' statements, each at its better relevance."""
    best: dict[tuple[int, int], Statement] = {}
    for s in [*first, *second]:
        key = (s.passage, s.sentence)
        if key not in best or s.relevance > best[key].relevance:
            best[key] = s
    return sorted(best.values(), key=lambda s: (-s.relevance, s.passage, s.sentence))[:n]
