"""Answers that answer the question asked: an opening that is the answer, views from a search of
each body's own statements, and "did not address" only after that search found nothing."""

from __future__ import annotations

import re

from assistant.analysis.bodies import Directory
from assistant.answer.expected import fits, missing_kind
from assistant.answer.opinions import OpinionAnswerer
from assistant.answer.statements import BodyStatements, carries_content
from assistant.config import REPO_ROOT
from assistant.models import Answer
from assistant.service import Assistant

DIRECTORY = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")


def _opening(answer: Answer) -> str:
    return answer.answer.split("\n\n", 1)[0]


def _assert_positions_are_cited(answer: Answer) -> None:
    by_n = {c.n: c for c in answer.citations}
    for position in answer.positions:
        assert by_n[position.citation].quote == position.quote


def _assert_quotes_verbatim(assistant: Assistant, answer: Answer) -> None:
    sources = {s.id: s for s in assistant.sources()}
    for c in answer.citations:
        assert sources[c.source_id].text[c.start : c.end] == c.quote


def test_a_bodys_view_opens_with_its_stance_and_its_own_words(assistant: Assistant) -> None:
    answer = assistant.ask("What is NHS Providers' view on pooled budgets?")
    opening = _opening(answer)
    assert opening.startswith("NHS Providers has concerns:")
    assert "[1]" in opening and answer.citations[0].body == "NHS Providers"
    assert {p.body for p in answer.positions} == {"NHS Providers"}
    assert {p.stance for p in answer.positions} <= {"concern", "mixed"}
    _assert_positions_are_cited(answer)
    _assert_quotes_verbatim(assistant, answer)


def test_a_point_made_in_other_words_counts_as_addressed(assistant: Assistant) -> None:
    answer = assistant.ask("Has NHS Providers commented on merging health and council budgets?")
    assert answer.not_addressed == []
    assert answer.answerable and any(p.body == "NHS Providers" for p in answer.positions)


def test_agreement_names_who_agrees_and_who_differs(assistant: Assistant) -> None:
    answer = assistant.ask("Do the LGA and NHS Providers agree on social care funding?")
    opening = _opening(answer)
    assert re.match(r"(They agree|They differ|Neither)", opening)
    bodies = {p.body for p in answer.positions}
    assert bodies == {"Local Government Association", "NHS Providers"}
    assert "Do NHS Providers" not in answer.answer


def test_words_before_and_are_never_read_as_a_body(assistant: Assistant) -> None:
    answer = assistant.ask("Do NHS Providers and the County Councils Network agree on leadership?")
    assert "Do NHS Providers" not in answer.answer
    assert {p.body for p in answer.positions} <= {"NHS Providers", "County Councils Network"}
    assert answer.not_addressed == []


def test_silence_is_said_only_after_the_bodys_statements_were_searched(
    assistant: Assistant, encoder
) -> None:
    data = assistant.index.data
    statements = BodyStatements(data, assistant.session.directory)
    unrelated = encoder.query("the best recipe for a lemon drizzle cake")
    found = statements.search("Local Government Association", "lemon drizzle cake", unrelated)
    assert statements.addressed(found) == []
    related = encoder.query("pay and conditions of the social care workforce")
    found = statements.search("NHS Providers", "social care workforce pay", related)
    assert statements.addressed(found)


def test_a_silent_body_is_told_with_what_it_did_speak_about(assistant: Assistant) -> None:
    answer = assistant.ask("What does the LGA think about a lemon drizzle cake recipe?")
    if answer.not_addressed:  # a question off the subject may also be declined outright
        assert answer.not_addressed == ["Local Government Association"]
        assert "it spoke about" in answer.answer
        assert not answer.answerable


