"""Answers over a corpus holding one document about another policy paper (the February 2021
white paper): it is never a view on CP 573, and a fact only it covers is flagged as such."""

from __future__ import annotations

from assistant.service import Assistant
from tests.documents import OTHER_POLICY_ID

OTHER_BODY = "Kelbrook Health Forum"


def _cited(answer) -> set[str]:  # noqa: ANN001 (an Answer)
    return {c.source_id for c in answer.citations}


def test_positions_hold_nothing_from_a_document_about_another_paper(
    other_policy_assistant: Assistant,
) -> None:
    rows = other_policy_assistant.positions()
    assert rows, "the shipped documents give positions"
    assert all(s.source_id != OTHER_POLICY_ID for r in rows for s in r.statements)
    assert OTHER_BODY not in {r.body for r in rows}


def test_a_body_quoted_only_about_another_paper_has_no_view_on_cp573(
    other_policy_assistant: Assistant,
) -> None:
    answer = other_policy_assistant.ask(f"What did the {OTHER_BODY} say about pooled budgets?")
    assert OTHER_POLICY_ID not in _cited(answer)
    assert answer.positions == []
    assert "quoted only in documents about another policy paper" in answer.answer
    assert "Integration and innovation (February 2021)" in answer.answer
    assert "I hold no statements" not in answer.answer


def test_which_bodies_and_agreement_answers_leave_the_other_paper_out(
    other_policy_assistant: Assistant,
) -> None:
    for question in (
        "Which bodies support pooled budgets?",
        "What do councils think of pooled budgets?",
        "Do the LGA and NHS Providers agree on pooled budgets?",
    ):
        answer = other_policy_assistant.ask(question)
        assert answer.citations, question
        assert OTHER_POLICY_ID not in _cited(answer), question
        assert all(p.body != OTHER_BODY for p in answer.positions), question
        assert not any(c.about_other_policy for c in answer.citations), question


def test_a_fact_cp573s_documents_cover_is_answered_from_them_alone(
    other_policy_assistant: Assistant,
) -> None:
    answer = other_policy_assistant.ask("Will budgets be pooled between councils and the NHS?")
    assert answer.answerable and answer.citations
    assert OTHER_POLICY_ID not in _cited(answer)
    assert "another paper" not in answer.answer and "not the integration white paper" not in (
        answer.answer
    )


def test_a_fact_only_the_other_paper_covers_is_cited_and_flagged_as_such(
    other_policy_assistant: Assistant,
) -> None:
    answer = other_policy_assistant.ask(
        "Should hospital trusts publish waiting times for community dentistry every quarter?"
    )
    assert answer.answerable
    assert _cited(answer) == {OTHER_POLICY_ID}
    assert all(c.about_other_policy for c in answer.citations)
    assert {c.about_title for c in answer.citations} == {
        "Integration and innovation (February 2021)"
    }
    first = answer.answer.split("\n")[0]
    assert first == (
        "The only source I hold that covers this is about Integration and innovation "
        "(February 2021), not the integration white paper (CP 573), so this is not what CP 573 "
        "says or a view on it."
    )
    assert answer.note == first
    dumped = answer.model_dump(mode="json")
    assert dumped["citations"][0]["about_other_policy"] is True
    assert {"source_id", "title", "quote", "start", "end"} <= set(dumped["citations"][0])


def test_citations_from_cp573_documents_are_not_flagged(other_policy_assistant: Assistant) -> None:
    answer = other_policy_assistant.ask("What is the single accountable person?")
    assert answer.citations
    assert not any(c.about_other_policy or c.about_title for c in answer.citations)


def test_who_a_person_is_says_when_only_another_papers_document_names_them(
    other_policy_assistant: Assistant,
) -> None:
    answer = other_policy_assistant.ask("Who is Dr Ellen Marsh?")
    assert _cited(answer) == {OTHER_POLICY_ID}
    assert answer.answer.startswith("The only source I hold that covers this is about")
    assert answer.answer.count("The only source I hold") == 1


def test_not_covered_counts_the_other_papers_document_apart(
    other_policy_assistant: Assistant, assistant: Assistant
) -> None:
    question = "When will the Wessex dental contract be published?"
    answer = other_policy_assistant.ask(question)
    assert not answer.answerable
    held = len(assistant.sources())  # the shipped documents, all about CP 573
    assert f"responses to it from {held} documents" in answer.answer
    assert answer.answer.endswith("One more is about another policy paper.")
    assert "about another policy paper" not in assistant.ask(question).answer
