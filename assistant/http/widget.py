"""The embeddable widget: the /embed chat page, its assets, and the /widget.js loader.

/embed works without JavaScript: the form posts back and the answer comes as a rendered page,
as GOV.UK services do; embed.js then adds streaming. Everything from the documents or the user is
rendered as text (Jinja2 escapes it; embed.js only ever sets textContent), and a strict
Content-Security-Policy runs no script but our own, so neither a question nor a quote can act as
HTML. `frame-ancestors` lets only the allowed origins frame the page.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from assistant.errors import QuestionError
from assistant.http.runtime import ApiError, Runtime
from assistant.labels import KIND_LABELS, STANCE_WORDS, about_label
from assistant.models import Answer, Citation
from assistant.text import web_link

WEB = Path(__file__).resolve().parent / "web"
DEFAULT_TITLE = "Ask about the integration white paper"
DEFAULT_ACCENT = "#1d70b8"
MAX_STARTERS = 4
ASSETS = {
    "widget.js": "text/javascript; charset=utf-8",
    "embed.js": "text/javascript; charset=utf-8",
    "embed.css": "text/css; charset=utf-8",
}

templates = Environment(
    loader=FileSystemLoader(WEB),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
router = APIRouter(include_in_schema=False)


# ------------------------------------------------------------------------------------ theming
@dataclass(frozen=True)
class Theme:
    """What a host page may set: title, accent colour, starter questions; and who framed us."""

    title: str = DEFAULT_TITLE
    accent: str = DEFAULT_ACCENT
    starters: tuple[str, ...] = ()
    parent: str = ""


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(hex_colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white."""
    return 1.05 / (_luminance(hex_colour) + 0.05)


def accent_colour(value: str | None) -> str:
    """The host's accent if it is #rrggbb and readable on white (4.5:1), else the default.

    The accent colours buttons (white text) and links, so a pale one would fail WCAG contrast.
    """
    value = (value or "").strip().lower()
    if not value.startswith("#"):
        value = "#" + value
    if re.fullmatch(r"#[0-9a-f]{6}", value) and contrast_on_white(value) >= 4.5:
        return value
    return DEFAULT_ACCENT


def _line(value: str | None, limit: int) -> str:
    return re.sub(r"\s+", " ", value or "").strip()[:limit]


def theme_from(
    title: str | None, accent: str | None, starters: list[str], parent: str | None, rt: Runtime
) -> Theme:
    clean = [_line(s, 200) for s in starters]
    origin = (parent or "").rstrip("/").lower()
    return Theme(
        title=_line(title, 80) or DEFAULT_TITLE,
        accent=accent_colour(accent),
        starters=tuple(s for s in clean if s)[:MAX_STARTERS],
        parent=origin if origin in rt.settings.allowed_origins else "",
    )


# ----------------------------------------------------------------------- answers as safe text
Segment = tuple[Literal["text", "strong", "cite"], str]
_INLINE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$])|\*\*(.+?)\*\*|\[(\d+)\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$])")


def inline_segments(text: str) -> list[Segment]:
    """Split a line of answer Markdown into plain text, bold text and citation markers.

    The answers use only this much Markdown; anything else stays as the literal characters.
    """
    segments: list[Segment] = []
    plain: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        plain.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            plain.append(m.group(1))
            continue
        if plain and "".join(plain):
            segments.append(("text", "".join(plain)))
        plain = []
        if m.group(2) is not None:
            segments.append(("strong", _ESCAPE.sub(r"\1", m.group(2))))
        else:
            segments.append(("cite", m.group(3)))
    plain.append(text[pos:])
    if "".join(plain):
        segments.append(("text", "".join(plain)))
    return segments


@dataclass
class Block:
    kind: Literal["heading", "list", "para"]
    lines: list[list[Segment]] = field(default_factory=list)


def answer_blocks(markdown: str) -> list[Block]:
    """The answer as headings (a bold line), bulleted lists and paragraphs."""
    blocks: list[Block] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("- "):
            if not blocks or blocks[-1].kind != "list":
                blocks.append(Block("list"))
            blocks[-1].lines.append(inline_segments(line[2:]))
        elif re.fullmatch(r"\*\*[^*]+\*\*", line):
            blocks.append(Block("heading", [[("text", _ESCAPE.sub(r"\1", line[2:-2]))]]))
        else:
            blocks.append(Block("para", [inline_segments(line)]))
    return blocks


def who_said(c: Citation) -> str:
    """Speaker, body, publisher and date, leaving out any that repeats another."""
    kept: list[str] = []
    for part in (c.speaker, c.body, c.publisher, c.date):
        if part and not any(part.lower() in k.lower() or k.lower() in part.lower() for k in kept):
            kept.append(part)
    return " · ".join(kept)


