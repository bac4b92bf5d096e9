"""The positions table and follow-ups: rows per body and topic, government apart, aliases."""

from __future__ import annotations

import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import load_topics
from assistant.answer.questions import in_context
from assistant.config import REPO_ROOT
from assistant.index.positions import build_table, compare
from assistant.models import Answer, Passage, Sentence, Source
from assistant.service import Assistant

DIRECTORY = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")
LABELS = {t.id: t.label for t in load_topics(REPO_ROOT / "knowledge" / "topics.yaml")}


def _assert_positions_are_cited(answer: Answer) -> None:
    by_n = {c.n: c for c in answer.citations}
    for position in answer.positions:
        citation = by_n[position.citation]
        assert citation.body == position.body
        assert citation.quote == position.quote


def _assert_quotes_verbatim(assistant: Assistant, answer: Answer) -> None:
    sources = {s.id: s for s in assistant.sources()}
    for c in answer.citations:
        assert sources[c.source_id].text[c.start : c.end] == c.quote


# ------------------------------------------------------------------------------ the table
def _source(text: str, kind: str = "news") -> Source:
    return Source(id="doc", title="Doc", kind=kind, text=text, content_hash="x")


def _passage(source: Source, sentences: list[Sentence], kind: str = "news") -> Passage:
    return Passage(
        id="doc:0000",
        source_id=source.id,
        text=source.text,
        start=0,
        end=len(source.text),
        kind=kind,
        sentences=sentences,
    )


def test_reader_comments_and_reporters_are_not_in_the_table() -> None:
    text = "Funding is short. The reporter notes funding. A reader fears funding cuts."
    source = _source(text)
    a, b, c = (text.index(s) for s in ("Funding is", "The reporter", "A reader"))
    said = _passage(
        source,
        [
            Sentence(
                start=a, end=b - 1, body="NHS Providers", topics=["funding"], stance="concern"
            ),
            Sentence(start=b, end=c - 1, body=None, topics=["funding"], stance="neutral"),
        ],
    )
    comment = _passage(
        source,
        [Sentence(start=c, end=len(text), body=None, topics=["funding"], stance="concern")],
        kind="reader-comment",
    )
    rows = build_table([said, comment], {"doc": source}, DIRECTORY)
    assert [(r.body, r.topic, r.stance) for r in rows] == [("NHS Providers", "funding", "concern")]
    assert rows[0].statements[0].quote == "Funding is short."


def test_government_rows_are_marked_apart_and_strength_counts_agreeing_statements() -> None:
    text = "We propose pooling. Pooling is welcome. Pooling is risky. Pooling is a worry."
    source = _source(text, kind="response")
    starts = [
        text.index(s)
        for s in ("We propose", "Pooling is welcome", "Pooling is risky", "Pooling is a worry")
    ] + [len(text) + 1]
    bodies = ["Department of Health and Social Care", "LGA", "LGA", "LGA"]
    stances = ["neutral", "support", "concern", "concern"]
    sentences = [
        Sentence(start=s, end=e - 1, body=b, topics=["pooled-budgets"], stance=st)
        for s, e, b, st in zip(starts, starts[1:], bodies, stances, strict=False)
    ]
    rows = {
        r.body: r
        for r in build_table([_passage(source, sentences, "response")], {"doc": source}, DIRECTORY)
    }
    assert rows["Department of Health and Social Care"].government
    assert not rows["LGA"].government
    assert rows["LGA"].stance == "mixed"
    view = compare(rows.values(), "pooled-budgets")
    assert [r.body for r in view.government] == ["Department of Health and Social Care"]
    assert [r.body for r in view.respondents] == ["LGA"]


def test_views_that_all_lean_one_way_are_flagged_one_sided(assistant: Assistant) -> None:
    rows = assistant.positions()
    for topic in {r.topic for r in rows}:
        view = compare(rows, topic)
        stances = {r.stance for r in view.opinions}
        assert (view.one_sided() is not None) == (len(stances) == 1 or len(view.opinions) == 1)


