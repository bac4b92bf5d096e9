"""Is a written answer grounded in its citations? The offline checks every LLM answer must pass.

A language model writes fluently but may invent, cite the wrong passage, or take an order from a
quoted document. So before anyone sees its answer, `check_answer` reads it sentence by sentence:

0. it holds no link, image or HTML;
1. every sentence ends with at least one `[n]` marker;
2. every marker names one of the passages the model was given;
3. every cited passage supports its sentence on its own, by `supports` below;
4. a stance the sentence names for a sector body is one the positions table records for it.

`supports` is the citation support measure of the evals too (the same thresholds), so
"validated" here and "supported" in the eval report mean the same thing. It needs no model but
the bundled MiniLM encoder: a claim is supported when most of its content words appear in the
evidence (`SUPPORT_OVERLAP`), or when a fair share do (`SUPPORT_OVERLAP_WITH_SIMILARITY`) and
the two texts are close in meaning (`SUPPORT_SIMILARITY`, cosine of unit MiniLM vectors). Word
overlap alone rejects honest paraphrase; similarity alone accepts a fluent sentence on the right
topic that says something the passage does not.

The evidence for a sentence is the cited passage as the model was given it: the quoted sentence
and its byline (so "NHS Providers said ..." is not marked down for naming its speaker, which the
quote itself rarely does). That is stricter than the evals, which read the whole passage around
the quote: what the officer sees as the citation must back the sentence. Naming the speaker is
checked apart: a sentence that gives a body a stance must cite that body's own words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.analysis.stance import stance_of
from assistant.analysis.topics import FALLBACK_TOPIC, Topic, tag_topics
from assistant.models import Citation, PositionRow, Stance

SUPPORT_OVERLAP = 0.6
SUPPORT_OVERLAP_WITH_SIMILARITY = 0.35
SUPPORT_SIMILARITY = 0.6

Embed = Callable[[list[str]], np.ndarray]

MARKER = re.compile(r"\[(\d+)\]")
# "[1, 3]" and "[1][3]" both cite passages 1 and 3; "[1-3]" is not accepted as a citation.
_MARKER_GROUP = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>#|])")
_WORD = re.compile(r"[a-z0-9£]+(?:['’-][a-z0-9]+)*")
_STOP = frozenset(
    """the and for that this with from have has had was were are is be been being not but its
    it's their they them there these those which who whom what when where will would could should
    can may also into than then over about such more most some any all our your his her she he we
    you said says say one two""".split()
)
# A sentence ends at . ! or ? (after any closing quote and the markers that follow it, already
# normalised to [n][m]), before whitespace and what looks like the start of the next sentence.
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*(?:\s*\[\d+\])*(?=\s+[\"'“‘(*_A-Z0-9]|$)")
# Links, images and HTML: nothing a passage needs, and the way an obeyed injection would send an
# officer elsewhere. An answer carrying any is not shown, but for an address copied from a passage.
_MARKUP = re.compile(r"!\[|\]\(|<\s*/?\s*[a-z!]", re.IGNORECASE)
_ADDRESS = re.compile(r"(?:https?://|\bwww\.)[^\s)\]>\"']+", re.IGNORECASE)
_HEADING = re.compile(r"^(?:#{1,6}\s+.*|\*\*[^*]+\*\*:?)$")
_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
# Verbs of reported stance ("the LGA backs ...") that the stance reader, written for what bodies
# say in the first person, does not look for.
_REPORTED_SUPPORT = re.compile(
    r"\b(?:supports?|supported|supportive|backs?|backed|backing|favou?rs?|favou?red|"
    r"endors\w*|welcom\w*|prais\w*|applaud\w*|champion\w*)\b",
    re.IGNORECASE,
)
_REPORTED_CONCERN = re.compile(
    r"\b(?:concern\w*|worr\w*|critic\w*|oppos\w*|sceptic\w*|skeptic\w*|warn\w*|object\w*|"
    r"reject\w*|fear\w*|doubt\w*)\b",
    re.IGNORECASE,
)
# Where one clause ends and another, possibly about another body, begins.
_CLAUSE = re.compile(r";|,?\s+(?:while|whilst|whereas|but|although|though)\s+", re.IGNORECASE)


def plain_text(markdown: str) -> str:
    """Text as a reader sees it: escapes undone, quotes and dashes normalised."""
    text = _ESCAPE.sub(r"\1", markdown)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip()


def content_words(text: str) -> set[str]:
    words = _WORD.findall(plain_text(text).lower().replace("*", ""))
    return {w for w in words if len(w) > 2 and w not in _STOP}


def supports(claim: str, evidence: str, embed: Embed) -> tuple[bool, float, float]:
    """Whether evidence supports a claim: (verdict, token overlap, embedding similarity)."""
    words = content_words(MARKER.sub("", claim))
    if not words:
        return True, 1.0, 1.0
    overlap = len(words & content_words(evidence)) / len(words)
    vectors = embed([plain_text(MARKER.sub("", claim)), plain_text(evidence)])
    similarity = float(vectors[0] @ vectors[1])
    verdict = overlap >= SUPPORT_OVERLAP or (
        overlap >= SUPPORT_OVERLAP_WITH_SIMILARITY and similarity >= SUPPORT_SIMILARITY
    )
    return verdict, overlap, similarity


def normalise_markers(text: str) -> str:
    """Write "[1, 3]" as "[1][3]", the one marker form every client and the evals read."""
    return _MARKER_GROUP.sub(
        lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text
    )


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer with the passages it cites (empty: it cites none)."""

    text: str
    cites: tuple[int, ...]
    heading: bool = False

    @property
    def bare(self) -> str:
        """The sentence without its markers or Markdown emphasis."""
        return " ".join(MARKER.sub(" ", self.text).replace("*", "").split())


