"""A conversation as a briefing note: Markdown to edit, or a printable HTML page.

Officers paste answers into briefings for members and boards, so the note keeps everything needed
to check it: each question, the answer with its [n] markers, every quote verbatim with who said
it, the document, date and link, and a stamp of the index version and the date it was prepared.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from markdown_it import MarkdownIt

from assistant.chat.cards import card_details, card_title
from assistant.chat.conversation import Exchange
from assistant.text import markdown_text, web_link

TITLE = "Briefing note: the health and social care integration white paper"
# The answer's Markdown, rendered with raw HTML switched off: document text stays text.
_RENDERER = MarkdownIt("commonmark", {"html": False})


def _stamp(exchanges: Sequence[Exchange], prepared: datetime) -> str:
    versions = sorted({e.answer.index_version for e in exchanges if e.answer.index_version})
    version = ", ".join(versions) if versions else "not recorded"
    when = f"{prepared.day} {prepared.strftime('%B %Y at %H:%M')}"
    return f"Prepared on {when} from index version {version}."


def _quote_lines(text: str) -> list[str]:
    return ["> " + markdown_text(line) if line.strip() else ">" for line in text.splitlines()]


def briefing_markdown(exchanges: Sequence[Exchange], prepared: datetime) -> str:
    """The conversation as Markdown, questions as numbered headings and sources under each."""
    lines = [
        f"# {TITLE}",
        "",
        _stamp(exchanges, prepared),
        "Every quote is verbatim from the document named; follow the link to read it in context.",
        "",
    ]
    for i, exchange in enumerate(exchanges, start=1):
        answer = exchange.answer
        lines += [f"## {i}. {markdown_text(exchange.question)}", "", answer.answer.strip(), ""]
        if not answer.citations:
            continue
        lines += ["### Sources", ""]
        for c in answer.citations:
            lines.append(f"**{markdown_text(card_title(c))}**")
            lines.append("")
            lines += _quote_lines(c.quote)
            lines.append("")
            facts = "; ".join(f"{k}: {markdown_text(v)}" for k, v in card_details(c))
            lines.append(facts + ".")
            url = web_link(c.url)
            if url:
                lines.append(f"Original: <{url}>")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; color: #0b0c0c;
       max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; } h3 { font-size: 1.1em; }
.stamp { color: #505a5f; }
blockquote { border-left: 4px solid #505a5f; margin: 0.5em 0; padding: 0.2em 1em; }
.source { margin-bottom: 1.2em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0.3em 0; }
dt { font-weight: bold; } dd { margin: 0; }
a { color: #1d70b8; }
@media print {
  body { margin: 0; max-width: none; }
  a::after { content: " (" attr(href) ")"; font-size: 0.9em; }
  h2 { break-after: avoid; } .source { break-inside: avoid; }
}
"""


def briefing_html(exchanges: Sequence[Exchange], prepared: datetime) -> str:
    """The conversation as a self-contained HTML page that prints cleanly (links shown in full)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(TITLE)}</title><style>{_CSS}</style></head>",
        "<body><main>",
        f"<h1>{e(TITLE)}</h1>",
        f'<p class="stamp">{e(_stamp(exchanges, prepared))} Every quote is verbatim from the '
        "document named; follow the link to read it in context.</p>",
    ]
    for i, exchange in enumerate(exchanges, start=1):
        answer = exchange.answer
        parts.append(f"<section><h2>{i}. {e(exchange.question)}</h2>")
        parts.append(_RENDERER.render(answer.answer))
        if answer.citations:
            parts.append("<h3>Sources</h3>")
        for c in answer.citations:
            facts = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in card_details(c))
            url = web_link(c.url)
            link = f'<p><a href="{e(url)}">Read the original: {e(c.title)}</a></p>' if url else ""
            parts.append(
                f'<div class="source"><p><strong>{e(card_title(c))}</strong></p>'
                f"<blockquote>{e(c.quote)}</blockquote><dl>{facts}</dl>{link}</div>"
            )
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def file_stem(prepared: datetime) -> str:
    return f"briefing-note-{prepared.strftime('%Y-%m-%d-%H%M')}"
