"""The evaluation: its question set, its checks, and the fast subset gated on the baseline.

The fast subset runs the real assistant (the session's model, an index seeded from the
session's build plus the fixture documents) and the plain pipeline, exactly as `python -m eval`
does; latency is reported but not gated here, because tests never assert on timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.config import REPO_ROOT, Settings
from assistant.embedding import Encoder
from assistant.ingest.documents import read_folder
from eval import gate, metrics
from eval.evaluate import evaluate
from eval.questions import CATEGORIES, check_sources, load_questions, select
from eval.runner import Embedder, fixture_sources


@pytest.fixture(scope="module")
def questions():
    return load_questions()


def test_question_set_has_the_coverage_the_evaluation_promises(questions) -> None:
    counts = Counter(q.category for q in questions)
    assert len(questions) >= 120
    assert set(counts) == set(CATEGORIES)
    assert counts["unanswerable"] >= 20
    assert all(not q.answerable for q in questions if q.category == "unanswerable")
    assert counts["outside-corpus"] >= 10
    assert all(q.history for q in questions if q.category == "follow-up")
    fast = select(questions, "fast")
    assert len({q.category for q in fast}) >= 10


def test_every_gold_source_is_a_shipped_or_fixture_document(questions) -> None:
    known = {s.id for s in read_folder(REPO_ROOT / "knowledge" / "sources")}
    known |= {s.id for s in fixture_sources()}
    check_sources(questions, known)
    fixture_ids = {s.id for s in fixture_sources()}
    assert all(
        q.gold_ids & fixture_ids for q in questions if q.category == "outside-corpus" and q.sources
    )


def test_the_assistant_names_no_eval_question_or_fixture(questions) -> None:
    code = " ".join(
        p.read_text(encoding="utf-8").lower() for p in (REPO_ROOT / "assistant").rglob("*.py")
    )
    knowledge = (REPO_ROOT / "knowledge" / "bodies.yaml").read_text(encoding="utf-8").lower()
    for q in questions:
        if len(q.question.split()) >= 4:  # single words ("money") occur in any code
            assert q.question.lower() not in code, q.id
    for source in fixture_sources():
        assert source.title.lower() not in code
        if source.speaks_for:
            assert source.speaks_for.lower() not in code + knowledge


def test_citation_check_catches_moved_offsets_and_dangling_markers() -> None:
    text = "The plan starts in April 2023. Councils pool budgets."
    good = {"n": 1, "source_id": "doc", "quote": "Councils pool budgets.", "start": 31, "end": 53}
    assert metrics.citation_problems("Councils pool budgets. [1]", [good], {"doc": text}) == []
    moved = {**good, "start": 30, "end": 52}
    assert metrics.citation_problems("Councils pool. [1]", [moved], {"doc": text})
    assert metrics.citation_problems("Councils pool. [2]", [good], {"doc": text})
    assert metrics.citation_problems("Councils pool budgets.", [], {"doc": text})


def test_statements_split_at_markers_and_skip_headings() -> None:
    answer = (
        "**What they said**\n\n- A says pooling is risky [1] and B agrees [2][3]\n"
        "- No cite here at all"
    )
    found = metrics.statements(answer)
    assert [s.cites for s in found] == [(1,), (2, 3), ()]


def test_support_check_tells_a_quoted_claim_from_an_unrelated_one(encoder: Encoder) -> None:
    embed = Embedder(encoder)
    passage = (
        "Pooling NHS and social care budgets is no substitute for funding both systems "
        "appropriately and placing social care services on a sustainable footing."
    )
    assert metrics.supports("Pooling budgets is no substitute for funding", passage, embed)[0]
    assert not metrics.supports("The paper sets a cap of £86,000 on care costs", passage, embed)[0]


def test_retrieval_scores_count_groups_and_the_first_gold_rank() -> None:
    recall, rr = metrics.retrieval_scores([{"a"}, {"b", "c"}], ["x", "c", "y", "a"], k=3)
    assert recall == 0.5
    assert rr == 0.5


def test_gate_reports_only_metrics_beyond_their_tolerance() -> None:
    baseline = {
        "tolerances": {
            "recall_at_5": {"direction": "higher", "tolerance": 0.02},
            "false_refusals": {"direction": "lower", "tolerance": 0.03},
        },
        "subsets": {"fast": {"recall_at_5": 0.9, "false_refusals": 0.1}},
    }
    assert gate.compare(baseline, "fast", {"recall_at_5": 0.89, "false_refusals": 0.12}) == []
    found = gate.compare(baseline, "fast", {"recall_at_5": 0.85, "false_refusals": 0.2})
    assert [r.metric for r in found] == ["recall_at_5", "false_refusals"]
    assert "recall_at_5" in gate.diff_text("fast", found)


def _seeded(tmp_path: Path, built_settings: Settings, **changes: object) -> tuple[Settings, Path]:
    return Settings(
        data_dir=tmp_path / "eval-data", knowledge_dir=built_settings.knowledge_dir, **changes
    ), built_settings.index_dir


def test_fast_subset_meets_the_committed_baseline(
    tmp_path: Path, built_settings: Settings, encoder: Encoder
) -> None:
    settings, seed = _seeded(tmp_path, built_settings)
    outcome = evaluate(
        "fast", settings, encoder, tmp_path / "results", seed_index=seed, gate_latency=False
    )
    assert outcome.regressions == [], outcome.diff
    for name in ("answers.jsonl", "metrics.json", "config.json", "report.md", "report.html"):
        assert (outcome.folder / name).stat().st_size > 0
    ours, plain = outcome.metrics["assistant"], outcome.metrics["plain"]
    assert ours["recall_at_5"] >= plain["recall_at_5"]
    assert ours["citation_validity"] > plain["citation_validity"]
    assert ours["correct_refusals"] > plain["correct_refusals"]
    answers = (outcome.folder / "answers.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in answers.splitlines()]
    assert {r["system"] for r in rows} == {"assistant", "plain"}
    assert "oc-02" in (outcome.folder / "report.html").read_text(encoding="utf-8")


def test_breaking_retrieval_fails_the_gate_with_a_readable_diff(
    tmp_path: Path, built_settings: Settings, encoder: Encoder
) -> None:
    settings, seed = _seeded(tmp_path, built_settings, retrieve_k=1)
    outcome = evaluate(
        "fast",
        settings,
        encoder,
        tmp_path / "results",
        seed_index=seed,
        with_plain=False,
        gate_latency=False,
    )
    failed = {r.metric for r in outcome.regressions}
    assert "recall_at_5" in failed
    assert "fell below the 'fast' baseline" in outcome.diff
    assert "recall_at_5" in outcome.diff


def test_runner_exits_with_the_crash_code_on_an_unknown_subset() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "eval", "--subset", "everything"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert "unknown subset 'everything'" in done.stderr
    assert "Traceback" not in done.stderr


def test_embedder_returns_unit_vectors_in_input_order(encoder: Encoder) -> None:
    embed = Embedder(encoder)
    vectors = embed(["shared care records", "pooled budgets", "shared care records"])
    assert vectors.shape == (3, 384)
    assert np.allclose(vectors[0], vectors[2])
    assert np.isclose(float(vectors[0] @ vectors[0]), 1.0, atol=1e-3)
