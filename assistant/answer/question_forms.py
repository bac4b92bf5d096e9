"""Forms of question that decide a route whatever the analysis says the intent is.

Each is a shape of sentence, not a list of documents or names: "which is more critical, A or
B?" compares two bodies; "which party is she speaking for?" and "what is his job?" ask about a
person; "who responded for X?" asks for the person who speaks for a body.
"""

from __future__ import annotations

import re

# "Which is more critical, A or B?", "who is less positive: A or B?"
_WHICH_OF = re.compile(r"\b(?:more|less|most|least)\b.*\bor\b", re.IGNORECASE)
# "Which party is she speaking for?", "what organisation does he lead?"
_WHICH_BODY_FOR = re.compile(
    r"\b(?:which|what)\s+(?:party|organisation|organization|body|group|union|charity|council|"
    r"think[- ]tank)\b.*\b(?:for|from|with|represents?|leads?|runs?|works?|chairs?|heads?)\b",
    re.IGNORECASE,
)
# "what is his job?", "does she lead the Trust or the Foundation?"
_ROLE_ASKED = re.compile(
    r"\b(?:his|her|their)\s+(?:job|role|title|position|post)\b"
    r"|\bdo(?:es)?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+(?:lead|run|chair|head|work for)\b",
)
# "Who responded for NHS Providers?", "who spoke on behalf of the LGA?"
_WHO_FOR = re.compile(
    r"^\W*who\b[^?]*\b(?:responded|respond|spoke|speaks|commented|answered|replied)\b"
    r"[^?]*\b(?:for|on behalf of)\b",
    re.IGNORECASE,
)


def compares_two(question: str) -> bool:
    return bool(_WHICH_OF.search(question))


def asks_whom_they_speak_for(question: str) -> bool:
    return bool(_WHICH_BODY_FOR.search(question) or _ROLE_ASKED.search(question))


def asks_who_speaks_for(question: str) -> bool:
    return bool(_WHO_FOR.search(question))
