"""The year, date or period a question names ("2024", "April 2023", "2022-23").

Kept apart from the name finders (assistant.answer.mentions): a date is read by its shape, never
looked up, and both question analysis and topic reading need it.
"""

from __future__ import annotations

import re

_MONTH = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_SEASON = r"spring|summer|autumn|winter|early|late|mid"


def find_time(text: str) -> str | None:
    """The year, date or period a question is about ("2024", "April 2023", "2022-23"), or None.
    The year of an Act ("the NHS Act 2006") names the Act, not a time."""
    span = re.search(r"\b(20\d\d)\s*(?:-|–|/|to)\s*(?:20)?(\d\d)\b", text)
    if span and int(span.group(2)) > int(span.group(1)[2:]):
        return f"{span.group(1)}-{span.group(2)}"
    dated = re.search(rf"\b({_MONTH}|{_SEASON})\s+((?:19|20)\d\d)\b", text, re.IGNORECASE)
    if dated:
        word = dated.group(1)
        word = word.capitalize() if re.fullmatch(_MONTH, word, re.IGNORECASE) else word.lower()
        return f"{word} {dated.group(2)}"
    for m in re.finditer(r"\b((?:19|20)\d\d)\b", text):
        if not re.search(r"\bAct\s*$", text[: m.start()]):
            return m.group(1)
    return None
