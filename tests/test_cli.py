"""The CLI contract (docs/architecture.md): ingest, ask, --json, --jsonl, one-line errors.

`_run` starts a real `python -m assistant`; `cli` runs the same command in this process with
the session's model (tests/commands.py), for what a command prints and returns. Each command
here is started as a real process at least once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index.versions import read_pointer
from tests.commands import Ran
from tests.documents import OTHER_POLICY_DOC, OTHER_POLICY_ID


def _run(args: list[str], data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ask_jsonl_answers_many_questions_in_one_process(built_settings: Settings) -> None:
    questions = [
        "What is the single accountable person?",
        "",
        "Who won the World Cup?",
        "What does NHS Providers say about pooled budgets?",
    ]
    result = _run(["ask", "--jsonl"], built_settings.data_dir, "\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == [q for q in questions if q]
    assert lines[0]["answerable"] and lines[0]["citations"][0]["quote"]
    assert lines[1]["answerable"] is False
    assert {
        "question",
        "answerable",
        "mode",
        "answer",
        "citations",
        "positions",
        "index_version",
        "timings_ms",
    } <= set(lines[2])


def test_ask_json_prints_the_answer_contract(
    built_settings: Settings, cli: Callable[..., Ran]
) -> None:
    result = cli(["ask", "--json", "What are shared outcomes?"], built_settings.data_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["mode"] == "extractive" and answer["citations"]
    assert answer["index_version"] == read_pointer(built_settings.index_dir).split("-")[-1]


@pytest.mark.parametrize("question", ["   ", "x" * 10_000])
def test_an_unusable_question_exits_non_zero_with_one_line(
    built_settings: Settings, question: str
) -> None:
    result = _run(["ask", question], built_settings.data_dir)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_ingesting_a_bad_file_exits_non_zero_and_keeps_the_index(
    built_settings: Settings, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.md"
    bad.write_text("---\ntitle: [oops\n---\ntext\n", encoding="utf-8")
    before = read_pointer(built_settings.index_dir)
    result = _run(["ingest", str(bad)], built_settings.data_dir)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: broken.md: front matter is not valid YAML at line 2"
    ]
    assert read_pointer(built_settings.index_dir) == before


def test_asking_before_any_index_exists_says_how_to_build_one(tmp_path: Path) -> None:
    result = _run(["ask", "What is a place?"], tmp_path / "empty")
    assert result.returncode == 1
    assert "python -m assistant ingest" in result.stderr and "Traceback" not in result.stderr


def test_positions_filters_by_topic_and_body_alias(
    built_settings: Settings, cli: Callable[..., Ran]
) -> None:
    result = cli(["positions", "--body", "LGA", "--json"], built_settings.data_dir)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows
    assert {r["body"] for r in rows} == {"Local Government Association"}
    topic = rows[0]["topic"]
    result = cli(["positions", "--topic", topic, "--json"], built_settings.data_dir)
    rows = json.loads(result.stdout)
    assert {r["topic"] for r in rows} == {topic}
    assert all(r["stance"] in ("support", "concern", "mixed", "neutral") for r in rows)
    assert all(r["statements"] for r in rows)


def test_positions_table_prints_one_line_per_row(
    built_settings: Settings, cli: Callable[..., Ran]
) -> None:
    result = cli(["positions", "--topic", "funding"], built_settings.data_dir)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["Body", "Role", "Topic"]
    assert all(" funding " in line for line in lines[1:])
    rows = json.loads(
        cli(["positions", "--topic", "funding", "--json"], built_settings.data_dir).stdout
    )
    longest = max((r["body"] for r in rows), key=len)
    assert any(line.startswith(longest + " ") for line in lines[1:])  # never cut short


def test_positions_rejects_an_unknown_topic_in_one_line(built_settings: Settings) -> None:
    result = _run(["positions", "--topic", "potholes"], built_settings.data_dir)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pooled-budgets" in result.stderr


# ------------------------------------------------------------------------ other policy papers
def test_sources_label_a_document_about_another_paper(other_policy_settings: Settings) -> None:
    table = _run(["sources"], other_policy_settings.data_dir)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(OTHER_POLICY_ID))
    assert (
        lines[at + 1].strip() == "About another paper: Integration and innovation (February 2021)"
    )
    assert table.stdout.count("About another paper:") == 1

    listed = json.loads(_run(["sources", "--json"], other_policy_settings.data_dir).stdout)
    rows = {r["id"]: r for r in listed}
    assert rows[OTHER_POLICY_ID]["about"] == "integration-and-innovation"
    assert rows["white-paper-digest"]["about"] is None
    assert {"id", "title", "publisher", "kind", "date", "passages", "added"} <= set(
        rows["white-paper-digest"]
    )


def test_ingest_about_sets_the_paper_and_says_so(
    other_policy_settings: Settings, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(other_policy_settings.data_dir, data_dir)
    path = tmp_path / f"{OTHER_POLICY_ID}.md"
    path.write_text(OTHER_POLICY_DOC, encoding="utf-8")

    result = cli(["ingest", str(path), "--about", "people-at-the-heart-of-care"], data_dir)
    assert result.returncode == 0, result.stderr
    assert f"Replaced: {OTHER_POLICY_ID}" in result.stdout
    assert (
        f"{OTHER_POLICY_ID}: About another paper: People at the Heart of Care (December 2021). "
        "Marked by hand as about People at the Heart of Care (December 2021)." in result.stdout
    )
    assert "--about cp573" in result.stdout

    refused = cli(["ingest", str(path), "--about", "nonsense"], data_dir)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"error: {OTHER_POLICY_ID}.md: 'about' must be one of cp573")
