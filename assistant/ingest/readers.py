"""Turn PDF, HTML and Word files into plain text that splitting understands, plus what metadata
the file itself carries.

The text each reader returns is what the assistant keeps and quotes (it is saved as Markdown with
front matter when the document is added), so readers aim for clean paragraphs: one paragraph a
line, blank lines between, headings on lines of their own marked with '#'. Paragraph numbers such
as "3.12" are left at the start of their paragraph, where splitting reads them into the section
a citation points at. Page furniture (running headers, page numbers, navigation, cookie banners)
is dropped, because it is nobody's words.

Every failure is a `ReaderError` with a one-line reason; the caller adds the file name.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ReaderError(ValueError):
    """A file that cannot be read as its type; the message is one line, without the file name."""


@dataclass(frozen=True)
class Extracted:
    """Text in the shape splitting expects, and metadata found in the file (may be empty)."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


_BULLET_START = re.compile(r"^[•·●▪◦■–\-*]\s+")
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,3}\.?\s+\S")
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- PDF -------------------------------------------------------------------------------------


def _page_lines(pages: list[str]) -> list[list[str]]:
    """Each page's lines without running headers, footers and page numbers.

    A line that recurs on at least half the pages of a document of three or more pages is a
    running header or footer, not content.
    """
    lines = [[_squash(line) for line in page.splitlines()] for page in pages]
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(line for page in lines for line in set(page) if line)
        repeated = {line for line, n in counts.items() if n >= len(pages) / 2}
    return [
        [line for line in page if line not in repeated and not _PAGE_NUMBER.match(line)]
        for page in lines
    ]


def _reflow(lines: list[str]) -> list[str]:
    """Join wrapped lines back into paragraphs; headings and list items stay on their own.

    A PDF knows lines, not paragraphs. A paragraph ends at a blank line, or at a line that ends a
    sentence well short of the full width; a new one starts at a paragraph number or bullet. A
    short capitalised line with no closing punctuation, after a line that ends a sentence, is a
    heading.
    """
    widths = [len(line) for line in lines if line]
    full = statistics.quantiles(widths, n=10)[-1] if len(widths) >= 10 else max(widths, default=0)
    paragraphs: list[str] = []
    current: list[str] = []
    closed = True  # whether the text so far ends a paragraph

    def flush() -> None:
        nonlocal current
        if current:
            joined = current[0]
            for line in current[1:]:
                glue = "" if re.search(r"[A-Za-z]-$", joined) and line[:1].islower() else " "
                joined += glue + line
            paragraphs.append(joined)
        current = []

    for line in lines:
        if not line:
            flush()
            closed = True
            continue
        starts_new = bool(_PARAGRAPH_NUMBER.match(line) or _BULLET_START.match(line))
        heading = (
            (closed or bool(current and _SENTENCE_END.search(current[-1])))
            and not starts_new
            and len(line) < 0.7 * full
            and not _SENTENCE_END.search(line)
            and line[:1].isupper()
        )
        if starts_new or heading or closed:
            flush()
        if heading:
            paragraphs.append("## " + line)
            closed = True
            continue
        current.append(line)
        closed = bool(_SENTENCE_END.search(line)) and len(line) < 0.85 * full
    flush()
    return paragraphs


