"""The white-paper digest and the timeline read from it: every fact names its origin, dates come
out in order, and "when" questions are answered from the dated commitments with provenance."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import yaml

from assistant.answer.timeline import asks_when, milestones, wants_timeline
from assistant.config import REPO_ROOT, Settings
from assistant.ingest.documents import read_folder
from assistant.service import Assistant

SOURCES = REPO_ROOT / "knowledge" / "sources"
_FACT = re.compile(r"^(?P<label>[A-Z][\w \"']{2,30}):\s(?P<fact>.+)$")


def _digests() -> list:
    return [s for s in read_folder(SOURCES) if s.kind == "digest"]


def test_every_fact_in_the_digest_names_a_known_origin() -> None:
    (digest,) = _digests()
    raw = (SOURCES / f"{digest.id}.md").read_text(encoding="utf-8")
    known = yaml.safe_load(raw.split("---\n")[1])["provenance"]
    seeds = {s.origin for s in read_folder(SOURCES) if s.origin}
    for name, where in known.items():  # each named origin is a shipped document or a web page
        if isinstance(where, dict):
            assert f"seed document {where['seed']}" in seeds, name
    facts = [m for line in digest.text.splitlines() if (m := _FACT.match(line))]
    assert len(facts) >= 30
    for fact in facts:
        origin = re.search(r"\((?:sources?): ([^()]+)\)\.$", fact["fact"])
        assert origin, fact.group()
        for part in origin.group(1).split("; "):
            assert part in known or part.startswith("public record, https://"), part


def test_every_proposal_says_what_is_proposed_and_who_decides() -> None:
    (digest,) = _digests()
    entries = re.split(r"^## ", digest.text, flags=re.MULTILINE)[1:]
    proposals = [e for e in entries if e.startswith("Proposal:")]
    assert len(proposals) >= 5
    for entry in proposals:
        assert "white paper section" in entry.splitlines()[0]
        assert "\nWhat is proposed: " in entry and "\nWho decides: " in entry, entry[:60]


def test_the_timeline_is_in_date_order_and_every_dated_line_is_in_it() -> None:
    dates = milestones(read_folder(SOURCES))
    (digest,) = _digests()
    assert len(dates) == digest.text.count("\nWhen: ") - _undated(digest.text)
    assert [m.order for m in dates] == sorted(m.order for m in dates)
    for m in dates:
        assert m.when.split()[-1].isdigit() and m.provenance
        assert digest.text[m.start : m.end].startswith("When: ")
    seasons = [m for m in dates if m.when.startswith("Spring")]
    assert seasons and all(m.order[1] == 3 for m in seasons)


def _undated(text: str) -> int:
    return sum(
        1
        for line in text.splitlines()
        if line.startswith("When: ")
        and not re.search(r"\b(19|20)\d{2}\b", line.split(" (source")[0])
    )


def test_questions_about_timing_are_recognised() -> None:
    assert asks_when("When will shared care records be in place?")
    assert asks_when("By when must places adopt a governance model?")
    assert not asks_when("Who decides whether budgets are pooled?")
    assert wants_timeline("What is the timeline?")
    assert not wants_timeline("What is the timeline for shared care records?")


def test_a_when_question_is_answered_from_the_dated_commitment_as_a_plain_statement(
    assistant: Assistant,
) -> None:
    answer = assistant.ask("When will shared care records be in place?")
    assert answer.answerable
    first = answer.citations[0]
    assert first.kind == "digest" and not first.quote.startswith("When: ")
    assert re.search(r"\b20\d\d\b", first.quote) and "(source" not in first.quote
    digest = next(s for s in assistant.sources() if s.id == first.source_id)
    assert digest.text[first.start : first.end] == first.quote
    assert "The white paper, as summarised in the digest" in answer.answer
    assert first.section and "section 4" in first.section


def test_the_whole_timeline_is_one_cited_line_per_date_in_order(assistant: Assistant) -> None:
    answer = assistant.ask("What is the timeline?")
    dates = milestones(assistant.sources())
    assert answer.answerable and len(answer.citations) == len(dates)
    lines = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert [line.split("**")[1] for line in lines] == [m.when for m in dates]
    sources = {s.id: s for s in assistant.sources()}
    for c in answer.citations:
        assert sources[c.source_id].text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer


def test_the_timeline_command_prints_each_date_with_its_source(built_settings: Settings) -> None:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(built_settings.data_dir)}
    run = [sys.executable, "-m", "assistant", "timeline"]
    plain = subprocess.run(run, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert plain.returncode == 0, plain.stderr
    dated = subprocess.run(
        [*run, "--json"], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    rows = json.loads(dated.stdout)
    assert rows and plain.stdout.count("Source: ") == len(rows)
    assert plain.stdout.index(rows[0]["when"]) < plain.stdout.index(rows[-1]["when"])
