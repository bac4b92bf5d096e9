"""Sentences and passages with exact character offsets.

Evidence is chosen sentence by sentence and attribution works on sentences, so we segment sentences
ourselves and pack whole sentences into token-sized passages. LangChain's splitters size chunks
well but may cut a sentence in two and do not return sentence spans, which every citation needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.ingest.cleaning import Segment

_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "p",
    "pp",
    "vs",
    "cf",
    "approx",
    "dept",
    "govt",
    "inc",
    "ltd",
    "co",
    "fig",
    "para",
    "paras",
    "sec",
    "cllr",
    "rt",
    "hon",
}
# A full stop, question or exclamation mark, any closing quotes or brackets, then a space and
# something that can start a sentence. A bracket does not start one: "(The Health Foundation)"
# after a quote names who said it, and belongs with the quote.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘']?[A-Z0-9£])")
READER_COMMENTS_SECTION = "Reader comments"
# List markers before a line's first sentence; a marker is followed by a space, so "**bold**" and
# "-5" are left alone. (Not anchored with "^": that would only match at the start of the text.)
_BULLET = re.compile(r"\s*(?:[•·●▪◦*\-–—>]+\s+)*")
_HEADING_END = re.compile(r"[.!?:;,][\"'”’)\]]*$")
# A numbered paragraph, as official papers number them ("3.12 Every place will ..."): the number
# becomes part of the section, so a citation can say "paragraph 3.12".
_PARAGRAPH_NUMBER = re.compile(r"(\d{1,2}\.\d{1,3})\.?\s+(?=[A-Z0-9“\"‘'(£])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A paragraph (one kept line) with its sentences and the section it sits under."""

    start: int
    end: int
    sentences: tuple[Span, ...]
    section: str | None
    reader_comment: bool


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans within text[start:end], trimmed of surrounding space and bullet marks."""
    end = len(text) if end is None else end
    lead = _BULLET.match(text, start, end)
    pos = lead.end() if lead else start
    spans: list[Span] = []
    for match in _BOUNDARY.finditer(text, pos, end):
        word = re.search(r"([\w.]+)[.!?]+$", text[pos : match.start() + 1])
        if word and match.group().startswith(".") and word.group(1).lower() in _ABBREVIATIONS:
            continue
        if word and match.group().startswith(".") and re.fullmatch(r"[A-Z]", word.group(1)):
            continue  # an initial such as "J. Smith"
        spans.append(Span(pos, match.end()))
        pos = match.end()
    spans.append(Span(pos, end))
    return [trimmed for s in spans if (trimmed := _trim(text, s)) is not None]


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _title_like(line: str) -> bool:
    words = line.split()
    if line.startswith("#"):
        return True
    if not words or len(words) > 12 or _HEADING_END.search(line):
        return False
    return _BULLET.match(line).end() == 0


def _is_heading(line: str, next_line: str | None) -> bool:
    """A short line without closing punctuation, followed by a longer line or another title."""
    if line.startswith("#"):
        return True
    if not _title_like(line) or next_line is None:
        return False
    return len(next_line) > len(line) or _title_like(next_line)


def _paragraph_number(text: str, seg: Segment) -> re.Match[str] | None:
    start = seg.start + len(text[seg.start : seg.end]) - len(text[seg.start : seg.end].lstrip())
    return _PARAGRAPH_NUMBER.match(text, start, seg.end)


def blocks(text: str, segments: Iterable[Segment]) -> list[Block]:
    """Group kept lines into paragraphs with sentences; short title-like lines become sections.

    In a document whose paragraphs are numbered (two or more lines open with a number such as
    "3.12"), each numbered paragraph is its own section, "Heading, paragraph 3.12", and the
    number is left out of its first sentence: the citation carries it instead.
    """
    kept = list(segments)
    numbered = sum(1 for seg in kept if _paragraph_number(text, seg)) >= 2
    result: list[Block] = []
    section: str | None = None
    heading: str | None = None
    for i, seg in enumerate(kept):
        line = text[seg.start : seg.end].strip()
        following = text[kept[i + 1].start : kept[i + 1].end].strip() if i + 1 < len(kept) else None
        number = _paragraph_number(text, seg) if numbered and not seg.reader_comment else None
        begin = seg.start
        if seg.reader_comment:
            section = READER_COMMENTS_SECTION
        elif number:
            paragraph = f"paragraph {number.group(1)}"
            section = f"{heading}, {paragraph}" if heading else paragraph.capitalize()
            begin = number.end()
        elif _is_heading(line, following):
            section = heading = line.lstrip("#").strip()
            continue
        sentences = tuple(split_sentences(text, begin, seg.end))
        if sentences:
            result.append(Block(seg.start, seg.end, sentences, section, seg.reader_comment))
    return result


@dataclass(frozen=True)
class Chunk:
    """Whole sentences from consecutive paragraphs of one section, within a token budget."""

    start: int
    end: int
    sentences: tuple[Span, ...]
    section: str | None
    reader_comment: bool


def pack(
    text: str, paragraphs: list[Block], max_tokens: int, count: Callable[[str], int]
) -> list[Chunk]:
    """Pack sentences into chunks of at most max_tokens; a longer sentence stands alone.

    Chunks never cross a section or the line between content and reader comments, and each
    reader comment stays its own chunk so one reader is never mixed with another.
    """
    chunks: list[Chunk] = []
    current: list[Span] = []
    tokens = 0
    key: tuple[str | None, bool] | None = None

    def flush() -> None:
        nonlocal current, tokens
        if current:
            chunks.append(Chunk(current[0].start, current[-1].end, tuple(current), key[0], key[1]))
        current, tokens = [], 0

    for para in paragraphs:
        para_key = (para.section, para.reader_comment)
        if para_key != key or para.reader_comment:
            flush()
            key = para_key
        for sentence in para.sentences:
            n = count(text[sentence.start : sentence.end])
            if current and tokens + n > max_tokens:
                flush()
            current.append(sentence)
            tokens += n
    flush()
    return chunks
