"""Follow-ups: whether a question leans on the one before it, what it borrows, and the question
as meant.

Helpers of assistant.answer.query, kept apart so each file stays readable. "and the LGA?",
"what did she say about it?", "is that realistic?" cannot be understood alone: they borrow the
bodies, people and topics of the question they follow, and retrieval searches for the question
as meant ("What did the LGA say about pooled budgets?"), not as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.analysis.topics import Topic
from assistant.answer.intent import FILLER, Intent
from assistant.answer.mentions import Mention

if TYPE_CHECKING:
    from assistant.answer.query import Query

_OPENER = re.compile(
    r"^\W*(?:and|but|also|or|what\s+about|how\s+about|what\s+of|then|instead|actually|sorry|"
    r"same\s+(?:question\s+|thing\s+)?(?:for|about|with)|(?:no,?\s+)?i\s+meant?)\b",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|those|these)\b", re.IGNORECASE)
_BODY_PRONOUN = re.compile(r"\b(?:they|them|their|theirs)\b", re.IGNORECASE)
_PERSON_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(?:it|its)\b", re.IGNORECASE)
_GROUPS = re.compile(r"\b(?:bodies|organisations|councils|people|everyone|sector)\b", re.I)


def leans_on_history(
    text: str, bodies: list[Mention], people: list[Mention], topics: Sequence[Topic]
) -> bool:
    """Whether a question with history cannot be understood without it."""
    from assistant.analysis.topics import tag_topics

    lead = FILLER.match(text)
    body = text[lead.end() :] if lead else text
    words = re.findall(r"[\w'’]+", body)
    thing = _THING_PRONOUN.search(body)
    # "it" refers back unless the question itself named something before it
    named_before = thing is not None and (
        bool(tag_topics(body[: thing.start()], list(topics)))
        or any(b.start < thing.start() + (lead.end() if lead else 0) for b in bodies)
    )
    return bool(
        _OPENER.search(body)
        or len(words) <= 2
        or (_PERSON_PRONOUN.search(body) and not people)
        or (_BODY_PRONOUN.search(body) and len(bodies) < 2 and not _GROUPS.search(body))
        or (thing and not named_before)
        or re.search(r"\b(?:enough|agree|agrees|disagree|differ|else|that|this)\W*$", body, re.I)
        or re.search(
            r"\b(?:more|quotes?|sources?|details?|examples?|further|again)\W*$", body, re.I
        )
        or (
            len(words) <= 6
            and _DEMONSTRATIVE.search(body)
            and not bodies
            and not people
            and not tag_topics(body, list(topics))
        )  # "is that realistic?"
        or re.search(r"\b(?:who|anyone|anybody|any\s+body)\s+else\b", body, re.I)
    )


def inherit(
    text: str,
    names: list[str],
    who: list[str],
    topics: list[str],
    intent: Intent,
    previous: Query,
) -> tuple[list[str], list[str], list[str]]:
    """Bodies, people and topics a follow-up borrows from the question it follows."""
    to_bodies = bool(_BODY_PRONOUN.search(text)) or (
        bool(re.search(r"\bagree\w*\W*$|\bagree\s+with\s+(?:them|that)\b", text, re.I))
    )
    to_person = bool(_PERSON_PRONOUN.search(text))
    if not names and not who:
        names, who = list(previous.bodies), list(previous.people)
    elif to_bodies or (to_person and not who):
        names = list(dict.fromkeys([*previous.bodies, *names]))
        who = list(dict.fromkeys([*previous.people, *who]))
    # a date asked about a proposal leaves with the "when", unless the talk is still of the date
    # ("when is it due?" then "is that realistic?"); a date that was the subject stays
    dated = intent == "when" or previous.intent == "when"
    borrowed = [t for t in previous.topics if t != "timeline" or dated or previous.topics == [t]]
    if intent == "person":  # "which organisation is she from?" is about her, not the subject
        borrowed = []
    if not topics:
        topics = borrowed
    elif _THING_PRONOUN.search(text):  # "how much will it cost?": the cost of the earlier subject
        topics = [t for t in [*borrowed, *topics] if t != "overall" or len(topics) == 1]
        topics = list(dict.fromkeys(topics))
    return names, who, topics


def resolved(
    question: str,
    previous: Query,
    bodies: list[str],
    people: list[str],
    names: Callable[[str], tuple[list[Mention], list[Mention]]],
) -> str:
    """The follow-up as meant: the earlier question asked of the new body ("and the Nuffield
    Trust?"), pronouns for the people and bodies it borrowed written in, or else the earlier
    question read with it."""
    text = question
    new = [b for b in bodies if b not in previous.bodies]
    if new and _OPENER.search(text) and len(text.split()) <= 6:
        earlier = previous.text
        spans = [m for m in names(earlier)[0] if m.name in previous.bodies]
        if spans:
            joined = " and ".join(new)
            for m in reversed(spans[1:]):
                earlier = earlier[: m.start] + earlier[m.end :]
            first = spans[0]
            if earlier[first.start : first.end].lower().startswith("the "):
                joined = re.sub(r"^(?!the )", "the ", joined, flags=re.IGNORECASE)
            return re.sub(r"\s+", " ", earlier[: first.start] + joined + earlier[first.end :])
    if people and _PERSON_PRONOUN.search(text):
        name = people[0]
        text = re.sub(r"\b(?:he|she|him)\b", name, text, flags=re.IGNORECASE)
        text = re.sub(r"\b(?:his|her|hers)\b", f"{name}'s", text, flags=re.IGNORECASE)
        return text
    if previous.bodies and _BODY_PRONOUN.search(text):
        joined = " and ".join(previous.bodies)
        text = re.sub(r"\b(?:they|them)\b", joined, text, flags=re.IGNORECASE)
        return re.sub(r"\b(?:their|theirs)\b", f"{joined}'s", text, flags=re.IGNORECASE)
    return f"{previous.text} {question}"