def read_pdf(data: bytes) -> Extracted:
    """The text layer of a PDF, reflowed into paragraphs; its title from the document info."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf reports damage it can work around through logging and warnings; a damaged file is
    # judged by whether text comes out, not by those reports.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ReaderError("the PDF is password-protected; save an unprotected copy")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata or {}
            title = _squash(str(info.get("/Title") or ""))
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ReaderError(f"not a readable PDF ({type(exc).__name__})") from None
    paragraphs = _reflow([line for page in _page_lines(pages) for line in page])
    if not paragraphs:
        raise ReaderError("the PDF has no text layer (is it a scan?); convert it to text first")
    meta = {"title": title} if title and not title.lower().startswith("microsoft") else {}
    return Extracted("\n\n".join(paragraphs) + "\n", meta)


# --- HTML ------------------------------------------------------------------------------------

# Elements and classes that are page furniture on gov.uk and most news sites.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer",
              "form", "button", "aside", "iframe", "select", "input")  # fmt: skip
_DROP_CLASS = re.compile(
    r"cookie|banner|breadcrumb|skip-link|feedback|related|contents-list|share|print-link|"
    r"metadata|sign-?up|newsletter|subscribe|govuk-footer|govuk-header|phase-banner|"
    r"single-page-notification|emergency-banner|visually-hidden",
    re.IGNORECASE,
)
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "dt", "dd", "tr", "pre")


def _meta_content(soup: Any, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag and tag.get("content", "").strip():
            return _squash(tag["content"])
    return None


def _html_meta(soup: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    heading = soup.find("h1")
    title = (_squash(heading.get_text(" ")) if heading else None) or _meta_content(
        soup, "og:title", "dc.title"
    )
    if not title and soup.title:
        title = re.sub(r"\s+[-–|]\s+GOV\.UK$", "", _squash(soup.title.get_text(" ")))
    if title:
        meta["title"] = title
    published = _meta_content(
        soup, "govuk:first-published-at", "article:published_time", "dc.date", "date"
    )
    if published and re.match(r"\d{4}-\d{2}-\d{2}", published):
        meta["date"] = published[:10]
    publisher = _meta_content(soup, "govuk:primary-publishing-organisation", "og:site_name")
    if publisher:
        meta["publisher"] = publisher
    canonical = soup.find("link", rel="canonical")
    url = (canonical.get("href") if canonical else None) or _meta_content(soup, "og:url")
    if url and url.startswith(("https://", "http://")):
        meta["url"] = url
    if _meta_content(soup, "govuk:format") in ("news_story", "press_release"):
        meta["kind"] = "news"
    return meta


def _is_furniture(tag: Any) -> bool:
    if tag.name in _DROP_TAGS or tag.get("hidden") is not None:
        return True
    if tag.get("aria-hidden") == "true" or tag.get("role") in ("navigation", "banner"):
        return True
    marks = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    return bool(_DROP_CLASS.search(marks))


def read_html(data: bytes) -> Extracted:
    """The main content of a web page as headed paragraphs, without the page around it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    meta = _html_meta(soup)
    root = soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find(id="content")
    root = root or soup.body or soup
    for tag in root.find_all(True):
        if not tag.decomposed and _is_furniture(tag):
            tag.decompose()
    lines: list[str] = []
    for tag in root.find_all(_BLOCKS):
        if tag.find_parent(_BLOCKS):  # a paragraph inside a list item is read with the item
            continue
        if tag.name == "tr":
            text = " | ".join(_squash(c.get_text(" ")) for c in tag.find_all(["th", "td"]))
        else:
            text = _squash(tag.get_text(" "))
        text = re.sub(r"\s+([,.;:!?])", r"\1", text)
        if not text:
            continue
        if tag.name[0] == "h" and tag.name[1:].isdigit():
            lines.append("#" * int(tag.name[1]) + " " + text)
        elif tag.name == "li":
            lines.append("- " + text)
        else:
            lines.append(text)
    if not any(not line.startswith("#") for line in lines):
        raise ReaderError("the page has no readable paragraphs (is it the whole saved page?)")
    return Extracted("\n\n".join(lines) + "\n", meta)


# --- Word ------------------------------------------------------------------------------------


def read_docx(data: bytes) -> Extracted:
    """Paragraphs of a Word document; 'Heading N' styles become headings."""
    import zipfile

    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReaderError(f"not a readable Word document ({type(exc).__name__})") from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = _squash(paragraph.text)
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.match(r"(?:Heading|Title)\s*(\d?)", style)
        if level:
            lines.append("#" * int(level.group(1) or 1) + " " + text)
        elif style.lower().startswith("list"):
            lines.append("- " + text)
        else:
            lines.append(text)
    if not any(not line.startswith("#") for line in lines):
        raise ReaderError("the Word document has no text")
    props = document.core_properties
    meta = {k: _squash(v) for k, v in (("title", props.title), ("author", props.author)) if v}
    return Extracted("\n\n".join(lines) + "\n", meta)


READERS: dict[str, Callable[[bytes], Extracted]] = {
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
}
