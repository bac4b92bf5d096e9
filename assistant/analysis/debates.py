"""Parliamentary debates: each contribution belongs to the member who stands to speak.

A debate record (Hansard, or a copy of it such as Parallel Parliament) is a run of speaker lines,
"Baroness Thornton Portrait Baroness Thornton (Lab)" or "Lord Kamall (Con)", each followed by
that member's own words until the next speaker line. A member speaks for their party; a
minister ("The Parliamentary Under-Secretary of State ... (Lord Kamall) (Con)", "The Minister
of State ...") speaks for the government; the page's publisher speaks for nobody. Nothing in a
contribution is a reporter's voice, so the rules for news reports do not apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis.bodies import Directory
from assistant.models import Sentence, Source

# Party abbreviations as Hansard prints them after a member's name.
PARTIES: dict[str, str] = {
    "lab": "Labour Party",
    "lab/co-op": "Labour Party",
    "con": "Conservative Party",
    "ld": "Liberal Democrats",
    "lib dem": "Liberal Democrats",
    "cb": "Crossbench peers",
    "snp": "Scottish National Party",
    "green": "Green Party",
    "pc": "Plaid Cymru",
    "dup": "Democratic Unionist Party",
    "ind": "Independent members",
    "non-afl": "Independent members",
    "bishop": "Lords Spiritual",
}
_PARTY = "|".join(re.escape(p) for p in sorted(PARTIES, key=len, reverse=True))
# "<Name> Portrait <Name> (Lab)", "Lord Kamall (Con)",
# "The Minister of State, ... (Lord Kamall) (Con)"
SPEAKER_LINE = re.compile(
    rf"^(?:[^\n()]{{2,80}}?\s+Portrait\s+)?(?P<who>[A-Z][^\n]{{1,160}}?)\s*"
    rf"\((?P<party>{_PARTY})\)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_OFFICE = re.compile(
    r"^(?:The\s+)?(?:Parliamentary\s+Under-Secretary|Minister|Secretary\s+of\s+State|"
    r"Parliamentary\s+Secretary|Lord\s+Privy\s+Seal|Leader\s+of\s+the\s+House)",
    re.IGNORECASE,
)
_NAME_IN_OFFICE = re.compile(r"\(([^()]+)\)\s*$")
_ADDRESS = re.compile(
    r"\b(?:My Lords|Mr Speaker|Madam Deputy Speaker|noble (?:Lord|Baroness|friend))\b"
)


@dataclass(frozen=True)
class Turn:
    """One member's contribution: from the end of their speaker line to the next one."""

    start: int
    end: int
    speaker: str
    body: str
    line: tuple[int, int]  # the speaker line itself, which says nothing


def is_debate(source: Source) -> bool:
    """A debate record, from its layout: speaker lines with a party and a chamber's address."""
    lines = SPEAKER_LINE.findall(source.text)
    return bool(lines) and bool(_ADDRESS.search(source.text))


def turns(text: str, directory: Directory) -> list[Turn]:
    """Each contribution with its speaker and the body they speak for."""
    found = list(SPEAKER_LINE.finditer(text))
    result = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        who = " ".join(m.group("who").split())
        if _OFFICE.match(who):
            named = _NAME_IN_OFFICE.search(who)
            speaker = named.group(1).strip() if named else who
            body = directory.government
        else:
            speaker = who
            body = PARTIES[m.group("party").lower()]
        result.append(Turn(m.end(), end, speaker, body, (m.start(), m.end())))
    return result


def attribute_debate(
    source: Source, spans: list[tuple[int, int, bool]], directory: Directory
) -> list[Sentence]:
    """Speaker and body for each sentence span of a debate record."""
    contributions = turns(source.text, directory)
    result = []
    for start, end, _ in spans:
        turn = next((t for t in contributions if t.start <= start < t.end), None)
        on_line = any(t.line[0] <= start < t.line[1] for t in contributions)
        if turn is None or on_line:
            result.append(Sentence(start=start, end=end))  # headings, dates, speaker lines
        else:
            result.append(Sentence(start=start, end=end, speaker=turn.speaker, body=turn.body))
    return result
