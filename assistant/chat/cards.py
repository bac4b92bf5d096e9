"""Citation cards: what an officer needs to check a quote without leaving the page.

Each card shows the quote highlighted inside the passage it came from, who said it, where and when
it was published, what kind of document it is, and a link to the original. The chat and the
briefing note both build on these functions, so a quote reads the same wherever it appears. All
text from documents is escaped: retrieved text is data, never markup.
"""

from __future__ import annotations

import html
from datetime import date

from assistant.labels import about_label, kind_label
from assistant.models import Citation, Source


def readable_date(value: str | None) -> str:
    """'2022-02-10' as '10 February 2022' (British order); partial or odd dates as given."""
    if not value:
        return "not known"
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        parts = value.split("-")
        if (
            len(parts) == 2
            and parts[0].isdigit()
            and parts[1].isdigit()
            and 1 <= int(parts[1]) <= 12
        ):
            return date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
        return value
    return f"{day.day} {day.strftime('%B %Y')}"


def speaker_line(c: Citation) -> str:
    """Who is speaking, honest about reader comments and unattributed text."""
    if c.kind == "reader-comment":
        return "A reader (a comment, not a sector body)"
    if c.speaker and c.body and c.body != c.speaker:
        return f"{c.speaker}, {c.body}"
    return c.speaker or c.body or "Not attributed to a named speaker"


def card_title(c: Citation) -> str:
    """The card's one-line label: its number, the document and what kind of document it is."""
    title = f"[{c.n}] {c.title} ({kind_label(c.kind)})"
    return f"{title}: {about_label(c.about_title)}" if c.about_title else title


def card_details(c: Citation) -> list[tuple[str, str]]:
    """Labelled facts about a citation, in reading order."""
    details = [
        ("Said by", speaker_line(c)),
        ("Published by", c.publisher or "not known"),
    ]
    if c.author:
        details.append(("Author", c.author))
    details += [("Date", readable_date(c.date)), ("Kind", kind_label(c.kind))]
    if c.section:
        details.append(("Section", c.section))
    if c.about_title:
        details.append(("About", about_label(c.about_title)))
    return details


def passage_around(c: Citation, source: Source | None) -> tuple[str, str, str]:
    """The passage holding the quote, split into (before, quote, after).

    Falls back to the quote alone when the source is no longer in the index or its text no longer
    matches the citation's offsets (the index changed since the answer was given).
    """
    if source is None or source.text[c.start : c.end] != c.quote:
        return "", c.quote, ""
    start = min(c.passage_start, c.start)
    end = max(c.passage_end, c.end)
    return source.text[start : c.start], c.quote, source.text[c.end : end]


def passage_html(c: Citation, source: Source | None) -> str:
    """The passage as escaped HTML with the quote marked, for screen and print alike."""
    before, quote, after = (html.escape(part) for part in passage_around(c, source))
    return (
        f'<blockquote class="passage" aria-label="Passage quoted as [{c.n}]">'
        f"{before}<mark><strong>{quote}</strong></mark>{after}</blockquote>"
    ).replace("\n", "<br>")
