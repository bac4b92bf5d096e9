"""Text helpers the answers and every interface share: web links and Markdown-safe text.

One set of Markdown special characters is escaped everywhere text from a document is placed in
Markdown, and the widget undoes exactly that set, so a quote holding `$5bn ... $2bn` reads the
same in the chat (where `$` would start LaTeX), the briefing note and the widget.
"""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = "\\`*_[]<>#|$~"
ESCAPED = re.compile("\\\\([" + re.escape(MARKDOWN_SPECIAL) + "])")
_WEB_LINK = re.compile(r"https?://\S", re.IGNORECASE)
_BULLET = re.compile(r"^[•·▪‣*-]\s+")
# A digest entry: "Label: what the white paper proposes (source: where to check it)."
_ENTRY_LABEL = re.compile(r"[A-Z][A-Za-z ,'’-]{0,48}:\s+")
_ENTRY_PROVENANCE = re.compile(
    r"\s*\((?:sources?|public record)\b[^()]*(?:\([^()]*\)[^()]*)*\)\s*\.?$", re.IGNORECASE
)


def is_web_link(url: str | None) -> bool:
    """Only http(s) links are shown or followed; `javascript:`, `data:` and `file:` never are."""
    return bool(url and _WEB_LINK.match(url))


def web_link(url: str | None) -> str | None:
    """The URL when it is a web link, otherwise None."""
    return url if is_web_link(url) else None


def markdown_text(text: str) -> str:
    """Plain text made safe to place inside Markdown: nothing in it becomes formatting."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in text)


def unescape_markdown(text: str) -> str:
    """The plain text `markdown_text` was given, for places that render it themselves."""
    return ESCAPED.sub(r"\1", text)


def quoted(text: str) -> str:
    """A source's words in curly quotes, safe in Markdown, without a bullet or quotes of its own."""
    text = _BULLET.sub("", text.strip())
    if text[:1] in '“"' and text[-1:] in '”"':
        text = text[1:-1]
    elif text[:1] in '“"' and text.count("“") > text.count("”"):
        text = text[1:]
    return "“" + markdown_text(text) + "”"


def entry_meaning(text: str, start: int, end: int) -> str:
    """What a digest entry says, for embedding: its label and statement, not its provenance.

    The label ("Who published it:") is kept because it names what the entry answers; the
    provenance ("(sources: ...)") is left out because it is about where to check the fact, and
    in a sentence's vector it pulls every entry towards every question about the sources.
    """
    provenance = _ENTRY_PROVENANCE.search(text, start, end)
    if provenance and provenance.start() > start:
        end = provenance.start()
    return text[start:end]


def entry_statement(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a digest entry's statement within text[start:end], without its bookkeeping.

    A digest entry reads "Label: what the white paper proposes (source: where to check it)."
    Quoted whole, the label and the provenance read as if the white paper had said them; the
    offsets returned leave them out, so a quote is a plain statement of the proposal and still
    the document's exact words. A sentence that is not an entry comes back unchanged.
    """
    label = _ENTRY_LABEL.match(text, start, end)
    if label and label.end() < end:
        start = label.end()
    provenance = _ENTRY_PROVENANCE.search(text, start, end)
    if provenance and provenance.start() > start:
        end = provenance.start()
    return start, end
