"""The Streamlit chat, driven by AppTest against the real model and a real index."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.chat.feedback import FeedbackStore
from assistant.config import REPO_ROOT, Settings
from assistant.index.versions import read_pointer
from assistant.service import Assistant
from assistant.text import markdown_text
from tests.documents import OTHER_POLICY_DOC, OTHER_POLICY_ID

QUESTION = "What do sector bodies think about pooling budgets?"


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=180)


@pytest.fixture
def app(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(built_settings.data_dir))
    return _app()


@pytest.fixture
def own_data(built_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shared index, for tests that write (feedback, added documents)."""
    data_dir = tmp_path / "app-data"
    shutil.copytree(built_settings.data_dir, data_dir)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
    return data_dir


def _ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, app.exception
    return app


def test_the_page_opens_with_its_views_and_nothing_stray(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert [t.label for t in app.tabs] == [
        "Ask a question",
        "Where bodies stand",
        "About the sources",
        "Add a document",
    ]
    assert app.title[0].value == "Integration white paper assistant"
    assert not app.get("help") and not app.code and not app.json  # no object dumped on the page


def test_without_an_index_the_page_says_so_in_one_line(
    fresh_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(fresh_settings.data_dir))
    app = _app().run()
    assert not app.exception
    assert len(app.error) == 1 and "cannot answer yet" in app.error[0].value
    assert not app.chat_input


def test_asking_a_question_shows_a_cited_answer_with_checkable_sources(app: AppTest) -> None:
    _ask(app.run(), QUESTION)
    answer = app.session_state["exchanges"][-1].answer
    assert answer.answerable and answer.citations
    body = " ".join(m.value for m in app.markdown)
    assert "[1]" in body
    labels = [e.label for e in app.expander]
    passages = [h.value for h in app.html]
    for c in answer.citations:
        assert any(label.startswith(f"[{c.n}] {c.title}") for label in labels)
        marked = f"<mark><strong>{html.escape(c.quote)}</strong></mark>".replace("\n", "<br>")
        assert any(marked in p for p in passages), f"quote [{c.n}] is not highlighted"
    assert len(app.feedback) == 1


def test_the_sidebar_limits_answers_to_the_kinds_of_document_chosen(app: AppTest) -> None:
    app.run()
    next(m for m in app.sidebar.multiselect if m.label == "Kinds of document").set_value(
        ["response"]
    ).run()
    _ask(app, QUESTION)
    exchange = app.session_state["exchanges"][-1]
    assert exchange.filters["kinds"] == ["response"]
    assert exchange.answer.citations
    assert {c.kind for c in exchange.answer.citations} == {"response"}


def test_a_first_time_user_can_start_from_a_suggested_question(app: AppTest) -> None:
    app.run()
    starter = app.button[0]
    starter.click().run()
    assert not app.exception
    exchanges = app.session_state["exchanges"]
    assert [e.question for e in exchanges] == [starter.label]
    assert exchanges[0].answer.answer


def test_an_empty_question_gets_a_plain_warning(app: AppTest) -> None:
    _ask(app.run(), "   ")
    assert "type a question" in app.warning[0].value
    assert app.session_state["exchanges"] == []


def test_a_follow_up_is_answered_in_the_light_of_the_conversation(
    app: AppTest, assistant: Assistant
) -> None:
    body = assistant.bodies()[0]
    follow_up = f"And what about {body}?"
    _ask(app.run(), QUESTION)
    _ask(app, follow_up)
    exchanges = app.session_state["exchanges"]
    assert exchanges[-1].history == (QUESTION,)
    in_context = assistant.ask(follow_up, history=[QUESTION])
    alone = assistant.ask(follow_up)
    assert exchanges[-1].answer.answer == in_context.answer
    assert in_context.answer != alone.answer  # the earlier question changed what was answered
    assert len(app.chat_message) == 4


def test_where_bodies_stand_shows_each_position_in_words(
    app: AppTest, assistant: Assistant
) -> None:
    app.run()
    assert not app.exception
    assert "Where bodies stand" in [h.value for h in app.header]
    rows = assistant.positions()
    if not rows:
        assert any("No positions" in i.value for i in app.info)
        return
    assert app.get("vega_lite_chart"), "the chart is missing"
    table = app.table[0].value
    assert len(table) == len(rows)
    assert set(table["Stance"]) <= {"Support", "Concern", "Mixed", "Neutral"}
    words = " ".join(m.value for m in app.markdown)
    assert f"on {len({r.topic for r in rows})} topics" in words
    cell = app.selectbox(key="standings-cell")
    cell.select_index(0).run()
    assert not app.exception
    chosen = rows[0]  # the list follows the table's order
    shown = " ".join(m.value for m in app.markdown)
    assert all(markdown_text(s.quote) in shown for s in chosen.statements)


def test_where_bodies_stand_narrows_to_one_topic(app: AppTest, assistant: Assistant) -> None:
    rows = assistant.positions()
    if not rows:
        pytest.skip("the index holds no positions to filter")
    app.run()
    topic = rows[0].topic
    next(m for m in app.multiselect if m.label == "Topics").set_value([topic]).run()
    assert not app.exception
    assert len(app.table[0].value) == len([r for r in rows if r.topic == topic])


def test_a_rating_is_stored_with_the_question_answer_and_citations(own_data: Path) -> None:
    app = _ask(_app().run(), QUESTION)
    exchange = app.session_state["exchanges"][-1]
    app.feedback[0].set_value(0).run()
    app.text_input(key=f"comment-{exchange.id}").input("Misses the council view").run()
    records = FeedbackStore(own_data).all()
    assert [r.rating for r in records] == ["not helpful", "not helpful"]
    latest = FeedbackStore(own_data).latest()[exchange.id]
    assert latest.question == QUESTION
    assert latest.comment == "Misses the council view"
    assert latest.answer == exchange.answer.answer
    assert [c.quote for c in latest.citations] == [c.quote for c in exchange.answer.citations]
    assert latest.index_version == exchange.answer.index_version


def test_a_comment_holding_personal_data_is_not_stored(own_data: Path) -> None:
    app = _ask(_app().run(), QUESTION)
    exchange = app.session_state["exchanges"][-1]
    app.feedback[0].set_value(1).run()
    comment = app.text_input(key=f"comment-{exchange.id}")
    comment.input("Call me on 020 7946 0321 or jo.bloggs@example.org").run()
    assert "not saved" in app.warning[0].value
    assert "example.org" not in app.warning[0].value
    stored = (own_data / "feedback" / "feedback.jsonl").read_text()
    assert "example.org" not in stored and "7946" not in stored
    assert FeedbackStore(own_data).latest()[exchange.id].rating == "helpful"


def test_the_conversation_can_be_saved_as_a_briefing_note(app: AppTest) -> None:
    app.run()
    assert not app.download_button  # nothing to save yet
    _ask(app, QUESTION)
    labels = [b.label for b in app.download_button]
    assert any("Markdown" in label for label in labels)
    assert any("HTML" in label for label in labels)


def _upload(app: AppTest, name: str, data: bytes, title: str, kind: str | None) -> AppTest:
    app.file_uploader[0].set_value((name, data, "application/octet-stream"))
    fields = {t.label: t for t in app.text_input}
    fields["Title"].input(title)
    fields["Published by"].input("A test publisher")
    if kind:
        kind_box = next(s for s in app.selectbox if s.label == "Kind of document")
        kind_box.set_value(kind)
    submit = next(b for b in app.button if b.label == "Add to the index")
    submit.click().run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt", b"\x00\x01\x02 not text at all \x00" * 20),
        ("report.pdf", b"this is not a PDF document"),
        ("empty.md", b""),
    ],
)
def test_a_bad_upload_shows_an_error_and_leaves_the_index_answering(
    own_data: Path, name: str, data: bytes
) -> None:
    before = read_pointer(own_data / "index")
    app = _upload(_app().run(), name, data, "A bad document", "response")
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("The document was not added:")
    assert "\n" not in errors[0] and "Traceback" not in errors[0]
    assert read_pointer(own_data / "index") == before
    assert not list((own_data / "documents").glob("*"))
    _ask(app, QUESTION)
    assert app.session_state["exchanges"][-1].answer.citations