def test_a_body_the_documents_never_quote_gets_no_statements_not_silence(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What does the Royal College of Midwives think of the white paper?")
    assert "I hold no statements by" in answer.answer
    assert answer.not_addressed == []
    assert not answer.answerable and answer.positions == []


def test_a_name_bodies_yaml_does_not_know_is_matched_to_a_body_held(
    assistant: Assistant, encoder
) -> None:
    data = assistant.index.data
    directory = assistant.session.directory
    opinions = OpinionAnswerer(
        data, directory, BodyStatements(data, directory), assistant.topic_labels, encoder.query
    )
    assert opinions.held_name("County Councils") == "County Councils Network"
    assert opinions.held_name("Nuffeld Trust") == "Nuffield Trust"
    assert opinions.held_name("Royal College of Midwives") is None


def test_which_bodies_groups_the_bodies_found_by_their_stance(assistant: Assistant) -> None:
    answer = assistant.ask("Which bodies are worried about the money available?")
    concerned = {p.body for p in answer.positions if p.stance in ("concern", "mixed")}
    assert len(concerned) >= 3
    assert re.match(r"\d+ bodies are quoted on this", _opening(answer))
    _assert_positions_are_cited(answer)


def test_the_governments_own_position_is_shown_apart(assistant: Assistant) -> None:
    answer = assistant.ask("What are the views on the single accountable person?")
    assert "government's own position" in answer.answer
    assert not any(DIRECTORY.is_government(p.body) for p in answer.positions)


def test_a_fact_question_opens_with_the_fact_not_a_stance_table(assistant: Assistant) -> None:
    answer = assistant.ask("Who signs off the appointment of a place's single accountable person?")
    assert answer.positions == []
    assert re.search(r"integrated care board", _opening(answer), re.IGNORECASE)
    assert _opening(answer).endswith("[1].")


def test_a_person_question_gives_their_body_and_role(assistant: Assistant) -> None:
    answer = assistant.ask("Who is Saffron Cordery?")
    opening = _opening(answer)
    assert opening.startswith("Saffron Cordery speaks for NHS Providers")
    assert "deputy chief executive" in opening and answer.positions == []


def test_the_digest_is_quoted_without_its_labels_or_provenance(assistant: Assistant) -> None:
    answer = assistant.ask("On what date was the white paper published?")
    digest = [c for c in answer.citations if c.kind == "digest"]
    assert digest
    for c in digest:
        assert "(source" not in c.quote and not re.match(r"[A-Z][\w ]{0,40}:", c.quote)
        assert "give no" not in c.quote


def test_framing_sentences_carry_no_content() -> None:
    assert not carries_content(
        "His concerns were echoed by Nigel Edwards, chief executive of fellow think-tank "
        "the Nuffield Trust.",
        DIRECTORY,
    )
    assert not carries_content("Saffron Cordery, deputy chief executive, said:", DIRECTORY)
    assert carries_content(
        "Pooling budgets is no substitute for funding both systems properly.", DIRECTORY
    )


def test_a_view_that_introduces_a_quotation_still_carries_content() -> None:
    assert carries_content(
        "Where cash rather than information is what blocks progress, the paper's faith in "
        "the powers of shared records looks misplaced:",
        DIRECTORY,
    )
    assert not carries_content("The council's response, in its own words, stated:", DIRECTORY)


def test_a_view_answer_is_deterministic(assistant: Assistant) -> None:
    question = "Who backs pooling budgets?"
    assert assistant.ask(question).answer == assistant.ask(question).answer


def test_an_amount_is_answered_only_by_a_sentence_that_gives_one() -> None:
    question = "How much will the new fund cost?"
    assert fits("quantity", question, "The fund is worth £3.6 billion over three years.")
    assert not fits("quantity", question, "The fund will be reviewed by 2024.")
    assert missing_kind("quantity", question) == "an amount"


def test_how_often_money_is_mentioned_asks_for_a_count_not_an_amount() -> None:
    question = "How often does the paper mention money?"
    assert fits("quantity", question, "The pound sign appears in it only four times.")
    assert missing_kind("quantity", question) == "a figure"


def test_a_date_is_answered_only_by_a_sentence_that_gives_one() -> None:
    assert fits("when", "When will it start?", "Shared outcomes apply from April 2023.")
    assert not fits("when", "When will it start?", "Councils will lead the work.")
    assert fits("fact", "What is it?", "Councils will lead the work.")



def test_the_opening_quote_shows_the_stance_it_is_given_for(assistant: Assistant) -> None:
    checked = 0
    for question in (
        "What does the NHS Confederation think of the white paper?",
        "What did NHS Providers say about the workforce?",
        "What does the Health Foundation think of the white paper?",
    ):
        answer = assistant.ask(question)
        lead = _opening(answer).split(":")[0]
        first = next(p for p in answer.positions if p.citation == 1)
        if "has concerns" in lead:
            assert first.stance == "concern", question
            checked += 1
        elif "supports" in lead:
            assert first.stance == "support", question
            checked += 1
        elif "mixed views" in lead:
            assert first.stance != "neutral", question
            checked += 1
    assert checked


def test_a_view_opening_never_quotes_opposed_statements_as_one_reason(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What did NHS Providers say about pooled budgets?")
    opening = _opening(answer)
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", opening)}
    stances = {p.stance for p in answer.positions if p.citation in cited}
    assert cited and not {"support", "concern"} <= stances
    # what the opening quotes is not repeated in the list below it
    rest = answer.answer.split("\n\n", 1)[1] if "\n\n" in answer.answer else ""
    assert not any(f"[{n}]" in rest for n in cited)


def test_a_follow_up_searches_the_bodies_with_its_own_point(assistant: Assistant) -> None:
    class Asked:
        question = "And what did they say about the timescale?"
        follow_up = True

    resolved = "What does the LGA think about the single leader? " + Asked.question
    assert OpinionAnswerer._asked(resolved, Asked()) == Asked.question  # type: ignore[arg-type]
    Asked.question = "Why do they think that?"
    assert OpinionAnswerer._asked(resolved, Asked()) == resolved  # type: ignore[arg-type]


def test_quoted_words_are_found_when_the_sentence_words_them_a_little_differently() -> None:
    from assistant.answer.statements import quoted_terms
    from assistant.index.stores import search_terms

    (terms,) = quoted_terms('Who doubted letting "a thousand flowers bloom"?')
    sentence = "scepticism as to whether Whitehall will allow a ‘thousand flowers to bloom’"
    assert terms <= set(search_terms(sentence))
    assert quoted_terms("Who is against it?") == []


def test_who_responded_for_a_body_is_answered_with_its_spokesperson(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Who spoke for NHS Providers about the plans, and what is her job?")
    opening = _opening(answer)
    assert opening.startswith("Saffron Cordery speaks for NHS Providers")
    assert answer.positions == []


def test_which_body_a_person_speaks_for_is_a_question_about_the_person(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Which organisation is Saffron Cordery speaking for?")
    assert _opening(answer).startswith("Saffron Cordery speaks for NHS Providers")


def test_a_document_describing_itself_is_not_a_bodys_view() -> None:
    assert not carries_content(
        "This briefing sets out the council's response to each part of the proposals.",
        DIRECTORY,
    )
    assert carries_content(
        "This paper is a wish list rather than a plan for the workforce.", DIRECTORY
    )


def test_asking_a_named_persons_job_is_a_question_about_the_person(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Does Saffron Cordery lead NHS Providers, and what is her job?")
    assert _opening(answer).startswith("Saffron Cordery speaks for NHS Providers")
    assert "deputy chief executive" in answer.answer


def test_question_forms_are_shapes_not_names() -> None:
    from assistant.answer.question_forms import (
        asks_who_speaks_for,
        asks_whom_they_speak_for,
        compares_two,
    )

    assert compares_two("Who is less keen on the plans, the council or the trust?")
    assert not compares_two("What more does the council want?")
    assert asks_whom_they_speak_for("Which union does she work for?")
    assert not asks_whom_they_speak_for("What did she say about the role of the leader?")
    assert asks_who_speaks_for("Who spoke on behalf of the county councils?")
    assert not asks_who_speaks_for("Who is accountable for the shared outcomes?")


def test_a_bodys_verdict_on_the_paper_is_its_view_of_the_paper_as_a_whole(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What is NHS Providers' verdict on the white paper?")
    assert answer.answerable and answer.not_addressed == []
    assert _opening(answer).startswith("NHS Providers")


def test_a_point_asked_in_one_word_is_found_by_the_topic_it_names(assistant: Assistant) -> None:
    """"Money" alone barely matches "further funding would be needed"; read as the funding
    topic, the body's statement on funding answers it rather than being offered as the nearest."""
    answer = assistant.ask(
        "Did they say anything about money?",
        history=["What did the County Councils Network say?"],
    )
    assert not _opening(answer).startswith("Nothing")
    assert ("County Councils Network", "funding") in {(p.body, p.topic) for p in answer.positions}
    _assert_positions_are_cited(answer)



def test_asking_whether_a_body_backs_the_paper_is_answered_by_its_views_of_it(
    assistant: Assistant,
) -> None:
    """A verb for a stance ("back", "support", "welcome") asks how the body leans on the
    paper, not about a point of its own: the body's views answer it, never "not quoted"."""
    for verb in ("back", "welcome"):
        answer = assistant.ask(f"Does NHS Providers {verb} the white paper?")
        assert "not quoted on this" not in answer.answer
        assert not _opening(answer).startswith("Nothing")
        assert {p.body for p in answer.positions} == {"NHS Providers"}
        _assert_positions_are_cited(answer)


def test_what_one_person_said_is_answered_from_their_words_not_their_bodys(
    assistant: Assistant,
) -> None:
    data = assistant.index.data
    said: dict[str, dict[str | None, int]] = {}
    for passage in data.passages:
        for s in passage.sentences:
            if s.body:
                said.setdefault(s.body, {}).setdefault(s.speaker, 0)
                said[s.body][s.speaker] += 1
    # a person who shares their body with others who speak for it
    body, person = max(
        ((b, p) for b, people in said.items() for p in people if p and len(people) > 1),
        key=lambda bp: said[bp[0]][bp[1]],
    )
    answer = assistant.ask(f"What did {person} say about the white paper?")
    assert _opening(answer).startswith(f"{person} ({body})")
    assert answer.citations and {c.speaker for c in answer.citations} == {person}
    assert answer.not_addressed == []
