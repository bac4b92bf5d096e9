"""`python -m eval`: run the question set, write a results folder and gate on the baseline.

Exit codes: 0 every metric within tolerance; 1 a metric fell below eval/baseline.json by more
than its tolerance (the diff is printed); 2 the run could not complete.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

REGRESSED = 1
CRASHED = 2

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    subset: Annotated[
        str, typer.Option(help="'full' (every question) or 'fast' (CI subset).")
    ] = "full",
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Rewrite eval/baseline.json from this run.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="Results folder (default eval/reports/runs/...).")
    ] = None,
    no_plain: Annotated[bool, typer.Option("--no-plain", help="Skip the plain pipeline.")] = False,
    mode: Annotated[
        str,
        typer.Option(
            help="'extractive' (the default answers) or 'llm' (fluent answers from the model "
            "ASSISTANT_LLM_BASE_URL names, reporting how often they fell back to the quotes)."
        ),
    ] = "extractive",
) -> None:
    """Score the assistant and the plain pipeline on eval/questions.yaml."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from assistant.embedding import Encoder, load_embeddings
        from eval.evaluate import REPORTS, evaluate, private_settings
        from eval.questions import load_questions, select

        select(
            load_questions(), subset
        )  # a bad question file or subset fails before the model loads

        settings, tmp = private_settings(mode=mode)
        try:
            outcome = evaluate(
                subset,
                settings,
                Encoder(load_embeddings()),
                out,
                with_plain=not no_plain,
                update_baseline=update_baseline,
                mode=mode,
                gate_latency=mode == "extractive",  # a model's latency is not the baseline's
            )
        finally:
            if tmp is not None:
                tmp.cleanup()
        if subset == "full" and mode == "extractive":
            shutil.copyfile(outcome.folder / "report.md", REPORTS / "latest.md")
            shutil.copyfile(outcome.folder / "report.html", REPORTS / "latest.html")
    except Exception as exc:  # noqa: BLE001 (any failure is reported as one line and code 2)
        print(f"eval could not run: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        raise typer.Exit(CRASHED) from None
    ours = outcome.metrics["assistant"]
    print(f"Results in {outcome.folder}")
    print(
        f"recall@5 {ours['recall_at_5']}  MRR {ours['mrr']}  citation validity "
        f"{ours['citation_validity']}  facts {ours['fact_recall']}  correct refusals "
        f"{ours['correct_refusals']}  stance {ours['stance_accuracy']}"
    )
    if ours.get("llm_fallback_rate") is not None:
        print(f"LLM answers replaced by the extractive answer: {ours['llm_fallback_rate']}")
    print(outcome.diff)
    if outcome.regressions:
        raise typer.Exit(REGRESSED)


if __name__ == "__main__":
    app()
