"""What kind of answer a question expects, and whether a sentence can be one.

A question asking how much something costs is answered only by a sentence that gives an
amount, and one asking when something happens only by a sentence that gives a date. Retrieval
finds sentences on the subject either way; this check keeps a sentence on the subject from
passing for an answer it does not give, so such questions are declined honestly.
"""

from __future__ import annotations

import re

from assistant.index.stores import search_terms

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
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|dozen|half|third|quarter"
)
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|spring|summer|autumn|winter|(?:19|20)\d\d|\d{1,2}-[A-Z][a-z]{2}-\d\d|"
    r"(?:this|next|last) (?:year|month)|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# The year of an Act ("the NHS Act 2006") names the Act, not a time (as in answer/dates.py).
_ACT_YEAR = re.compile(r"\bAct,?\s+(?:19|20)\d\d\b")
# "How many people replied ...": what is counted is named by the words after "how many", up
# to the first word of no content that is not part of a name ("and", "of"): "how many local
# health and wellbeing partnerships is ..." counts partnerships, whatever adjectives come first.
_HOW_MANY = re.compile(r"\bhow many\s+(?:of\s+(?:the\s+)?)?((?:[\w'’-]+\s*){1,6})", re.IGNORECASE)
_JOINING = {"and", "of", "&"}
# How far from a number the counted word may stand ("42 integrated care boards (ICBs)",
# "ICBs, of which there are 42").
COUNTED_WINDOW = 4


def fits(intent: str, question: str, sentence: str) -> bool:
    """Whether `sentence` could answer a question of this intent (facts always can)."""
    if intent == "when":
        return bool(_DATE.search(_ACT_YEAR.sub(" ", sentence)))
    if intent == "quantity":
        if _MONEY_QUESTION.search(question) and not _COUNT_QUESTION.search(question):
            return bool(_MONEY.search(sentence))
        counted = counted_words(question)
        if counted:
            return counts_of(counted, sentence)
        counts = [m for m in _COUNT.finditer(sentence) if not _YEAR.fullmatch(m.group())]
        return bool(counts)
    return True


def counted_words(question: str) -> set[str]:
    """What a "how many" question counts, as folded search terms ("people" in "how many
    people replied?"); empty when it asks no "how many" or names nothing counted."""
    match = _HOW_MANY.search(question)
    if match is None:
        return set()
    phrase = []
    for word in match.group(1).split():
        if word.lower() not in _JOINING and not search_terms(word):
            break
        phrase.append(word)
    return {_fold(t) for t in search_terms(" ".join(phrase))}


def _fold(term: str) -> str:
    """A search term with the plural endings search_terms leaves folded as well ("bodie",
    "icbs" -> "body", "icb"), so a count in the singular matches a question in the plural."""
    if term.endswith("ie") and len(term) > 3:
        return term[:-2] + "y"
    if term.endswith("s") and not term.endswith("ss") and len(term) > 2:
        return term[:-1]
    return term


def counts_of(counted: set[str], sentence: str) -> bool:
    """Whether `sentence` gives a number of what is `counted`: a number (not a year) with one
    of the counted words within COUNTED_WINDOW words either side ("fourteen staff", "42
    integrated care boards").

    A sentence on the subject that holds some other number ("open for eight weeks") does not
    say how many people replied, so the question is declined rather than answered with it.
    """
    words = sentence.split()
    for i, word in enumerate(words):
        bare = word.strip("()[],.;:!?\"'“”‘’")
        if not _COUNT.fullmatch(bare) or _YEAR.fullmatch(bare):
            continue
        near = " ".join(words[max(0, i - COUNTED_WINDOW) : i + 1 + COUNTED_WINDOW])
        if counted & {_fold(t) for t in search_terms(near)}:
            return True
    return False


def missing_kind(intent: str, question: str) -> str:
    """What the documents did not give, for the refusal: "an amount", "a figure", "a date"."""
    if intent == "when":
        return "a date"
    money = _MONEY_QUESTION.search(question) and not _COUNT_QUESTION.search(question)
    return "an amount" if money else "a figure"