# ------------------------------------------------------------------------------ follow-ups
@pytest.mark.parametrize(
    ("question", "meant"),
    [
        ("and what about the LGA?", "What about budgets? and what about the LGA?"),
        ("Why do they think that?", "What about budgets? Why do they think that?"),
        (
            "What does the white paper propose for shared care records by 2024?",
            "What does the white paper propose for shared care records by 2024?",
        ),
    ],
)
def test_follow_ups_are_read_with_the_previous_question(question: str, meant: str) -> None:
    assert in_context(question, ["What about budgets?"]) == meant


def test_a_question_without_history_is_unchanged() -> None:
    assert in_context("and the LGA?", []) == "and the LGA?"


def test_the_digest_speaks_for_no_body(assistant: Assistant) -> None:
    digests = [s.id for s in assistant.sources() if s.kind == "digest"]
    rows = assistant.positions()
    assert not any(st.source_id in digests for r in rows for st in r.statements)


def test_a_body_mentioned_but_never_quoted_gets_no_invented_view(assistant: Assistant) -> None:
    quoted = {r.body for r in assistant.positions()}
    texts = " ".join(s.text for s in assistant.sources())
    body = next(
        name
        for name in sorted(set(DIRECTORY.names.values()))
        if name not in quoted and name in texts and not DIRECTORY.is_government(name)
    )
    answer = assistant.ask(f"What does the {body} think of the white paper?")
    assert f"mention {body} but quote no view" in answer.answer
    assert answer.not_addressed == [body]
    assert answer.positions == [] and not answer.answerable


def test_positions_can_be_asked_for_by_a_bodys_alias(assistant: Assistant) -> None:
    by_alias = assistant.positions(body="LGA")
    assert by_alias
    assert by_alias == assistant.positions(body="Local Government Association")


def test_a_view_stated_jointly_counts_for_each_body() -> None:
    text = "Both bodies broadly welcome pooling."
    source = _source(text, kind="news")
    sentence = Sentence(start=0, end=len(text), body="LGA", also=["NHS Confederation"],
                        topics=["pooled-budgets"], stance="mixed")
    rows = build_table([_passage(source, [sentence], "news")], {"doc": source}, DIRECTORY)
    assert {(r.body, r.stance) for r in rows} == {("LGA", "mixed"), ("NHS Confederation", "mixed")}


def test_a_view_of_the_paper_as_a_whole_is_filed_under_the_paper_overall(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("What does NHS Providers think of the white paper overall?")
    assert answer.positions
    # every quote is filed under the paper overall, and perhaps under its own topic as well
    for n in {p.citation for p in answer.positions}:
        topics = [p.topic for p in answer.positions if p.citation == n]
        assert topics[0] == "overall" and len(topics) <= 2
    # each quote keeps the stance judged for that very sentence
    for p in answer.positions:
        cited = answer.citations[p.citation - 1]
        assert p.quote == cited.quote


def test_a_bodys_own_document_named_limits_its_view_to_that_document(
    assistant: Assistant,
) -> None:
    from assistant.answer.named_documents import named_documents

    data = assistant.index.data
    question = "What does the Centre for Governance and Scrutiny update say about pooled budgets?"
    (named,) = named_documents(question, data, assistant.session.directory)
    answer = assistant.ask(question)
    assert answer.positions
    assert {c.source_id for c in answer.citations} == {named}


def test_which_of_two_named_bodies_is_more_critical_compares_those_two(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("Which is more critical of the white paper, NHS Providers or the LGA?")
    bodies = {p.body for p in answer.positions}
    assert bodies and bodies <= {"NHS Providers", "Local Government Association"}


def test_documents_by_two_publishers_named_together_are_both_named(
    assistant: Assistant,
) -> None:
    from assistant.answer.named_documents import named_documents

    data = assistant.index.data
    question = "Compare the CfGS update with the Public Policy Projects article on the white paper"
    named = named_documents(question, data, assistant.session.directory)
    assert {data.sources[s].publisher for s in named} == {
        "Centre for Governance and Scrutiny (CfGS)",
        "Public Policy Projects (PPP)",
    }


def test_a_contact_line_or_a_request_for_comments_is_not_a_view() -> None:
    from assistant.answer.statements import carries_content

    assert not carries_content(
        "Please send your comments on the proposals to our policy team: [email protected]",
        DIRECTORY,
    )
    assert not carries_content("Contact us at policy@example.org.uk for questions.", DIRECTORY)
    assert carries_content(
        "We are concerned that councils must contact every provider before pooling.", DIRECTORY
    )
