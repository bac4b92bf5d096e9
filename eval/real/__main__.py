"""`python -m eval.real --documents DIR`: score the product on real documents; writes a report.

Exit codes: 0 the run completed and the report was written, whatever the figures (they are
reported, not gated); 2 the run could not complete (no folder, a labelled file absent, a crash),
with a one-line reason.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

CRASHED = 2
REPORT = Path(__file__).resolve().parent.parent / "reports" / "real.md"

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(
    documents: Annotated[
        Path,
        typer.Option(
            envvar="ASSISTANT_REAL_DOCUMENTS",
            help="The folder holding the real documents (they are never copied into the "
            "repository).",
        ),
    ],
    report: Annotated[Path, typer.Option(help="Where to write the Markdown report.")] = REPORT,
) -> None:
    """Ingest the folder's documents beside the shipped corpus, privately, and score them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from assistant.embedding import Encoder, load_embeddings
        from eval.evaluate import private_settings
        from eval.real.report import markdown
        from eval.real.run import folder_documents, run

        folder_documents(documents)  # a wrong folder fails before the model loads
        settings, tmp = private_settings()
        try:
            outcome = run(documents, settings, Encoder(load_embeddings()))
        finally:
            if tmp is not None:
                tmp.cleanup()
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(markdown(outcome, "python -m eval.real --documents DIR"), "utf-8")
    except Exception as exc:  # noqa: BLE001 (any failure is reported as one line and code 2)
        print(
            f"the real-document eval could not run: {exc.__class__.__name__}: {exc}",
            file=sys.stderr,
        )
        raise typer.Exit(CRASHED) from None
    overall, q = outcome.overall, outcome.summary
    print(f"Report in {report}")
    print(
        f"{len(overall.rows)} labelled sentences: speaker and body {_f(overall.attribution())}, "
        f"main topic {_f(overall.share('topic_ok'))}, stance accuracy "
        f"{_f(overall.share('stance_ok'))}, stance macro-F1 {_f(overall.stance_f1())}; "
        f"{overall.publisher_filed} sentences filed under a news or debate publisher"
    )
    print(
        f"{q['questions']} questions: recall@5 {q['recall_at_5']}, fact recall "
        f"{q['fact_recall']}, stance {q['stance_accuracy']}, correct refusals "
        f"{q['correct_refusals']}, false refusals {q['false_refusals']}"
    )


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    app()
