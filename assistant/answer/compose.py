"""The extractive answer: choose the sentences that answer the question and quote them, cited.

Deterministic by construction: the same index and question give the same answer. Every sentence
of an answer is a verbatim quote with a `[n]` marker whose citation carries exact offsets, so the
answer can say no more than its sources do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import cached_property

from assistant.answer.evidence import Evidence
from assistant.index.versions import IndexData
from assistant.models import Answer, Citation
from assistant.text import entry_statement, quoted

# A fact is opened with the white paper's own words (or the digest's) when they score within
# this much of the best sentence: what the paper says is the answer to a question about it.
PAPER_MARGIN = 0.08
PAIR_MARGIN = 0.1


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'"))


_NAME = re.compile(
    r"\b(?:[A-Z][\w'’&.-]*|[A-Z]{2,})(?:\s+(?:of|for|and|&|the|on|in)?\s*(?:[A-Z][\w'’&.-]*))*"
)
_NOT_NAMES = {
    "what",
    "who",
    "whom",
    "which",
    "when",
    "where",
    "why",
    "how",
    "does",
    "do",
    "did",
    "is",
    "are",
    "was",
    "were",
    "can",
    "could",
    "should",
    "would",
    "will",
    "has",
    "have",
    "tell",
    "give",
    "list",
    "summarise",
    "summarize",
    "explain",
    "describe",
    "i",
    "and",
    "a",
    "an",
    "the",
    "in",
    "on",
    "of",
    "any",
    "please",
    "compare",
    "according",
}


def names_in(question: str) -> list[str]:
    """Proper names in a question: runs of capitalised words or acronyms, minus question words."""
    found = []
    for match in _NAME.finditer(question):
        words = match.group().split()
        while words and words[0].lower().strip("'’") in _NOT_NAMES:
            words = words[1:]
        while words and words[-1].lower() in {"of", "for", "and", "&", "the", "on", "in"}:
            words = words[:-1]
        name = re.sub(r"['’]s$", "", " ".join(words)).rstrip("'’.").strip()
        if name and (len(words) > 1 or name.isupper() or match.start() > 0) and len(name) > 1:
            found.append(name)
    return found


def _has_phrase(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` as whole words.

    str.find, then a look at the characters either side: a regex with a look-behind is tried at
    every position of the corpus and took 0.5 s a name at 10k passages (docs/benchmarks.md).
    """
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        start = text.find(phrase, start + 1)
    return False


class CorpusNames:
    """What the corpus mentions by name, to tell 'not covered' from 'phrased differently'."""

    def __init__(self, data: IndexData, aliases: dict[str, str]) -> None:
        self.data = data
        self.aliases = {normalise(k): v for k, v in aliases.items()}
        # Read the corpus now, as the index opens, not during someone's first question: at 100k
        # passages this takes half a minute (docs/benchmarks.md).
        self.text, self.vocabulary  # noqa: B018

    @cached_property
    def text(self) -> str:
        parts = []
        for source in self.data.sources.values():
            parts += [source.title, source.publisher or "", source.author or "", source.text]
        return " " + normalise(" ".join(parts)) + " "

    @cached_property
    def vocabulary(self) -> list[str]:
        names = {normalise(n) for s in self.data.sources.values() for n in names_in(s.text)}
        return sorted(names | set(self.aliases))

    def mentions(self, name: str) -> bool:
        key = normalise(name)
        if _has_phrase(self.text, key):
            return True
        canonical = self.aliases.get(key)
        if canonical and normalise(canonical) in self.text:
            return True
        # The quick ratios are upper bounds of ratio(), so they only skip hopeless names.
        matcher = SequenceMatcher(None, key)
        for known in self.vocabulary:
            if abs(len(known) - len(key)) > 4:
                continue
            matcher.set_seq2(known)
            if (
                matcher.real_quick_ratio() >= 0.85
                and matcher.quick_ratio() >= 0.85
                and matcher.ratio() >= 0.85
            ):
                return True
        return False

    def missing(self, question: str) -> list[str]:
        """Names in the question the documents never mention; "A and B" is checked part by part."""
        absent = []
        for name in names_in(question):
            if self.mentions(name):
                continue
            parts = [p for p in re.split(r"\s+(?:and|&)\s+", name) if p]
            if len(parts) > 1:
                absent += [p for p in parts if not self.mentions(p)]
            else:
                absent.append(name)
        return absent


def citation_for(data: IndexData, ev: Evidence, n: int) -> Citation:
    passage = data.passages[ev.passage]
    source = data.sources[passage.source_id]
    sentence = passage.sentences[ev.sentence]
    start, end = sentence.start, sentence.end
    if passage.kind == "digest":  # the entry's statement, not its label or provenance
        start, end = entry_statement(source.text, start, end)
    return Citation(
        n=n,
        source_id=source.id,
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        kind=passage.kind,
        url=source.url,
        date=source.date,
        section=passage.section,
        speaker=sentence.speaker,
        body=sentence.body,
        quote=source.text[start:end],
        start=start,
        end=end,
        passage_id=passage.id,
        passage_start=passage.start,
        passage_end=passage.end,
        about_other_policy=bool(source.about),
        about_title=source.about_title,
    )


