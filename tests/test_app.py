"""The Streamlit chat, driven by AppTest against the real index."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.config import REPO_ROOT, Settings


@pytest.fixture
def app(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(built_settings.data_dir))
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)


def test_asking_a_question_shows_a_cited_answer(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("What do people think of the single accountable person?").run()
    assert not app.exception
    body = " ".join(m.value for m in app.markdown)
    assert "[1]" in body
    assert len(app.expander) >= 2
    assert app.expander[0].label.startswith("[1] ")


def test_an_empty_question_gets_a_plain_warning(app: AppTest) -> None:
    app.run()
    app.chat_input[0].set_value("   ").run()
    assert not app.exception
    assert "type a question" in app.warning[0].value
