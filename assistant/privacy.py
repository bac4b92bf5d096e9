"""Spot personal data in a question before anything is searched, stored, logged or sent anywhere.

Officers paste case notes. The assistant answers from published documents and never needs a
person's details, so a question that looks like it holds them is refused with a plain reason,
and the details go no further. Checks favour precision where a false alarm would block ordinary
questions: NHS numbers must pass their check digit and card numbers the Luhn check, so "2022" or
"250,000" never trip them.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Runs of digits that may be broken by spaces, hyphens, dots or brackets ("020 7946 0018").
_DIGIT_RUN = re.compile(r"(?<![\w£])\+?\(?\d[\d\s().-]{7,22}\d(?![\w%])")
# National Insurance number: two letters (not D, F, I, Q, U, V; second not O), six digits, A-D.
_NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)


def _nhs_number(digits: str) -> bool:
    """Ten digits whose last is the modulus-11 check digit of the first nine."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _uk_phone(raw: str, digits: str) -> bool:
    if raw.lstrip("(").startswith("+44") or digits.startswith("0044"):
        national = digits[2:] if digits.startswith("44") else digits[4:]
        return len(national) in (9, 10) and national[0] in "1237"
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] in "1237"


def personal_data_in(text: str) -> list[str]:
    """The kinds of personal data the text seems to hold, in plain words; [] if none."""
    found: list[str] = []
    if _EMAIL.search(text):
        found.append("an email address")
    if _NI_NUMBER.search(text):
        found.append("a National Insurance number")
    for match in _DIGIT_RUN.finditer(text):
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if _nhs_number(digits):
            found.append("an NHS number")
        elif _uk_phone(raw, digits):
            found.append("a phone number")
        elif 13 <= len(digits) <= 19 and _luhn(digits):
            found.append("a card number")
    return list(dict.fromkeys(found))
