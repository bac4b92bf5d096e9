"""`python -m assistant ...`: build the index and ask questions from a terminal.

Each command's docstring is its --help. Errors are one line on stderr: exit code 2 for input that
cannot be used (a bad file or question), 1 when the index cannot be used (missing, busy, damaged).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.config import Settings
from assistant.errors import (
    IndexBusy,
    IndexUnavailable,
    PersonalDataError,
    QuestionError,
    SourceError,
)
from assistant.labels import STANCE_WORDS
from assistant.models import SOURCE_KINDS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Answers questions about the integration white paper and responses to it.",
)


def _write_failure(exc: OSError) -> str:
    """A disk that is full or read-only, said plainly; nothing was switched."""
    reason = exc.strerror or type(exc).__name__
    return f"could not write the new index ({reason}); the previous index is still answering"


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _assistant():  # noqa: ANN202 (imported late: loading the model takes seconds)
    from assistant.service import build_assistant

    return build_assistant(Settings())


@app.command()
def ingest(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Documents to add or replace (.md, .txt, .pdf, .html, .docx)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title, for files without front matter.")
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    kind: Annotated[str | None, typer.Option(help=f"One of: {', '.join(SOURCE_KINDS)}.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    url: Annotated[str | None, typer.Option(help="Where the original can be read.")] = None,
    author: Annotated[str | None, typer.Option(help="Author, if named.")] = None,
    speaks_for: Annotated[
        str | None, typer.Option(help="The body the document speaks for.")
    ] = None,
) -> None:
    """Build or refresh the index from knowledge/ and any FILES given.

    A file whose name matches a document already added replaces it; the same content again
    changes nothing. A file whose text is already held under another name (the same page, or
    part of a held document) is refused, naming the held document, and nothing changes; a
    longer copy of an added document replaces the shorter one. Added files are kept in the data
    folder, so a rebuild never loses them. Unchanged documents are skipped; if nothing changed,
    nothing is written. A new index version is switched to only once it is complete, so a
    failure leaves the previous one answering.
    """
    overrides = {
        "title": title,
        "publisher": publisher,
        "kind": kind,
        "date": date,
        "url": url,
        "author": author,
        "speaks_for": speaks_for,
    }
    from assistant.service import read_document

    try:
        new = [read_document(path, overrides) for path in files or []]
        report = _assistant().ingestor().build(new, progress=lambda m: typer.echo(m, err=True))
    except SourceError as exc:
        _fail(str(exc), 2)
    except (IndexBusy, IndexUnavailable) as exc:
        _fail(str(exc), 1)
    except OSError as exc:
        _fail(_write_failure(exc), 1)
    _report(report)


def _report(report) -> None:  # noqa: ANN001 (IngestReport, imported late with the model)
    for label, ids in (
        ("Added", report.added),
        ("Replaced", report.replaced),
        ("Removed", report.removed),
        ("Already held, unchanged", report.unchanged),
    ):
        if ids:
            typer.echo(f"{label}: {', '.join(ids)}")
    for old, new in report.superseded:
        typer.echo(f"Replaced {old} with {new}, a longer copy of the same text")
    if report.changed:
        typer.echo(
            f"Index {report.version}: {report.documents} documents, {report.passages} "
            f"passages ({report.embedded} texts embedded, {report.reused_vectors} reused) "
            f"in {report.seconds:.1f}s."
        )
    else:
        typer.echo(
            f"Index {report.version} is up to date ({report.documents} documents); nothing to do."
        )


@app.command()
def remove(
    document_id: Annotated[str, typer.Argument(metavar="ID", help="The id 'sources' lists.")],
) -> None:
    """Take an added document out of the index and the data folder.

    Documents shipped in knowledge/sources/ cannot be removed this way. As with ingest, the
    change takes effect only once the new index version is complete.
    """
    try:
        report = _assistant().ingestor().build(
            remove=[document_id], progress=lambda m: typer.echo(m, err=True)
        )
    except SourceError as exc:
        _fail(str(exc), 2)
    except (IndexBusy, IndexUnavailable) as exc:
        _fail(str(exc), 1)
    except OSError as exc:
        _fail(_write_failure(exc), 1)
    _report(report)


@app.command()
def sources(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the documents in the current index (no model is loaded)."""
    from assistant.service import IndexSession

    try:
        rows = IndexSession.open(Settings()).catalogue()
    except IndexUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    typer.echo(f"{'Id':<42} {'Kind':<14} {'Passages':>8}  {'Added':<10}  Title (publisher)")
    for r in rows:
        typer.echo(
            f"{r.id[:42]:<42} {r.kind:<14} {r.passages:>8}  {r.added or 'shipped':<10}  "
            f"{r.title} ({r.publisher or 'publisher not recorded'})"
        )


