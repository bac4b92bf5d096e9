"""Questions on the documents' subject that they do not answer are declined, saying what is near."""

from __future__ import annotations

from assistant.answer.compose import CorpusNames, names_in
from assistant.answer.evidence import Evidence
from assistant.answer.expected import counted_words, counts_of, fits, missing_kind
from assistant.answer.unanswered import after_the_documents, declined_request, names_unmet
from assistant.index.versions import IndexData
from assistant.service import Assistant


def test_a_count_of_something_else_does_not_answer_how_many() -> None:
    question = "How many people wrote in to the department's inbox?"
    assert "people" in counted_words(question)
    assert not fits("quantity", question, "The inbox was open for eight weeks from 10 March.")
    assert fits("quantity", question, "Some 300 people wrote in before it closed.")
    assert missing_kind("quantity", question) == "a figure"


def test_the_counted_word_may_stand_a_few_words_from_its_number() -> None:
    assert counts_of(counted_words("how many staff?"), "Fourteen staff have taken part.")
    boards = counted_words("How many ICBs will there be?")
    assert counts_of(boards, "It would establish 42 Integrated Care Boards (ICBs) in all.")
    assert counts_of(boards, "There is to be one ICB, for the whole county.")
    bodies = counted_words("How many bodies responded?")
    assert counts_of(bodies, "Responses came from 12 bodies and a few people.")
    # a year is not a count, however close the word stands
    places = counted_words("How many places have a model?")
    assert not counts_of(places, "By 2023 every place is to have adopted a model.")


def test_one_counts_only_the_word_straight_after_it() -> None:
    places = counted_words("How many places have signed up?")
    assert not counts_of(places, "There is one leader in each place.")
    assert counts_of(places, "Only one place has signed up so far.")
    assert counts_of(places, "Three places in the region have signed up.")


def test_an_adjective_before_the_counted_noun_does_not_hide_it() -> None:
    counted = counted_words("How many new local partnerships are there?")
    assert counts_of(counted, "The county is creating seven partnerships on district lines.")


def test_how_many_without_a_counted_word_still_takes_any_number() -> None:
    question = "How many of them are there?"
    assert counted_words(question) == set()
    assert fits("quantity", question, "There are seven in all.")


def test_the_year_of_an_act_is_not_a_date() -> None:
    question = "When will the simpler guidance come out?"
    assert not fits("when", question, "The law on pooled budgets, the NHS Act 2006, is reviewed.")
    assert fits("when", question, "The guidance is to follow in April 2023.")


def test_what_happened_after_every_document_is_not_theirs_to_report(
    assistant: Assistant,
) -> None:
    data = assistant.index.data
    assert after_the_documents("What happened to the plans after 2025?", data) == "2025"
    assert after_the_documents("What changed since spring 2026?", data) == "spring 2026"
    # plans for that time, and events before the newest document, are the documents' to say
    assert after_the_documents("What will happen to the plans after 2025?", data) is None
    assert after_the_documents("What was meant to happen after 2025?", data) is None
    assert after_the_documents("What happened after 2021?", data) is None
    assert after_the_documents("What happened to the deadline in 2025?", data) is None


def test_only_an_out_of_scope_reading_is_a_declined_request() -> None:
    assert declined_request("out-of-scope")
    assert not declined_request("fact") and not declined_request("quantity")


def test_a_request_for_advice_is_declined_with_the_nearest_subject(assistant: Assistant) -> None:
    answer = assistant.ask("Could you recommend a care home in my town for my dad?")
    assert answer.answerable is False and answer.citations == []
    assert answer.answer.startswith("That is not something I can help with")
    assert "The nearest subject they cover is" in answer.answer


def test_a_question_about_events_after_the_documents_is_declined(assistant: Assistant) -> None:
    answer = assistant.ask("What happened to the single accountable person role after 2024?")
    assert answer.answerable is False and answer.citations == []
    assert "written before 2024" in answer.answer
    assert "The nearest subject they cover is leadership and accountability." in answer.answer
    planned = assistant.ask("What will the single accountable person do after 2024?")
    assert planned.answerable is True


def _passage_naming(data: IndexData, name: str) -> int:
    return next(i for i, p in enumerate(data.passages) if name in p.text)


def test_a_name_counts_as_met_only_where_the_evidence_or_its_lead_in_holds_it(
    assistant: Assistant,
) -> None:
    data = assistant.index.data
    names = CorpusNames(data, {})
    question = "Who leads the shared plan in Norfolk and Waveney?"
    at = _passage_naming(data, "Norfolk and Waveney")
    source = data.passages[at].source_id
    assert names_unmet(question, [Evidence(at, 0, 1.0, 1.0)], data, names) == []
    after, before = data.passages[at + 1], data.passages[at - 1]
    assert after.source_id == source == before.source_id
    # the passage after a mention continues it; the passage before it knows nothing of it
    assert names_unmet(question, [Evidence(at + 1, 0, 1.0, 1.0)], data, names) == []
    assert "Norfolk and Waveney" not in before.text
    unmet = names_unmet(question, [Evidence(at - 1, 0, 1.0, 1.0)], data, names)
    assert unmet == ["Norfolk and Waveney"]
    assert names_unmet(question, [], data, names) == []


def test_a_name_is_met_by_who_publishes_or_speaks_in_the_evidence(assistant: Assistant) -> None:
    data = assistant.index.data
    names = CorpusNames(data, {})
    i, passage = next(
        (i, p) for i, p in enumerate(data.passages) if data.sources[p.source_id].publisher
    )
    publisher = data.sources[passage.source_id].publisher or ""
    question = f"What does {publisher} want?"
    assert names_in(question)
    assert names_unmet(question, [Evidence(i, 0, 1.0, 1.0)], data, names) == []
