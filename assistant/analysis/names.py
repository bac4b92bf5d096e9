"""What looks like a person's name in a sentence, and capitalised words that only look like one.

Attribution finds people it has never met by the shape of their name beside a speech verb or a
role ("Dr Anjali Raman, chief executive of ..."); these are the shapes, and the exceptions that
keep a series' title ("PPP's The Future of Social Care series") or a job written in capitals
("Policy and Parliamentary Executive") from becoming a speaker.
"""

from __future__ import annotations

import re

# Two or three capitalised words, not starting with a word that opens sentences or titles.
PERSON = re.compile(
    r"\b(?!(?:Said|Says|Added|Asked|Told|Warned|For|At|In|On|And|But|As|If|When|While|"
    r"With|From|After|Before|Under|Over|By|To|Of|Dear|Health|Care|Minister|Secretary)\b)"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?){1,2})\b"
)
NOT_A_PERSON = re.compile(r"(?:The|This|That|These|Those|Our|Its|Their|Ministers)\b")
# A name whose last word is a job ("Parliamentary Executive", "Policy Director") is a role in
# capitals, not a person: "William Lee, Policy and Parliamentary Executive of the ...".
_ROLE_LAST = re.compile(
    r"\b(?:Executive|Officer|Director|Chair|Chairman|Chairwoman|Manager|President|Secretary|"
    r"Adviser|Advisor|Lead|Head|Leader|Member|Spokesperson|Spokesman|Spokeswoman|"
    r"Correspondent|Editor|Minister|Councillor|Chancellor)$"
)


def not_a_person(name: str) -> bool:
    """Whether capitalised words that look like a name are not one: "The Future" (of a
    series' title), "Their Chair", or a job title."""
    return bool(NOT_A_PERSON.match(name) or _ROLE_LAST.search(name))