def positions_summary(answer: Answer, topics: dict[str, str]) -> list[tuple[str, list[dict]]]:
    """Positions grouped by topic, in answer order: the compact "where bodies stand"."""
    grouped: dict[str, list[dict]] = {}
    for p in answer.positions:
        grouped.setdefault(topics.get(p.topic, p.topic), []).append(
            {"body": p.body, "stance": STANCE_WORDS[p.stance], "citation": p.citation}
        )
    return list(grouped.items())


@dataclass
class Turn:
    number: int
    question: str
    answer: Answer
    blocks: list[Block]
    positions: list[tuple[str, list[dict]]]


# --------------------------------------------------------------------------------- the pages
async def _page(
    request: Request,
    theme: Theme,
    *,
    history: list[str],
    turn: Turn | None = None,
    error: str | None = None,
    draft: str = "",
    token: str = "",
    status: int = 200,
) -> HTMLResponse:
    rt: Runtime = request.app.state.runtime
    nonce = secrets.token_urlsafe(16)
    try:  # off the event loop: the first call after an ingest opens the new index version
        found = await run_in_threadpool(lambda: rt.ready().sources())
        documents = sorted(found, key=lambda s: (s.date or "", s.title))
    except ApiError:
        documents = []
    html = templates.get_template("embed.html").render(
        theme=theme,
        history=history,
        next_history=_latest(history + [turn.question] if turn else history, rt),
        turn=turn,
        error=error,
        draft=draft,
        token=token,
        nonce=nonce,
        documents=documents,
        kind_labels=KIND_LABELS,
        about_label=about_label,
        safe_url=web_link,
        who_said=who_said,
        max_chars=rt.settings.max_question_chars,
        config=json.dumps(
            {
                "parent": theme.parent,
                "maxChars": rt.settings.max_question_chars,
                "maxHistory": rt.settings.max_history,
                "tokenRequired": rt.settings.token_secret is not None,
                "topics": rt.topics,
                "stances": STANCE_WORDS,
                "kinds": KIND_LABELS,
                "aboutOther": about_label("{paper}"),
            }
        ),
    )
    ancestors = " ".join(["'self'", *rt.settings.allowed_origins])
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": (
                f"default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
                "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                f"frame-ancestors {ancestors}"
            ),
            "Cache-Control": "no-store",
            "Referrer-Policy": "same-origin",  # no-referrer would send Origin: null on posts
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/embed", response_class=HTMLResponse)
async def embed_page(request: Request) -> HTMLResponse:
    q = request.query_params
    theme = theme_from(
        q.get("title"), q.get("accent"), q.getlist("starter"), q.get("parent"), _rt(request)
    )
    return await _page(request, theme, history=[], token=_line(q.get("token"), 300))


@router.post("/embed", response_class=HTMLResponse)
async def embed_answer(request: Request) -> HTMLResponse:
    """The form post of the page without JavaScript: answer, and render the page again."""
    rt = _rt(request)
    form = await request.form()
    values = {k: [str(v) for v in form.getlist(k)] for k in form}

    def one(name: str) -> str:
        return (values.get(name) or [""])[0]

    theme = theme_from(one("title"), one("accent"), values.get("starter", []), one("parent"), rt)
    history = [h for h in values.get("history", []) if len(h) <= rt.settings.max_question_chars]
    history = _latest(history, rt)
    question = one("ask_starter") or one("question")
    token = _line(one("token"), 300)
    try:
        assistant = rt.admit(request, token or None)
        answer = await run_in_threadpool(assistant.ask, question, None, history)
    except ApiError as exc:
        return await _page(
            request,
            theme,
            history=history,
            error=exc.message,
            draft=question,
            token=token,
            status=exc.status,
        )
    except QuestionError as exc:  # the message is written for the user
        return await _page(
            request,
            theme,
            history=history,
            error=str(exc),
            draft=question[:20_000],
            token=token,
            status=422,
        )
    turn = Turn(
        number=len(history) + 1,
        question=answer.question,
        answer=answer,
        blocks=answer_blocks(answer.answer),
        positions=positions_summary(answer, rt.topics),
    )
    return await _page(request, theme, history=history, turn=turn, token=token)


def _asset_route(name: str, media_type: str) -> None:
    async def asset() -> FileResponse:
        return FileResponse(
            WEB / name,
            media_type=media_type,
            headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
        )

    router.add_api_route(f"/{name}", asset, methods=["GET"], name=name)


for _name, _type in ASSETS.items():
    _asset_route(_name, _type)


def _latest(questions: list[str], rt: Runtime) -> list[str]:
    """The most recent questions the API accepts as history (none if it accepts none)."""
    limit = rt.settings.max_history
    return questions[-limit:] if limit else []


def _rt(request: Request) -> Runtime:
    return request.app.state.runtime
