"""One typed reading of a question: what it asks for, about whom, on what, and when.

Every later step of the answer path needs the same facts about a question (is it about views?
which bodies? which topic? is it a follow-up?), and reading them in several places lets the
readings disagree. `analyse_question` reads them once, into a frozen `Query`.

How the chain should call it::

    analyser = QuestionAnalyser(
        directory=directory,          # Directory.load(bodies.yaml).with_names(manifest["names"])
        topics=topics,                # load_topics(topics.yaml)
        people=known_people(bodies),  # every person in bodies.yaml, reporters included
        spelling=vocabulary,          # assistant.answer.spelling.Vocabulary of the index, or None
        encoder=encoder,              # the shared Encoder, or None for rules only
        dated=dated,                  # DatedSubjects of the index's dated commitments, or None
    )
    query = analyser.analyse(question, history, vector=encoder.query(question))

`analyse_question(question, history, directory=..., topics=...)` does the same in one call.
Build the analyser when an index version opens (its directory carries the short names that
version's documents define) and keep it for every question on that version.

What the fields mean (eval/query_analysis.yaml is the contract, and `make query-analysis` scores
this module against it):

- `intent`: fact, when, quantity, person, body-view, which-bodies, agreement, overview or
  out-of-scope; for a follow-up, the intent of the question as resolved. `about_views` says
  whether the positions table should answer it. `other_intents`: the later parts of a
  multi-part question, where they ask for something else.
- `bodies`: canonical names in the order named (a person stands for their body); unknown
  organisations appear as typed and also in `unknown_bodies`, which means "not in bodies.yaml":
  whether any document mentions them is for the caller to check (CorpusNames.missing).
- `people`: full names as in bodies.yaml when known (misspellings put right), else as typed.
- `topics`: topic ids; `overall` only when the white paper as a whole is the object, and
  `timeline` added when a date is asked about a proposal.
- `time`: a year, date or period the question names ("April 2023", "2022-23"), else None.
- `follow_up`: the question cannot be understood without its history; `resolved` is then the
  question as meant, with what it borrowed written in, for retrieval to search.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import Topic
from assistant.answer.dated import DatedSubjects
from assistant.answer.dates import find_time
from assistant.answer.followups import inherit, leans_on_history, resolved
from assistant.answer.intent import INTENTS, Intent, Reading, cue_words, split_parts
from assistant.answer.mentions import Mention, find_bodies, find_people
from assistant.answer.question_intent import IntentReader, form_features
from assistant.answer.question_topics import QuestionTopics
from assistant.answer.reading import (
    Part,
    Speller,
    asks_document_details,
    read_parts,
    respelled,
    topics_of,
)
from assistant.embedding import Encoder

__all__ = ["INTENTS", "Query", "QuestionAnalyser", "Speller", "analyse_question", "known_people"]

VIEW_INTENTS = frozenset({"body-view", "which-bodies", "agreement", "overview"})


class Query(BaseModel):
    """The analysis of one question; see the module docstring for what each field means."""

    model_config = ConfigDict(frozen=True)

    question: str
    intent: Intent
    other_intents: list[Intent] = Field(default_factory=list)
    follow_up: bool = False
    resolved: str | None = None
    bodies: list[str] = Field(default_factory=list)
    unknown_bodies: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    time: str | None = None

    @property
    def about_views(self) -> bool:
        """Whether the question asks what bodies think (answered from the positions table)."""
        return self.intent in VIEW_INTENTS

    @property
    def text(self) -> str:
        """The question to search for: the resolved one for a follow-up."""
        return self.resolved or self.question

    def with_missing(self, missing: list[str]) -> Query:
        """The query with names no document mentions counted as unknown bodies."""
        unknown = list(dict.fromkeys([*self.unknown_bodies, *missing]))
        bodies = list(dict.fromkeys([*self.bodies, *missing]))
        return self.model_copy(update={"unknown_bodies": unknown, "bodies": bodies})


def known_people(bodies_yaml: Path) -> dict[str, str]:
    """Every person bodies.yaml lists, full name -> body, reporters included: a question about
    a reporter ("who is <reporter>?") is about their publication, although attribution never
    lets a reporter speak for it."""
    data = yaml.safe_load(bodies_yaml.read_text(encoding="utf-8")) if bodies_yaml.exists() else {}
    people: dict[str, str] = {}
    for body in (data or {}).get("bodies", []):
        for person in body.get("people") or []:
            people[person["name"] if isinstance(person, dict) else str(person)] = body["name"]
    return people


class QuestionAnalyser:
    """The collaborators question analysis needs, held for one index version."""

    def __init__(
        self,
        directory: Directory,
        topics: Sequence[Topic],
        people: Mapping[str, str] | None = None,
        spelling: Speller | None = None,
        encoder: Encoder | None = None,
        dated: DatedSubjects | None = None,
        learned: QuestionTopics | None = None,
        intents: IntentReader | None = None,
    ) -> None:
        self.directory = directory
        self.dated = dated
        self.learned = learned  # topics by meaning for a question the word rules give none
        self.intents = intents  # intent by meaning, where its policy lets it overrule the cues
        self.topics = list(topics)
        self.people = dict(people if people is not None else directory.people)
        self.spelling = spelling
        self.encoder = encoder
        self._topic_vectors: np.ndarray | None = None
        self._protected: frozenset[str] | None = None

    def topic_vectors(self) -> np.ndarray | None:
        """Each topic's label and description embedded, once (None without a model)."""
        if self._topic_vectors is None and self.encoder is not None:
            labels = [f"{t.label}: {t.description}" for t in self.topics]
            self._topic_vectors = np.stack([self.encoder.query(label) for label in labels])
        return self._topic_vectors

    def analyse(
        self, question: str, history: Sequence[str] = (), vector: np.ndarray | None = None
    ) -> Query:
        """The analysis of `question`, earlier questions (oldest first) read for follow-ups.

        `vector` is the question's embedding if the caller already has it; without it (and with
        an encoder) the question is embedded here, only when its words name no topic, and as
        retrieval will embed it (respelled), so the encoder's cache serves both.
        """
        previous = self.analyse(history[-1], history[:-1]) if history else None
        text = self._respelled(question)
        bodies, people = self._names(text)
        follow_up = previous is not None and leans_on_history(text, bodies, people, self.topics)
        carried = previous if follow_up else None
        parts = read_parts(
            text,
            split_parts(text),
            bodies,
            people,
            self.people,
            self.directory.kinds,
            self.topics,
            carried,
        )
        if follow_up and previous is not None and not parts[0].reading.cued:
            intent: Intent = previous.intent
        else:
            if not follow_up:  # a follow-up's words alone do not say what it asks
                first = self._learned_reading(question, text, parts[0], len(bodies), len(people))
                parts[0] = first
            intent = parts[0].reading.intent
        others = _other_intents(parts, intent)
        topics = topics_of(
            text,
            parts,
            bodies + people,
            self.directory,
            self.topics,
            lambda: self._embedding(vector if vector is not None else self._vector(question)),
            fresh=not follow_up,
        )
        names = _body_names(bodies, people, self.people)
        unknown = [m.name for m in bodies if not m.known]
        who = list(dict.fromkeys(m.name for m in people))
        when = find_time(text)
        if carried is not None:
            names, who, topics = inherit(text, names, who, topics, intent, carried)
            unknown = [u for u in carried.unknown_bodies if u in names] + unknown
            when = when or carried.time
        subject = self.dated.subject(text, when) if self.dated is not None else None
        if subject and not set(topics) - {"timeline", "overall"}:
            topics = [*(t for t in topics if t != "overall"), subject]  # "the spring 2023 deadline"
        if intent == "when" or "when" in others:
            topics = _with_timeline(topics, self.topics)
        order = [t.id for t in self.topics]
        if not topics:
            topics = self._learned_topics(question, text, history, parts)
        topics = sorted(topics, key=lambda t: order.index(t) if t in order else len(order))
        return Query(
            question=question,
            intent=intent,
            other_intents=others,
            follow_up=follow_up,
            resolved=resolved(question, carried, names, who, self._names) if carried else None,
            bodies=names,
            unknown_bodies=list(dict.fromkeys(unknown)),
            people=who,
            topics=topics,
            time=when,
        )

    def _learned_topics(
        self, question: str, text: str, history: Sequence[str], parts: list[Part]
    ) -> list[str]:
        """Topics by meaning for a question whose words name none, read with the question
        before it. Not for a request declined (the rules give it no topic either) nor for one
        asking a document's particulars ("who published it?"): those are about no topic,
        though their words lean towards the document's subject."""
        if self.learned is None or all(p.reading.intent == "out-of-scope" for p in parts):
            return []
        if asks_document_details(text, parts):
            return []
        vector = self._vector(" ".join([*history[-1:], question]))
        return self.learned.topics(vector) if vector is not None else []

    def _learned_reading(
        self, question: str, text: str, first: Part, bodies: int, people: int
    ) -> Part:
        """The first part with the learned intent where its policy overrules the cue words
        (the later steps, topics among them, then read it as that intent). The vector is the
        one retrieval searches with, so the encoder's cache serves both."""
        vector = self._vector(question) if self.intents is not None else None
        if self.intents is None or vector is None:
            return first
        chosen = self.intents.decide(vector, form_features(text, bodies, people), first.reading)
        if chosen == first.reading.intent:
            return first
        return dataclasses.replace(first, reading=Reading(chosen, True))

    def _respelled(self, question: str) -> str:
        """The question with misspelt words put right, names and English words left alone."""
        if self.spelling is None:
            return question
        return respelled(question, self.spelling, self._name_words())

    def _name_words(self) -> frozenset[str]:
        """Words of known names and their beginnings ("confed"), which spelling must not
        turn into document words ("confused"), and the words the intent cues read."""
        if self._protected is None:
            words = {
                w
                for name in [*self.directory.names, *self.people]
                for w in re.findall(r"[a-z]+", name.lower())
            }
            prefixes = {w[:n] for w in words for n in range(4, len(w) + 1)}
            self._protected = frozenset(prefixes | cue_words())
        return self._protected

    def _names(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """Bodies and people of the text; a person's name is never also read as a body. Names
        the documents always capitalise are read as names when typed in lower case
        ("marlcombe"), and an unknown one is still reported as typed."""
        cased = getattr(self.spelling, "cased", None)  # assistant.answer.spelling.Vocabulary
        named = cased(text) if cased is not None else text
        people = [
            _as_typed(m, named, text) for m in find_people(named, self.people, self.directory)
        ]
        bodies = [
            _as_typed(b, named, text)
            for b in find_bodies(named, self.directory)
            if not any(p.start < b.end and b.start < p.end for p in people)
        ]
        return bodies, people

    def _vector(self, question: str) -> np.ndarray | None:
        """The question embedded as retrieval embeds it (assistant.answer.chain respells the
        question it searches for), or None without a model."""
        if self.encoder is None:
            return None
        return self.encoder.query(self.spelling.respell(question) if self.spelling else question)

    def _embedding(self, vector: np.ndarray | None) -> np.ndarray | None:
        """Similarity of the question to each topic's description, or None without a model."""
        vectors = self.topic_vectors()
        return None if vector is None or vectors is None else vectors @ vector


def analyse_question(
    question: str,
    history: Sequence[str] = (),
    *,
    directory: Directory,
    topics: Sequence[Topic],
    people: Mapping[str, str] | None = None,
    spelling: Speller | None = None,
    encoder: Encoder | None = None,
    vector: np.ndarray | None = None,
) -> Query:
    """The analysis of one question; see QuestionAnalyser for keeping the collaborators."""
    analyser = QuestionAnalyser(directory, topics, people, spelling, encoder)
    return analyser.analyse(question, history, vector)


def _as_typed(mention: Mention, named: str, typed: str) -> Mention:
    """An unknown name as typed, where reading it put a capital on it (same offsets)."""
    at = named.find(mention.name, mention.start, mention.end)
    if mention.known or named == typed or at < 0:
        return mention
    return Mention(mention.start, mention.end, typed[at : at + len(mention.name)], False)


def _other_intents(parts: list[Part], first: Intent) -> list[Intent]:
    """Intents of later parts that ask for something of their own (a cued, different intent)."""
    found: list[Intent] = []
    for part in parts[1:]:
        if part.reading.cued and part.reading.intent != first and part.reading.intent not in found:
            found.append(part.reading.intent)
    return found


def _body_names(
    bodies: list[Mention],
    people: list[Mention],
    known: Mapping[str, str],
) -> list[str]:
    """Bodies in the order named, a known person standing for their body where they are named."""
    placed = [(m.start, m.name) for m in bodies]
    placed += [(p.start, known[p.name]) for p in people if p.known and p.name in known]
    return list(dict.fromkeys(name for _, name in sorted(placed)))


def _with_timeline(topics: list[str], known: Sequence[Topic]) -> list[str]:
    """A date asked about a proposal is also about the timeline (not so a document's date)."""
    subject = [t for t in topics if t not in ("timeline", "overall")]
    if not subject or "timeline" in topics:
        return topics
    order = [t.id for t in known]
    return sorted({*topics, "timeline"}, key=lambda t: order.index(t) if t in order else 99)
