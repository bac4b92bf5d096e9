"""Separate what a document says from the web page around it.

Collected web pages carry site furniture (image captions, newsletter sign-ups, donation appeals,
"Comments are closed") and sometimes reader comments. Furniture is dropped; reader comments are kept
but marked, because a reader is never a sector body. The rules below describe kinds of furniture,
not particular documents; a document can also say where its comments begin in its front matter
(`reader_comments_from`), which is how curated sources record what a person checked by eye.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Source

# A line that is furniture wherever it appears.
_FURNITURE_LINE = re.compile(
    r"""^(
        (story|article|page)\s+updated
      | comments\s+are\s+(closed|open)\.?
      | author | share(\s+this)? | print | tweet | related(\s+articles?)?
      | posted\s+on\s+\d{1,2}/\d{1,2}/\d{2,4}\s+by\s+[^.]{2,60}\.?
      | [\w’'\- ]{1,40}\s(image|photo|picture)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A line that opens a block of furniture running to the end of the document.
_FURNITURE_OPENER = re.compile(
    r"""(
        ^dear\s+(reader|readers|supporter|friend)s?\b
      | \bsign\s?up\b.*\b(newsletter|updates)\b | \bnewsletter\b
      | \bstay\s+informed\b | \bwe\s+respect\s+your\s+privacy\b
      | \bplease\s+donate\b | \bsupport\s+our\s+(campaigning\s+)?journalism\b
      | ^[A-Z][A-Z0-9&'’ ]{4,40}\s(UPDATES|NEWSLETTER|BULLETIN)$
      | \b(please\s+)?(write\s+to\s+(me|us)|contact\s+us|email\s+us|get\s+in\s+touch)\s+(at|on)?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# How far into a page (as a share of its text) a reader comment section can begin.
COMMENTS_AFTER = 0.3
# A heading that opens a reader comment section on pages that have one.
_COMMENTS_HEADING = re.compile(
    r"^(\d+\s+)?(comments?|responses?|reader\s+comments|leave\s+a\s+(comment|reply))\s*:?$",
    re.IGNORECASE,
)
_TAIL_SHARE = 0.35  # furniture blocks are only looked for in the last part of a document


@dataclass(frozen=True)
class Segment:
    """A kept line of source text, and whether a reader (not the author) wrote it."""

    start: int
    end: int
    reader_comment: bool


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


def _furniture_tail_start(text: str, lines: list[tuple[int, int]]) -> int:
    """Offset where trailing furniture begins (len(text) when there is none)."""
    tail_from = int(len(text) * (1 - _TAIL_SHARE))
    for start, end in lines:
        line = text[start:end].strip()
        if start >= tail_from and line and _FURNITURE_OPENER.search(line):
            return start
    return len(text)


def find_segments(source: Source) -> list[Segment]:
    """The lines of a source worth keeping, each marked as content or reader comment."""
    text = source.text
    lines = _lines(text)
    tail = _furniture_tail_start(text, lines)

    comments_at = tail
    if source.reader_comments_from:
        found = text.find(source.reader_comments_from)
        if found >= 0:
            comments_at = min(comments_at, found)
    for start, end in lines:
        # Reader comments follow the article: a "Comment" line near the top is the kicker of
        # an opinion piece, not the start of a comment section.
        heading = _COMMENTS_HEADING.match(text[start:end].strip())
        if heading and start < comments_at and start > len(text) * COMMENTS_AFTER:
            comments_at = start
            break

    segments: list[Segment] = []
    for start, end in lines:
        if start >= tail:
            break
        line = text[start:end]
        if not line.strip() or _FURNITURE_LINE.match(line.strip()):
            continue
        if _COMMENTS_HEADING.match(line.strip()) and start == comments_at:
            continue
        segments.append(Segment(start, min(end, tail), reader_comment=start >= comments_at))
    return segments