def who(c: Citation) -> str:
    """How a citation's speaker is introduced, honest about what kind of text it is."""
    if c.kind == "reader-comment":
        return "A reader comment"
    if c.kind == "white-paper":
        return "The white paper"
    if c.kind == "digest":
        return "The white paper, as summarised in the digest"
    if c.body and c.speaker:
        return f"**{c.body}** ({c.speaker})"
    if c.body:
        return f"**{c.body}**"
    return (
        f"{c.publisher or c.title} ({c.kind} report)"
        if c.kind == "news"
        else (c.publisher or c.title)
    )


def _group(c: Citation) -> int:
    if c.kind in ("white-paper", "digest"):
        return 0
    if c.kind == "reader-comment":
        return 2
    return 1


_HEADINGS = {
    0: "What the white paper proposes",
    1: "What the documents say",
    2: "What readers said (reader comments, not sector bodies)",
}


def opening_line(c: Citation, also: Citation | None = None) -> str:
    """The answer's first sentence: the best evidence, said by whoever said it, with a second
    sentence of the same speaker when it answers as well (`_second`)."""
    speaker = who(c)
    if c.kind == "digest":
        speaker += ","  # "The white paper, as summarised in the digest, says ..."
    more = f", and {quoted(also.quote)} [{also.n}]" if also is not None else ""
    return f"{speaker} says {quoted(c.quote)} [{c.n}]{more}."


def _said_by(data: IndexData, e: Evidence) -> str | None:
    return data.passages[e.passage].sentences[e.sentence].body


def _second(best: Evidence, evidence: list[Evidence], data: IndexData) -> Evidence | None:
    """A second sentence for the opening: from the same source as the best, and scoring
    within `PAIR_MARGIN` of it, so that an answer spread over two sentences ("places are not
    fixed" and "a place is 250,000 to 500,000 people") opens with both."""
    source = data.passages[best.passage].source_id
    for e in sorted(evidence, key=lambda e: -e.score):
        if e is best or data.passages[e.passage].source_id != source:
            continue
        return e if e.score >= best.score - PAIR_MARGIN else None
    return None


def write_answer(
    question: str, evidence: list[Evidence], data: IndexData, bodies: Sequence[str] = ()
) -> Answer:
    """An answer that opens with the best quote, then the rest grouped: the white paper, then
    views, then readers. The opening is the evidence that best answers the question, so the
    first sentence an officer reads is the answer itself: the paper's own words when they
    score nearly as well, or, when the question names bodies ("how many care homes does X say
    there are?"), the words of those bodies."""
    best = max(evidence, key=lambda e: (e.score, -e.passage, -e.sentence))
    named = [e for e in evidence if _said_by(data, e) in bodies]
    preferred = named or [e for e in evidence if _group(citation_for(data, e, 0)) == 0]
    if preferred and best not in preferred and preferred[0].score >= best.score - PAPER_MARGIN:
        best = max(preferred, key=lambda e: (e.score, -e.passage, -e.sentence))
    pair = _second(best, evidence, data)
    lead = [best] if pair is None else [best, pair]
    rest = sorted(
        (e for e in evidence if e not in lead),
        key=lambda e: (_group(citation_for(data, e, 0)), -e.score),
    )
    citations = [citation_for(data, ev, n) for n, ev in enumerate([*lead, *rest], start=1)]
    lines = [opening_line(*citations[: len(lead)]), ""]
    others = citations[len(lead) :]
    groups = sorted({_group(c) for c in others})
    for group in groups:
        lines.append(f"**{_HEADINGS[group] if len(groups) > 1 else 'Also in the documents'}**\n")
        for c in (c for c in others if _group(c) == group):
            lines.append(f"- {who(c)}: {quoted(c.quote)} [{c.n}]")
        lines.append("")
    return Answer(
        question=question,
        answerable=True,
        answer="\n".join(lines).strip(),
        citations=citations,
        index_version=data.version,
    )


def _about_others(count: int) -> str:
    """What a 'not covered' answer adds when some documents are about other policy papers."""
    if not count:
        return ""
    if count == 1:
        return " One more is about another policy paper."
    return f" {count} more are about other policy papers."


def _nearest_sentence(nearest: str | None) -> list[str]:
    return [f"The nearest subject they cover is {nearest}."] if nearest else []


def not_covered(
    question: str, data: IndexData, reason: str, nearest: str | None = None
) -> Answer:
    """A plain 'the documents do not cover this', with what they do cover: the subject nearest
    the question when there is one (`nearest`, a topic's label), then what they hold."""
    bodies = data.bodies
    other = sum(1 for s in data.sources.values() if s.about)
    covered = (
        "They cover the health and social care integration white paper (February 2022) and "
        f"responses to it from {len(data.sources) - other} documents"
        + (f", including views from {', '.join(bodies[:6])}." if bodies else ".")
        + _about_others(other)
    )
    return Answer(
        question=question,
        answerable=False,
        answer=" ".join([reason, *_nearest_sentence(nearest), covered]),
        index_version=data.version,
        note=reason,
    )
