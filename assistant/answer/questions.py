"""What a question must be before it is searched: clean text of a sensible length.

Invisible characters (zero-width, bidirectional controls, Unicode tag characters that can smuggle
instructions) are removed, not kept; control characters become spaces.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.errors import PersonalDataError, QuestionError
from assistant.privacy import personal_data_in

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\U000e0000-\U000e007f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")




def clean_question(text: str, max_chars: int) -> str:
    if not isinstance(text, str):
        raise QuestionError("Please type a question.")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Please type a question.")
    if len(text) > max_chars:
        raise QuestionError(
            f"Your question is {len(text):,} characters long; please keep it under "
            f"{max_chars:,} characters."
        )
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("Please ask your question in words.")
    kinds = personal_data_in(text)
    if kinds:
        raise PersonalDataError(
            f"Your question seems to include {' and '.join(kinds)}. Please take out personal "
            "details and ask again: the assistant answers from published documents and does "
            "not need them."
        )
    return text


def mostly_latin(text: str) -> bool:
    """Whether the letters of a question are mostly Latin script (the documents are in English)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    latin = sum("LATIN" in unicodedata.name(ch, "") for ch in letters)
    return latin / len(letters) >= 0.6


_FOLLOW_UP = re.compile(
    r"^(?:and|also|but|what about|how about|and what about|what of|same for|then|so)\b"
    r"|\b(?:they|them|their|it|its|this|that|those|these)\b",
    re.IGNORECASE,
)


def in_context(question: str, history: list[str]) -> str:
    """The question as it is meant, read in the light of the conversation so far.

    A follow-up ("and what about the LGA?", "why do they think that?") is short or leans on the
    previous question, so the previous question is read with it; a question that stands on its
    own is left alone, so history never drags an unrelated earlier topic into a new question.
    """
    if not history:
        return question
    words = question.split()
    if len(words) <= 6 or _FOLLOW_UP.search(question):
        return f"{history[-1]} {question}"
    return question
