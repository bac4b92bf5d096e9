"""What a sentence is about: the topics of knowledge/topics.yaml, by readable word rules.

`tag_topics` finds a topic's `terms` in a sentence (stemmed, with generic terms counting only
when nothing more specific is found); `topics_of` adds the rule that a view on nothing more
specific is a view on the white paper as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import SourceError
from assistant.models import Stance

DEFAULT_TOPICS_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "topics.yaml"


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    terms: tuple[str, ...]


def load_topics(path: Path = DEFAULT_TOPICS_PATH) -> list[Topic]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [
        Topic(
            id=str(t["id"]),
            label=str(t.get("label", t["id"])),
            description=str(t.get("description", "")),
            terms=tuple(_term(term, str(t["id"]), path) for term in t.get("terms", [])),
        )
        for t in data["topics"]
    ]


def _term(term: object, topic: str, path: Path) -> str:
    """A term as written; one YAML read as a number was not meant as one ("250,000" unquoted
    in a list is the two terms 250 and 0), so it must be quoted."""
    if not isinstance(term, str):
        raise SourceError(
            f"{Path(path).name}: topic '{topic}' has a term that is not text ({term!r}); "
            "put it in quotes"
        )
    return term


# ------------------------------------------------------------------------------------ topics
# The topic whose terms are generic, and which of its terms apply only when no other topic matched.
FALLBACK_TOPIC = "overall"
GENERIC_TERMS = frozenset({"integration", "proposals", "plan", "direction"})
# Idioms whose words are topic terms but which are not about the topic ("in place by 2024").
NON_TOPIC_IDIOMS = re.compile(r"\b(?:in|take[sn]?|taking|took|first) place\b", re.IGNORECASE)
_WORD = re.compile(r"£|[A-Za-z0-9]+")


def _stem(word: str) -> str:
    """A deliberately small stemmer: pooled/pooling -> pool, integrated/integration -> integrat."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    for suffix in ("ing", "ion", "ed", "es", "ly", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def stem(word: str) -> str:
    """The stem topic terms are matched on, for other modules comparing words the same way."""
    return _stem(word)


def _keys(text: str) -> list[tuple[str, str]]:
    """Each word as (original, stem); the original is kept for case-sensitive acronyms."""
    return [(w, _stem(w)) for w in _WORD.findall(text)]


def _term_spans(
    term: tuple[tuple[str, str], ...], words: list[tuple[str, str]]
) -> list[tuple[int, int]]:
    """Word spans (start, end) where the term occurs."""

    def same(t: tuple[str, str], w: tuple[str, str]) -> bool:
        if len(t[0]) > 1 and t[0].isupper():  # acronyms (IT, ICS, CQC) match only in capitals
            return w[0] in (t[0], t[0] + "s")
        return t[1] == w[1]

    n = len(term)
    return [
        (i, i + n)
        for i in range(len(words) - n + 1)
        if all(same(term[j], words[i + j]) for j in range(n))
    ]


@lru_cache(maxsize=64)
def _topic_terms(topic: Topic) -> tuple[tuple[tuple[tuple[str, str], ...], bool], ...]:
    """Each term as stemmed words, with whether it is a generic (fallback-only) term."""
    generic = topic.id == FALLBACK_TOPIC
    return tuple(
        (tuple(_keys(term)), generic and term.lower() in GENERIC_TERMS)
        for term in topic.terms
        if _keys(term)
    )


def tag_topics(text: str, topics: list[Topic]) -> list[str]:
    """Topic ids the text is about, in the order of `topics`; [] when no term matches.

    The longest term wins where terms overlap: "pooled budgets" is about pooling, not about
    the money in general that "budget" alone would suggest.
    """
    words = _keys(NON_TOPIC_IDIOMS.sub(" ", text))
    specific: dict[str, list[tuple[int, int]]] = {}
    generic: set[str] = set()
    for topic in topics:
        for term, is_generic in _topic_terms(topic):
            spans = _term_spans(term, words)
            if spans and is_generic:
                generic.add(topic.id)
            elif spans:
                specific.setdefault(topic.id, []).extend(spans)
    every = [(span, tid) for tid, spans in specific.items() for span in spans]

    def inside_longer(span: tuple[int, int], tid: str) -> bool:
        return any(
            o != tid and s <= span[0] and span[1] <= e and e - s > span[1] - span[0]
            for (s, e), o in every
        )

    found = {
        tid for tid, spans in specific.items() if not all(inside_longer(sp, tid) for sp in spans)
    }
    if not specific:
        found = generic
    return [t.id for t in topics if t.id in found]


def topics_of(text: str, stance: Stance, topics: list[Topic]) -> list[str]:
    """The topics of an attributed sentence: a view on nothing more specific is a view on the
    white paper as a whole ("Another rearrangement of the furniture"), since every document
    here responds to it; a description on no topic stays untagged."""
    return with_fallback(tag_topics(text, topics), stance, topics)


def with_fallback(found: list[str], stance: Stance, topics: list[Topic]) -> list[str]:
    """`found`, or the white paper overall for a view that found no topic (see `topics_of`)."""
    if not found and stance != "neutral" and any(t.id == FALLBACK_TOPIC for t in topics):
        return [FALLBACK_TOPIC]
    return found
