"""Misspelt questions are read as meant; names and ordinary English are left alone."""

from __future__ import annotations

from assistant.answer.spelling import Vocabulary, english_words
from assistant.service import Assistant


def _vocabulary(assistant: Assistant) -> Vocabulary:
    return Vocabulary(assistant.index.data, english_words())


def test_misspelt_words_become_the_documents_own_words(assistant: Assistant) -> None:
    fixed = _vocabulary(assistant).respell("what is the singel acountable person")
    assert fixed == "what is the single accountable person"


def test_english_words_names_and_short_words_are_not_changed(assistant: Assistant) -> None:
    vocabulary = _vocabulary(assistant)
    for text in ("How do views differ?", "What does Zanzibr think?", "is the cap ok"):
        assert vocabulary.respell(text) == text


def test_a_misspelt_question_gets_the_answer_the_spelt_one_gets(assistant: Assistant) -> None:
    right = assistant.ask("What is a skills passport?")
    wrong = assistant.ask("what is a skils pasport")
    assert wrong.answerable
    assert [c.quote for c in wrong.citations] == [c.quote for c in right.citations]


def test_short_forms_officers_type_are_written_out(assistant: Assistant) -> None:
    vocabulary = _vocabulary(assistant)
    assert vocabulary.respell("sec 75") == "section 75"
    assert vocabulary.respell("what does govt say about it") == "what does government say about it"
    assert vocabulary.respell("is it secure") == "is it secure"
