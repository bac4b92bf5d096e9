"""The sentences that answer a question: scored, at most two per source, no near-repeats.

A sentence's score is its cosine with the question, plus how much of the question's wording it
holds, plus a little of its passage's retrieval score. The wording is weighted by how rare each
word is in the corpus (`TermWeights`): every document here is about the white paper, so a
sentence that says "white paper" has matched nothing, while one that says "section 75" or
"pictures" has matched what the question is about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.analysis.debates import procedural
from assistant.answer.retrieval import Hit
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData
from assistant.models import Filters

DUPLICATE_SIMILARITY = 0.92
PER_SOURCE = 2
# The paper (or the digest standing in for it) is one long source holding every proposal, and a
# question about it is often answered by several of its entries.
PER_PAPER = 4
# Sentences scoring within this much of the best one are kept as evidence beside it.
EVIDENCE_BAND = 0.3


@dataclass(frozen=True)
class Evidence:
    passage: int  # index into IndexData.passages
    sentence: int  # index into that passage's sentences
    score: float
    similarity: float


class TermWeights:
    """How much each word of a question counts when a sentence holds it: its rarity.

    The inverse document frequency over the index's passages, so a word in most of them (the
    paper's own name, "integration") counts for little and a word in few counts for much.
    Worked out once per index version.
    """

    def __init__(self, data: IndexData) -> None:
        frequency: Counter[str] = Counter()
        for passage in data.passages:
            text = data.sources[passage.source_id].text[passage.start : passage.end]
            frequency.update(set(search_terms(text)))
        total = len(data.passages) + 1
        self.unseen = math.log(total / 0.5)
        self.weights = {t: math.log(total / (n + 0.5)) for t, n in frequency.items()}

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.unseen)

    def overlap(self, wanted: set[str], held: set[str]) -> float:
        """The share of the question's weighted words the sentence holds (0 to 1)."""
        total = sum(self(t) for t in wanted)
        return sum(self(t) for t in wanted & held) / total if total else 0.0


PAPER_KINDS = ("white-paper", "digest")
# The document every text here is about, named in a question about it ("the integration white
# paper's proposals"): it matches every sentence that names the paper, so the question is also
# searched without it (`without_the_paper`).
_THE_PAPER = re.compile(
    r"\b(?:the|this|its)\s+(?:(?:government'?s?|new|integration)\s+)*"
    r"white\s+paper(?:'s|’s)?(?:\s+on\s+integration)?\b",
    re.IGNORECASE,
)


def without_the_paper(question: str) -> str:
    """The question less its naming of the white paper itself ("How big is a place in the
    white paper?" -> "How big is a place in?"), or the question unchanged when it does not."""
    text = re.sub(r"\s+", " ", _THE_PAPER.sub(" ", question)).strip()
    return re.sub(r"\s+([?.!,])", r"\1", text)
PAPER_HITS = 3


class PaperSentences:
    """The paper's own sentences, searched one by one beside the passage search.

    A passage is retrieved by what it says as a whole, and an entry of the paper (or of the
    digest standing in for it) can sit in a passage about something else: the one sentence
    that answers "what is the paper's full title?" is then never seen. The paper is the
    authority on facts about it and is one bounded document, so its sentences are searched
    directly and the passages holding the best of them join the candidates.
    """

    def __init__(self, data: IndexData) -> None:
        own = [not data.sources[p.source_id].about for p in data.passages]  # CP 573's only
        held = {p.kind for p, o in zip(data.passages, own, strict=True) if o}
        kinds = [k for k in PAPER_KINDS if k in held][:1]
        self.passage_of = np.asarray(
            [
                i
                for i, p in enumerate(data.passages)
                if p.kind in kinds and own[i]
                for _ in p.sentences
            ],
            dtype=np.int64,
        )
        rows = [
            data.sentence_offsets[i] + j
            for i, p in enumerate(data.passages)
            if p.kind in kinds and own[i]
            for j in range(len(p.sentences))
        ]
        self.vectors = data.sentence_vectors[rows] if rows else np.zeros((0, 1), np.float32)
        self.data = data

    def hits(self, vector: np.ndarray, filters: Filters, known: list[Hit]) -> list[Hit]:
        """Passages holding the paper's best sentences for the question, not already found."""
        if not len(self.passage_of):
            return []
        seen = {h.index for h in known}
        order = np.argsort(-(self.vectors @ vector))
        found: list[Hit] = []
        for row in order[: 4 * PAPER_HITS]:
            i = int(self.passage_of[row])
            if i in seen or not filters.allows(self.data.passages[i]):
                continue
            seen.add(i)
            dense = float(self.data.passage_vectors[i] @ vector)
            found.append(Hit(i, dense, dense))
            if len(found) >= PAPER_HITS:
                break
        return found


def select_evidence(
    question: str,
    query_vector: np.ndarray,
    hits: list[Hit],
    data: IndexData,
    max_evidence: int,
    min_relevance: float,
    weights: TermWeights | None = None,
    cap_per_source: int | None = None,
) -> list[Evidence]:
    """The sentences that best answer the question, at most two per source (four of the
    paper's, `cap_per_source` when the question is about one document), no near-repeats."""
    wanted = set(search_terms(question))
    scored: list[Evidence] = []
    for hit in hits:
        passage = data.passages[hit.index]
        source = data.sources[passage.source_id]
        first = data.sentence_offsets[hit.index]
        for j, sentence in enumerate(passage.sentences):
            text = source.text[sentence.start : sentence.end]
            if procedural(text):
                continue  # "I thank the Secretary of State for advance sight ..." tells nothing
            similarity = float(data.sentence_vectors[first + j] @ query_vector)
            held = set(search_terms(text))
            if weights is not None:
                overlap = weights.overlap(wanted, held)
            else:
                overlap = len(wanted & held) / len(wanted) if wanted else 0.0
            score = similarity + 0.25 * overlap + 0.1 * hit.dense
            if passage.kind == "reader-comment":
                score *= 0.75
            if len(text.split()) < 6:
                score *= 0.6
            scored.append(Evidence(hit.index, j, score, similarity))
    scored.sort(key=lambda e: (-e.score, e.passage, e.sentence))
    if not scored or scored[0].similarity < min_relevance and scored[0].score < min_relevance + 0.2:
        return []
    floor = max(scored[0].score - EVIDENCE_BAND, min_relevance * 0.9)
    chosen: list[Evidence] = []
    per_source: dict[str, int] = {}
    for ev in scored:
        if len(chosen) >= max_evidence or ev.score < floor:
            break
        source_id = data.passages[ev.passage].source_id
        cap = PER_PAPER if data.passages[ev.passage].kind in PAPER_KINDS else PER_SOURCE
        cap = cap_per_source or cap
        if per_source.get(source_id, 0) >= cap:
            continue
        vector = data.sentence_vectors[data.sentence_offsets[ev.passage] + ev.sentence]
        if any(
            float(vector @ data.sentence_vectors[data.sentence_offsets[c.passage] + c.sentence])
            > DUPLICATE_SIMILARITY
            for c in chosen
        ):
            continue
        chosen.append(ev)
        per_source[source_id] = per_source.get(source_id, 0) + 1
    return chosen


def sentence_text(data: IndexData, ev: Evidence) -> str:
    passage = data.passages[ev.passage]
    sentence = passage.sentences[ev.sentence]
    return data.sources[passage.source_id].text[sentence.start : sentence.end]
