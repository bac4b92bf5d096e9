"""A date or an amount answers a question only when it is of what the question asks about."""

from __future__ import annotations

from assistant.answer.evidence import Evidence, sentence_text
from assistant.answer.expected import Expected, asks_consequence, fits, local_figure, missing_kind
from assistant.answer.point import PointWords, stems
from assistant.index.versions import IndexData
from assistant.service import Assistant


def _points(assistant: Assistant) -> PointWords:
    return PointWords(assistant.index.data, assistant.topics)


def _evidence_of(data: IndexData, words: str) -> Evidence:
    """The evidence for the first indexed sentence holding `words`."""
    for i, passage in enumerate(data.passages):
        text = data.sources[passage.source_id].text
        for j, sentence in enumerate(passage.sentences):
            if words in text[sentence.start : sentence.end]:
                return Evidence(i, j, 1.0, 1.0)
    raise AssertionError(f"no sentence holds {words!r}")


def test_the_words_every_document_uses_name_no_point(assistant: Assistant) -> None:
    points = _points(assistant)
    point = points.of("What about care and health records for the new target?")
    assert "car" in points.common and "health" in points.common  # in most passages
    assert "car" not in point and "health" not in point
    assert {"record", "target"} <= point


def test_another_term_of_the_topic_speaks_to_the_point(assistant: Assistant) -> None:
    points = _points(assistant)
    question = "anything on the data plans?"
    point = points.of(question)
    assert points.speaks_to(question, point, "Digital records are to be joined up.")
    assert not points.speaks_to(question, point, "The timescale of spring 2023 is tight.")
    assert points.speaks_to("what?", set(), "Any sentence at all.")  # no point: no check
    assert stems("pooling budgets") == {"pool", "budget"}


def test_where_a_digest_line_comes_from_dates_only_its_source(assistant: Assistant) -> None:
    data = assistant.index.data
    expected = Expected(_points(assistant), lambda name: False)
    guidance = _evidence_of(data, "publish simpler guidance on using it")
    assert "(source: Community Care report, 10 February 2022)" in sentence_text(data, guidance)
    assert fits("when", "When is the guidance due?", sentence_text(data, guidance))
    assert not expected.fits("when", "When is the simpler guidance due?", data, guidance)
    asked = "When did the Community Care report come out?"
    assert expected.fits("when", asked, data, guidance)


def test_a_date_of_another_commitment_does_not_say_when(assistant: Assistant) -> None:
    data = assistant.index.data
    expected = Expected(_points(assistant), lambda name: False)
    outcomes = _evidence_of(data, "shared outcomes are to apply from April 2023")
    question = "When is the new section 75 guidance to be published?"
    assert not expected.fits("when", question, data, outcomes)
    assert expected.fits("when", "When do the shared outcomes take effect?", data, outcomes)


def test_an_amount_must_be_of_the_thing_named(assistant: Assistant) -> None:
    data = assistant.index.data
    expected = Expected(_points(assistant), lambda name: False)
    levy = _evidence_of(data, "which brings £5.4bn")
    asked = "How much does the Health and Social Care Levy raise?"
    assert expected.fits("quantity", asked, data, levy)
    assert not expected.fits("quantity", "How much is the Carers Fund worth?", data, levy)
    # the sentence need not name the body that says it: its body and speaker are held too
    bhta = _evidence_of(data, "£1.8 billion-per-year increase")
    asked = "How much did the British Healthcare Trades Association say care will get?"
    assert "British Healthcare Trades Association" not in sentence_text(data, bhta)
    assert expected.fits("quantity", asked, data, bhta)
    cap = _evidence_of(data, "at £86,000")
    assert not expected.fits("quantity", "How much will the levy bring in?", data, cap)


def test_one_areas_figure_is_not_the_national_one() -> None:
    assert local_figure("What is the national budget for the fund?", "Marlcombe County Council")
    assert not local_figure("What is the budget for the fund?", "Marlcombe County Council")
    assert not local_figure("How much is spent nationally?", "County Councils Network")


def test_a_question_on_a_date_the_documents_do_not_give_is_declined(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("When will the simpler section 75 guidance come out?")
    assert answer.answerable is False and answer.citations == []
    assert "do not give a date" in answer.answer
    found = assistant.ask("By when should each integrated care system have joined-up records?")
    assert found.answerable is True and "2024" in found.answer


def test_a_deadline_does_not_say_what_follows_from_missing_it(assistant: Assistant) -> None:
    data = assistant.index.data
    expected = Expected(_points(assistant), lambda name: False)
    deadline = _evidence_of(data, "by spring 2023")
    asked = "What happens to an area that misses its governance deadline?"
    assert asks_consequence(asked) and not asks_consequence("What is the governance deadline?")
    assert not expected.fits("when", asked, data, deadline)
    assert expected.fits("when", "What is the deadline for a governance model?", data, deadline)
    assert missing_kind("when", asked) == "a consequence"
    answer = assistant.ask("What would happen to places failing to meet the spring 2023 deadline?")
    assert answer.answerable is False and "do not give a consequence" in answer.answer
