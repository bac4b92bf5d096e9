"""A body quoted only through another body's words is answered from those words, as theirs."""

from __future__ import annotations

from assistant.service import Assistant


def test_a_view_reported_second_hand_is_answered_as_the_reporters_words(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Does the Alzheimer's Society have a view on sharing data?")
    assert answer.answerable is True and answer.not_addressed == []
    assert "quote no statement by Alzheimer's Society itself" in answer.answer
    assert "British Healthcare Trades Association reports it" in answer.answer
    assert [c.source_id for c in answer.citations] == ["bhta-integration-white-paper"]
    assert "Alzheimer" in answer.citations[0].quote
    # the words and their stance are the reporter's: no stance is filed under the body named
    assert not any(p.body == "Alzheimer's Society" for p in answer.positions)


def test_a_body_reported_on_another_point_is_still_not_quoted(assistant: Assistant) -> None:
    answer = assistant.ask("What does the Alzheimer's Society say about pooled budgets?")
    assert answer.answerable is False
    assert "reported second-hand" not in answer.answer