def test_an_upload_needs_a_title_when_the_file_has_none(own_data: Path) -> None:
    app = _upload(_app().run(), "notes.txt", b"Some plain text.", "", "response")
    assert [e.value for e in app.error] == ["Give the document a title."]


def test_an_added_document_is_listed_and_can_be_quoted(own_data: Path) -> None:
    text = (
        "The Borsetshire Care Alliance welcomes the plan for shared outcomes. "
        "Its chair said the alliance would pool every budget in the county by next spring, "
        "with a single board for health and care services in each town."
    )
    app = _upload(
        _app().run(), "borsetshire-alliance.txt", text.encode(), "Alliance response", "response"
    )
    assert not app.error, [e.value for e in app.error]
    assert any("Added “Alliance response”" in s.value for s in app.success)
    listed = app.table[-1].value  # "About the sources" lists every document
    row = listed[listed["Title"] == "Alliance response"]
    assert len(row) == 1 and int(row["Passages"].iloc[0]) >= 1
    _ask(app, "Which alliance will pool every budget in the county by next spring?")
    titles = [c.title for c in app.session_state["exchanges"][-1].answer.citations]
    assert "Alliance response" in titles


def test_a_copy_of_a_held_document_is_refused_with_the_one_it_copies(own_data: Path) -> None:
    shipped = REPO_ROOT / "knowledge" / "sources" / "ppp-beyond-rearranging-the-furniture.md"
    body = shipped.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    before = read_pointer(own_data / "index")
    app = _upload(_app().run(), "saved-page.txt", body.encode(), "A saved page", "commentary")
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "\n" not in errors[0]
    assert errors[0].startswith("The document was not added: 'saved-page' is the same text as")
    assert "'ppp-beyond-rearranging-the-furniture'" in errors[0]
    assert read_pointer(own_data / "index") == before