def claims(answer: str) -> list[Claim]:
    """The sentences of an answer, each with the markers it carries, in order.

    Markers belong to the sentence they follow ("... funding. [2] The LGA ..." cites [2] for
    the first sentence). A Markdown heading or a line that is all bold is kept as a heading:
    it needs no marker, but its stance claims are still checked.
    """
    found: list[Claim] = []
    for raw in normalise_markers(answer).splitlines():
        line = _BULLET.sub("", raw.strip().lstrip(">").strip())
        if not line:
            continue
        if _HEADING.match(line) and not MARKER.search(line):
            found.append(Claim(line.strip("#* :"), (), heading=True))
            continue
        pos = 0
        for end in _SENTENCE_END.finditer(line):
            found.append(_claim(line[pos : end.end()]))
            pos = end.end()
        if line[pos:].strip():
            found.append(_claim(line[pos:]))
    return [c for c in found if c.bare.strip(" .,;:!?-\"'“”")]


def _claim(text: str) -> Claim:
    text = text.strip()
    return Claim(text, tuple(int(n) for n in MARKER.findall(text)))


@dataclass(frozen=True)
class StanceClaim:
    body: str
    stance: Stance
    topics: tuple[str, ...]


class StanceChecker:
    """Reads the stances a sentence names for sector bodies and checks them against the table."""

    def __init__(
        self, rows: Sequence[PositionRow], directory: Directory, topics: Sequence[Topic]
    ) -> None:
        self.rows = list(rows)
        # a body the table knows may be named by a model however its name is shaped
        self.directory = directory.with_bodies(r.body for r in self.rows)
        self.topics = list(topics)

    def named(self, sentence: str) -> list[StanceClaim]:
        """(body, stance, topics) for each body a clause of the sentence gives a view to.

        Clauses are split at "while", "but", ";" and the like so "the LGA welcomed it while
        NHS Providers worried" gives each body its own stance. A clause with no opinion word
        names no stance, and the government is not a respondent with a stance.
        """
        found = []
        topics = tuple(
            t for t in tag_topics(sentence, self.topics) if t != FALLBACK_TOPIC
        )
        for clause in _CLAUSE.split(sentence):
            bodies = [
                b
                for _, b in self.directory.bodies_in(clause)
                if not self.directory.is_government(b)
            ]
            if not bodies:
                continue
            stance = _stance_named(self.directory.without_names(clause))
            if stance == "neutral":
                continue
            found += [StanceClaim(b, stance, topics) for b in dict.fromkeys(bodies)]
        return found

    def problem(self, claim: StanceClaim, cited: Sequence[Citation]) -> str | None:
        """Why the claim cannot stand, or None when the table and the citations bear it out."""
        if not any(c.body and _same_body(c.body, claim.body) for c in cited):
            return f"it gives {claim.body} a view without citing {claim.body}'s own words"
        rows = [r for r in self.rows if _same_body(r.body, claim.body)]
        if claim.topics:
            rows = [r for r in rows if r.topic in claim.topics or r.topic == FALLBACK_TOPIC]
        stances = {r.stance for r in rows}
        if claim.stance in stances or (
            claim.stance == "mixed" and {"support", "concern"} <= stances
        ):
            return None
        recorded = " or ".join(sorted(stances)) or "no view"
        return f"it calls {claim.body} {claim.stance} where the positions table has {recorded}"


