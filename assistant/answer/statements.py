"""What each body said, searchable: the retrieval behind every answer about views.

An answer about a body's view is built from that body's own statements, found by searching them
with the question across every document and every topic. Topic tags are not consulted: a body
that discusses "merging NHS and council budgets" has addressed pooled budgets whatever its
sentence was tagged, and only a search of what it said can tell. A body is said not to have
addressed a point only when none of its statements passes `ADDRESSED_FLOOR`, chosen on the
tuning questions (eval/README.md, "Refusals and the floor") and reported on the others.
Documents about another policy paper (`Source.about`) hold no statements here: what a body said
of another paper is not its view on CP 573.

Sentences that only frame a quotation ("His concerns were echoed by X, chief executive of Y.")
or report that someone responded carry nothing an officer can use; `carries_content` keeps them
out of the evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.analysis.debates import procedural
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.models import Filters, Stance

# Relevance (`relevance`: the cosine of sentence and question, names taken out, plus a share of
# the question's words the sentence holds, plus TOPIC_BONUS) at which a named body's statement
# answers the question: on the tuning questions about a named body and a topic, every body that
# addressed the point scored at least 0.467, and most that did not scored below 0.46.
ADDRESSED_FLOOR = 0.46
# Below ADDRESSED_FLOOR but at or above this, the body's nearest statement is shown as the
# nearest, not as its answer; below it, the body is said not to have addressed the point. It is
# the lowest relevance of any body that addressed a point on the tuning questions (0.30), less
# a margin of 0.05, because a false "did not address" is the worst answer to give.
NEAREST_FLOOR = 0.25
# For "which bodies ...": the floor that best separates the bodies that spoke on the point from
# those that did not among the tuning questions (F1 is flat from 0.30 to 0.57; 0.36 is its top).
WHICH_FLOOR = 0.36
TOPIC_BONUS = 0.15
QUOTED_BONUS = 0.5
_QUOTED_PHRASE = re.compile(r"[\"“‘']([^\"”’']{4,80})[\"”’']")
_FRAMING = re.compile(
    r"\b(?:echo\w*|respond\w*|react\w*|said|says|say|told|added|commented|warned|asks?|asked|"
    r"hon|noble|"  # "The hon. Gentleman asks about funding" names a member and their question
    r"explained|argued|stated|writes|wrote|noted|welcomed|spoke|speaking|quoted|"
    r"chief executive|chair\w*|director|president|head|leader|spokes\w*|secretary|"
    r"minister|deputy|fellow|think-tank|think tank|organisation|body|bodies|the|of|"
    r"and|by|his|her|their|its|was|were|is|are|also|a|an|to|at|for|this|that|in|on|"
    r"it|he|she|they|we|who|which|has|have|had|been|be|as|with|from)\b",
    re.IGNORECASE,
)
# A document describing itself ("This briefing sets out the LGA's response to ...") says what
# the text is, not what its body thinks.
_SELF_DESCRIPTION = re.compile(
    r"^\W*(?:this|the following|in this)\s+(?:briefing|report|paper|update|article|response|"
    r"note|document|submission|statement|blog|piece|summary)\b[^.]{0,80}?\b(?:sets? out|"
    r"summari[sz]es?|describes?|outlines?|provides?|gives?|looks? at|considers?|covers?)\b",
    re.IGNORECASE,
)
# A request for readers' views or a contact line ("Please send your comments ... to X: [email]")
# is the document's housekeeping, not its body's view.
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|\[email[^\]]*\]"
    r"|^\W*(?:please\s+)?(?:send|email|e-mail|contact|get in touch|write to)\b[^.]{0,80}"
    r"\b(?:comments?|views?|questions?|queries|enquiries|feedback|us|me)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Za-z£0-9][\w'’-]*")
MIN_CONTENT_WORDS = 4


def quoted_terms(question: str) -> list[frozenset[str]]:
    """The content words of each phrase a question quotes, to find the sentence that says it
    whether or not it is quoted word for word ("a thousand flowers bloom" is the sentence's
    "a 'thousand flowers to bloom'")."""
    found = [frozenset(search_terms(p)) for p in _QUOTED_PHRASE.findall(question)]
    return [terms for terms in found if terms]


def carries_content(text: str, directory: Directory) -> bool:
    """Whether a sentence says something beyond who is speaking.

    Names, roles, speech verbs and function words are taken away; a sentence left with fewer
    than `MIN_CONTENT_WORDS` words only introduces a speaker or reports that someone spoke.
    A document describing itself ("This briefing sets out ...") carries none either, nor does
    a contact line, a request for comments or a debate's courtesy ("I thank the Minister ...").
    A sentence ending in a colon introduces the quotation that follows: it needs twice as many
    ("X said:" does not carry content, "the paper's belief in the magical powers of data is
    also incongruous:" does).
    """
    if _SELF_DESCRIPTION.match(text) or _CONTACT.search(text) or procedural(text):
        return False
    introduces = text.rstrip().rstrip("”\"'’").endswith(":")
    plain = directory.without_names(text)
    for _, person in directory.people_in(plain, {}):
        plain = plain.replace(person, " ")
    plain = _FRAMING.sub(" ", plain)
    words = [w for w in _WORDS.findall(plain) if not w[:1].isupper() or w.isupper() and len(w) > 1]
    return len(words) >= MIN_CONTENT_WORDS * (2 if introduces else 1)


@dataclass(frozen=True)
class Statement:
    """One attributed sentence found for a question, with how well it answers it."""

    passage: int  # index into IndexData.passages
    sentence: int  # index into that passage's sentences
    body: str
    stance: Stance | None
    relevance: float
    similarity: float


class BodyStatements:
    """Every attributed sentence of one index version that says something, by body.

    Which sentences carry content, their words and where their vectors are, are worked out once
    as the index opens, so a question searches every body's statements with one matrix product
    per body.
    """

    def __init__(self, data: IndexData, directory: Directory) -> None:
        self.data = data
        self.directory = directory
        self.rows: dict[str, list[tuple[int, int]]] = {}
        self._terms: dict[tuple[int, int], frozenset[str]] = {}
        self._asked: dict[str, set[str]] = {}
        # body -> the other papers it is quoted on, to say why it has no view on CP 573
        self.elsewhere: dict[str, set[str]] = {}
        for i, passage in enumerate(data.passages):
            if passage.kind == "reader-comment":
                continue  # readers speak for nobody, whatever a comment mentions
            source = data.sources[passage.source_id]
            if source.about:  # a view on another policy paper is not a view on CP 573
                for sentence in passage.sentences:
                    for body in [sentence.body, *sentence.also] if sentence.body else []:
                        self.elsewhere.setdefault(body, set()).add(source.about_title or "")
                continue
            for j, sentence in enumerate(passage.sentences):
                if not sentence.body:
                    continue
                text = self.text(i, j)
                if not carries_content(text, directory):
                    continue
                self._terms[(i, j)] = frozenset(search_terms(text))
                for body in [sentence.body, *sentence.also]:
                    self.rows.setdefault(body, []).append((i, j))
        self._vectors = {
            body: data.sentence_vectors[[data.sentence_offsets[i] + j for i, j in rows]]
            for body, rows in self.rows.items()
        }

    @property
    def bodies(self) -> list[str]:
        """Bodies with at least one statement of content, the government's included."""
        return sorted(self.rows)

    def only_elsewhere(self, name: str) -> list[str]:
        """The other papers a body is quoted on when it is quoted on nothing about CP 573 (by
        its name or a short form of it: "Kelbrook Forum" for "Kelbrook Health Forum")."""
        key = name.lower().removeprefix("the ").strip()
        words = set(key.split())
        for body, titles in sorted(self.elsewhere.items()):
            held = body.lower().removeprefix("the ")
            if body not in self.rows and (held == key or words and words <= set(held.split())):
                return sorted(t for t in titles if t)
        return []

    def text(self, i: int, j: int) -> str:
        passage = self.data.passages[i]
        sentence = passage.sentences[j]
        return self.data.sources[passage.source_id].text[sentence.start : sentence.end]

    def search(
        self,
        body: str,
        question: str,
        query: np.ndarray,
        filters: Filters | None = None,
        limit: int = 3,
        topics: Sequence[str] = (),
        speaker: str | None = None,
    ) -> list[Statement]:
        """The body's statements that best answer the question, best first (only `speaker`'s,
        when a question asks what one person said).

        Relevance is the cosine of sentence and question plus a quarter of the share of the
        question's words the sentence holds. A sentence tagged with a topic the question is about
        gains `TOPIC_BONUS`: tags are evidence that a body addressed a point, though their
        absence is not evidence it did not.
        """
        rows = self.rows.get(body, [])
        if not rows:
            return []
        wanted = self._wanted(question)
        phrases = quoted_terms(question)
        similarities = self._vectors[body] @ query
        asked = set(topics)
        found: list[Statement] = []
        for (i, j), similarity in zip(rows, similarities, strict=True):
            passage = self.data.passages[i]
            if speaker is not None and passage.sentences[j].speaker != speaker:
                continue
            if filters is not None and filters.kinds and passage.kind not in filters.kinds:
                continue
            if filters is not None and filters.sources and passage.source_id not in filters.sources:
                continue
            overlap = len(wanted & self._terms[(i, j)]) / len(wanted) if wanted else 0.0
            relevance = float(similarity) + 0.25 * overlap
            sentence = passage.sentences[j]
            if asked & set(sentence.topics):
                relevance += TOPIC_BONUS
            if phrases and any(p <= self._terms[(i, j)] for p in phrases):
                relevance += QUOTED_BONUS  # "who said 'absolutely daft'?" names the words
            found.append(Statement(i, j, body, sentence.stance, relevance, float(similarity)))
        found.sort(key=lambda s: (-s.relevance, s.passage, s.sentence))
        return _distinct(found, self.data, limit)

    def holds_quoted(self, statement: Statement, question: str) -> bool:
        """Whether the statement holds words the question quotes ("who doubted 'a thousand
        flowers'?"): whoever said the words quoted is who is asked about, whatever stance
        their sentence was judged to take."""
        held = self._terms[(statement.passage, statement.sentence)]
        return any(p <= held for p in quoted_terms(question))

    def _wanted(self, question: str) -> set[str]:
        """The question's words less the names in it (asked once per body, worked out once)."""
        if question not in self._asked:
            if len(self._asked) > 256:
                self._asked.clear()
            self._asked[question] = set(search_terms(self.directory.without_names(question)))
        return self._asked[question]

    def addressed(self, found: list[Statement], floor: float = ADDRESSED_FLOOR) -> list[Statement]:
        """The statements that pass the floor: what shows a body addressed the point."""
        return [s for s in found if s.relevance >= floor]

    def speakers(self, body: str) -> set[str]:
        """The people heard speaking for a body."""
        found = {self.data.passages[i].sentences[j].speaker for i, j in self.rows.get(body, [])}
        return {s for s in found if s}

    def spoke_about(self, body: str, limit: int = 3, speaker: str | None = None) -> list[str]:
        """The topics a body (or one person speaking for it) said most about, for "it spoke
        about ... instead"."""
        counts: Counter[str] = Counter()
        for i, j in self.rows.get(body, []):
            sentence = self.data.passages[i].sentences[j]
            if speaker is None or sentence.speaker == speaker:
                counts.update(sentence.topics)
        counts.pop("overall", None)
        return [t for t, _ in counts.most_common(limit)]


def _distinct(found: list[Statement], data: IndexData, limit: int) -> list[Statement]:
    """The best statements without near-repeats (the same sentence in two copies of a text)."""
    chosen: list[Statement] = []
    for s in found:
        if len(chosen) >= limit:
            break
        vector = data.sentence_vectors[data.sentence_offsets[s.passage] + s.sentence]
        if any(
            float(vector @ data.sentence_vectors[data.sentence_offsets[c.passage] + c.sentence])
            > 0.92
            for c in chosen
        ):
            continue
        chosen.append(s)
    return chosen