@app.command()
def timeline(
    as_json: Annotated[bool, typer.Option("--json", help="Print the dates as JSON.")] = False,
) -> None:
    """What happens when: the white paper's dated commitments, earliest first.

    Each date comes with where it can be checked. The dates are read from the digest in the
    current index; no model is loaded.
    """
    from dataclasses import asdict

    from assistant.service import IndexSession

    try:
        dates = IndexSession.open(Settings()).milestones()
    except IndexUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        typer.echo(json.dumps([asdict(m) for m in dates], indent=2))
        return
    if not dates:
        typer.echo("The documents hold no dated commitments.")
    for m in dates:
        typer.echo(f"{m.when:<17} {m.proposal}: {m.what}")
        typer.echo(f"{'':<17} Source: {m.provenance or m.source_id}")


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in plain English.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the Answer JSON.")] = False,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl", help="Read questions from stdin, one a line; write one Answer JSON a line."
        ),
    ] = False,
) -> None:
    """Answer a question from the documents, with numbered citations."""
    if jsonl:
        _ask_lines()
        return
    if question is None:
        _fail('give a question, e.g. ask "What is the single accountable person?"', 2)
    try:
        answer = _assistant().ask(question)
    except QuestionError as exc:
        _fail(str(exc), 2)
    except IndexUnavailable as exc:
        _fail(str(exc), 1)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.answer)
    if answer.citations:
        typer.echo("\nSources:")
    for c in answer.citations:
        where = f", {c.section}" if c.section else ""
        typer.echo(
            f"[{c.n}] {c.title} ({c.publisher or 'unknown publisher'}, {c.date or 'undated'}"
            f"{where}){' ' + c.url if c.url else ''}"
        )


@app.command()
def positions(
    topic: Annotated[str | None, typer.Option(help="A topic id, e.g. pooled-budgets.")] = None,
    body: Annotated[
        str | None, typer.Option(help="A body's name or alias, e.g. LGA.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
    quotes: Annotated[bool, typer.Option(help="Show the statements behind each row.")] = False,
) -> None:
    """Where each body stands on each topic, from the current index (no model is loaded)."""
    from assistant.service import IndexSession, topic_labels

    settings = Settings()
    ids = list(topic_labels(settings))
    if topic is not None and topic not in ids:
        _fail(f"unknown topic '{topic}'; choose one of: {', '.join(ids)}", 2)
    try:
        session = IndexSession.open(settings)
    except IndexUnavailable as exc:
        _fail(str(exc), 1)
    chosen = session.positions(topic, body)
    if body is not None and not chosen and not session.positions(None, body):
        known = ", ".join(session.quoted_bodies())
        _fail(f"no statements by '{body}' in the documents; bodies quoted: {known}", 2)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in chosen], indent=2))
        return
    if not chosen:
        typer.echo(f"{body} said nothing tagged '{topic}' in the documents.")
        return
    width = max(len(r.body) for r in chosen)  # names in full: a cut name can mislead
    typer.echo(
        f"{'Body':<{width}} {'Role':<11} {'Topic':<16} {'Stance':<10} {'Strength':>8} {'Quotes':>6}"
    )
    for r in chosen:
        role = "government" if r.government else "respondent"
        typer.echo(
            f"{r.body:<{width}} {role:<11} {r.topic:<16} {STANCE_WORDS[r.stance]:<10} "
            f"{r.strength:>8.2f} {len(r.statements):>6}"
        )
        for s in r.statements if quotes else []:
            who = f"{s.speaker}, " if s.speaker else ""
            typer.echo(f"    [{s.stance}] {who}{s.title}: {' '.join(s.quote.split())}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Run the HTTP API and the embeddable widget (see the README's "Embedding" section).

    /healthz answers at once; /readyz once the model is loaded and an index is open.
    """
    import uvicorn

    settings = Settings()
    uvicorn.run(
        "assistant.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=settings.log_questions,
        proxy_headers=True,
        server_header=False,
    )


def _ask_lines() -> None:
    try:
        assistant = _assistant()
        assistant.index  # noqa: B018 (load before reading stdin, so errors come first)
    except IndexUnavailable as exc:
        _fail(str(exc), 1)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = assistant.ask(line.rstrip("\n"))
            typer.echo(answer.model_dump_json())
        except QuestionError as exc:
            shown = (
                "[withheld: personal data]"
                if isinstance(exc, PersonalDataError)
                else line.rstrip("\n")[:200]
            )
            typer.echo(json.dumps({"question": shown, "error": str(exc)}))