def evidence(citation: Citation) -> str:
    """A cited passage as the model saw it and a reader checking it sees it: the byline (title,
    publisher, author, speaker and body) and the quote.

    The evals leave the attributed body out, since there it is the claim under test; here the
    model was handed the body as the speaker's label, and naming it is checked apart (a stance
    given to a body must cite that body's own words).
    """
    byline = (citation.title, citation.publisher, citation.author, citation.speaker, citation.body)
    return " ".join(dict.fromkeys(x for x in byline if x)) + "\n" + citation.quote


def _stance_named(clause: str) -> Stance:
    """The stance a clause gives its subject: the stance reader's, or a reported-stance verb's."""
    stance = stance_of(clause)
    if stance != "neutral":
        return stance
    support = bool(_REPORTED_SUPPORT.search(clause))
    concern = bool(_REPORTED_CONCERN.search(clause))
    if support and concern:
        return "mixed"
    return "support" if support else "concern" if concern else "neutral"


def _same_body(a: str, b: str) -> bool:
    def key(name: str) -> str:
        return re.sub(r"^the\s+", "", name.lower().replace("’", "'")).strip()

    return key(a) == key(b)


def check_answer(
    answer: str,
    citations: Sequence[Citation],
    embed: Embed,
    stances: StanceChecker | None = None,
) -> list[str]:
    """Every reason the answer cannot be shown, in reading order; empty when it passes.

    Each cited passage must support its sentence on its own (not merely together with the
    others it is cited with), so no marker in a shown answer points at text that does not
    back the sentence it follows.
    """
    by_n = {c.n: c for c in citations}
    found = claims(answer)
    if not any(not c.heading for c in found):
        return ["it has no sentences"]
    problems: list[str] = []
    quoted = " ".join(c.quote for c in citations)
    if _MARKUP.search(answer) or any(
        a.rstrip(".,;:") not in quoted for a in _ADDRESS.findall(answer)
    ):
        problems.append("it contains a link or markup")
    for i, claim in enumerate(found, start=1):
        where = f"sentence {i}"
        if not claim.heading:
            if not claim.cites:
                problems.append(f"{where} cites no passage")
            for n in dict.fromkeys(claim.cites):
                if n not in by_n:
                    problems.append(f"{where} cites [{n}], which is not one of the passages")
                elif not supports(claim.bare, evidence(by_n[n]), embed)[0]:
                    problems.append(f"{where} is not supported by passage [{n}]")
        if stances is not None:
            cited = [by_n[n] for n in claim.cites if n in by_n]
            for named in stances.named(claim.bare):
                reason = stances.problem(named, cited)
                if reason:
                    problems.append(f"{where}: {reason}")
    return problems
