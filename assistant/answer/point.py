"""The particular point a question asks about, and whether a sentence speaks to it.

Every document here is about integration, so a sentence on the question's topic passes the
relevance floors whether or not it says anything about what was asked: a date for shared
outcomes for a question about when guidance is published, the levy's yield for the budget of
a fund it never names (assistant.answer.expected). The words every document uses ("care",
"health") say nothing about the point; the question's other content words do. A sentence
speaks to the point when it holds one of them, compared on word stems, or a term of a topic
whose terms the question uses (knowledge/topics.yaml): "digital" for "the data plans".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from assistant.analysis.topics import Topic, stem, tag_topics
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData

# A word in more than this share of the index's passages is the corpus's own vocabulary
# ("care", "health", "social"): holding it says nothing about the point asked.
COMMON_SHARE = 0.4


def stems(text: str) -> set[str]:
    """The stems of a text's content words."""
    return {stem(w) for w in search_terms(text)}


class PointWords:
    """The point words of questions over one index version (which words are common is the
    index's to say)."""

    def __init__(
        self, data: IndexData, topics: Sequence[Topic], common_share: float = COMMON_SHARE
    ) -> None:
        frequency: Counter[str] = Counter()
        for passage in data.passages:
            source = data.sources[passage.source_id]
            frequency.update(stems(source.text[passage.start : passage.end]))
        total = max(len(data.passages), 1)
        self.common = {w for w, n in frequency.items() if n / total > common_share}
        self.topics = list(topics)
        self.terms = {t.id: set().union(*map(stems, t.terms)) for t in self.topics}

    def of(self, question: str, ignored: Iterable[str] = ()) -> set[str]:
        """The stems of the question's words that name its point: content words less the
        `ignored` ones (words that ask for views, money words, dates) and the common ones."""
        skip = set(ignored)
        return {
            stem(w)
            for w in search_terms(question)
            if w not in skip and stem(w) not in skip and stem(w) not in self.common
        }

    def accepted(self, question: str, point: set[str]) -> set[str]:
        """The stems a sentence may hold to speak to the point: the point's own and, for each
        topic whose terms the question uses ("data plans"), the words of that topic's other
        terms ("records", "digital"), less the common words."""
        wider = set(point)
        for topic in tag_topics(question, self.topics):
            wider |= self.terms[topic] - self.common
        return wider

    def speaks_to(self, question: str, point: set[str], text: str) -> bool:
        """Whether the text holds a word of the question's point (always, when it has none)."""
        return not point or bool(self.accepted(question, point) & stems(text))
