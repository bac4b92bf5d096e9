"""What kind of answer a question expects, and whether a sentence can be one.

A question asking how much something costs is answered only by a sentence that gives an
amount, and one asking when something happens only by a sentence that gives a date. Retrieval
finds sentences on the subject either way; this check keeps a sentence on the subject from
passing for an answer it does not give, so such questions are declined honestly.
"""

from __future__ import annotations

import re

_MONEY_QUESTION = re.compile(
    r"\b(?:how much|cost\w*|paid|pay|salary|salaries|wages?|earn\w*|budget\w*|money|fund\w*|"
    r"spend\w*|worth|£)\b",
    re.IGNORECASE,
)
# "How often does it mention money?" and "how many times ..." ask for a count, not an amount.
_COUNT_QUESTION = re.compile(r"\bhow (?:often|many|long)\b", re.IGNORECASE)
_MONEY = re.compile(r"£\s?\d|\$\s?\d|\b\d[\d,.]*\s?(?:million|billion|bn|m|k|pounds?)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|dozen|half|third|quarter"
)
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|spring|summer|autumn|winter|(?:19|20)\d\d|\d{1,2}-[A-Z][a-z]{2}-\d\d|"
    r"(?:this|next|last) (?:year|month)|weeks?|months?|years?)\b",
    re.IGNORECASE,
)


def fits(intent: str, question: str, sentence: str) -> bool:
    """Whether `sentence` could answer a question of this intent (facts always can)."""
    if intent == "when":
        return bool(_DATE.search(sentence))
    if intent == "quantity":
        if _MONEY_QUESTION.search(question) and not _COUNT_QUESTION.search(question):
            return bool(_MONEY.search(sentence))
        counts = [m for m in _COUNT.finditer(sentence) if not _YEAR.fullmatch(m.group())]
        return bool(counts)
    return True


def missing_kind(intent: str, question: str) -> str:
    """What the documents did not give, for the refusal: "an amount", "a figure", "a date"."""
    if intent == "when":
        return "a date"
    money = _MONEY_QUESTION.search(question) and not _COUNT_QUESTION.search(question)
    return "an amount" if money else "a figure"
