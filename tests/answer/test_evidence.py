"""Evidence selection over the shipped index: rare words count, the paper's own entries are seen."""

from __future__ import annotations

import numpy as np

from assistant.answer.evidence import PaperSentences, TermWeights
from assistant.index.stores import search_terms
from assistant.models import Filters
from assistant.service import Assistant
from assistant.text import entry_meaning


def test_words_in_every_document_count_less_than_rare_ones(assistant: Assistant) -> None:
    weights = TermWeights(assistant.index.data)
    (paper,) = search_terms("paper")
    (pictures,) = search_terms("pictures")
    assert weights(paper) < weights(pictures) / 2
    # Holding only the ubiquitous word of a question is worth little of its wording.
    assert weights.overlap({paper, pictures}, {paper}) < 0.3


def test_paper_sentences_bring_in_the_passage_holding_the_best_entry(
    assistant: Assistant,
) -> None:
    data = assistant.index.data
    question = "Which government department published the white paper?"
    vector = np.asarray(assistant.encoder.query(question))
    hits = PaperSentences(data).hits(vector, Filters(), [])
    assert hits, "the paper's own sentences are searched"
    kinds = {data.passages[h.index].kind for h in hits}
    assert kinds <= {"white-paper", "digest"}
    texts = " ".join(data.passages[h.index].text for h in hits)
    assert "published" in texts


def test_paper_sentences_respect_the_filters(assistant: Assistant) -> None:
    data = assistant.index.data
    vector = np.asarray(assistant.encoder.query("How big is a place?"))
    assert PaperSentences(data).hits(vector, Filters(kinds=("response",)), []) == []


def test_a_digest_entry_is_embedded_without_its_provenance() -> None:
    text = "Who published it: the department published it (sources: a report, 2022)."
    meaning = entry_meaning(text, 0, len(text))
    assert meaning == "Who published it: the department published it"
    assert entry_meaning("A plain sentence.", 0, 17) == "A plain sentence."


def test_a_question_is_also_searched_without_naming_the_paper() -> None:
    from assistant.answer.evidence import without_the_paper

    assert without_the_paper("How big is a place in the white paper?") == "How big is a place in?"
    assert (
        without_the_paper("Which department published the integration white paper?")
        == "Which department published?"
    )
    # another paper, named as such, is what the question is about and stays
    question = "Which earlier white paper on adult social care does it build on?"
    assert without_the_paper(question) == question