def test_the_sources_tab_labels_a_document_about_another_paper(
    other_policy_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(other_policy_settings.data_dir))
    app = _app().run()
    assert not app.exception, app.exception
    listed = app.table[-1].value  # "About the sources" lists every document
    about = dict(zip(listed["Title"], listed["About"], strict=True))
    assert about["Kelbrook Health Forum responds to the government's plans"] == (
        "About another paper: Integration and innovation (February 2021)"
    )
    assert {v for t, v in about.items() if not t.startswith("Kelbrook")} == {
        "The integration white paper"
    }
    assert any("never shown as a view on the integration" in c.value for c in app.caption)


def test_an_added_document_about_another_paper_is_labelled_and_can_be_corrected(
    own_data: Path,
) -> None:
    label = "About another paper: Integration and innovation (February 2021)"
    data = OTHER_POLICY_DOC.encode()
    app = _upload(_app().run(), f"{OTHER_POLICY_ID}.md", data, "Kelbrook response", None)
    assert not app.error, [e.value for e in app.error]
    added = [s.value for s in app.success]
    assert any(label in s and "not present it as a view" in s for s in added), added
    listed = app.table[-1].value
    assert listed[listed["Title"] == "Kelbrook response"]["About"].tolist() == [label]

    about = next(s for s in app.selectbox if s.label == "The policy paper it is about (optional)")
    about.set_value("cp573")
    fields = {t.label: t for t in app.text_input}
    fields["Title"].input("Kelbrook response, corrected")
    app.file_uploader[0].set_value((f"{OTHER_POLICY_ID}.md", data, "application/octet-stream"))
    next(b for b in app.button if b.label == "Add to the index").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert not any("About another paper" in s.value for s in app.success)
    listed = app.table[-1].value
    row = listed[listed["Title"] == "Kelbrook response, corrected"]
    assert row["About"].tolist() == ["The integration white paper"]
