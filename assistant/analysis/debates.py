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
# "<Name> Portrait <as the record names them>": every such line is a speaker line.
_PORTRAIT = re.compile(r"^[^\n()]{2,80}?\s+Portrait\s+(?P<who>[A-Z][^\n]{1,200}?)[ \t]*$", re.M)
# "Lord Kamall (Con)", "Elena Marsh (Bradwell South) (Lab)": a name with a party, alone on a line.
_PARTY_LINE = re.compile(rf"^(?P<who>[A-Z][^\n]{{1,160}}?\s*\((?:{_PARTY})\))[ \t]*$", re.I | re.M)
_PARTY_AT_END = re.compile(rf"\s*\((?P<party>{_PARTY})\)\s*$", re.IGNORECASE)
_OFFICE = re.compile(
    r"^(?:The\s+)?(?:Parliamentary\s+Under-Secretary|Minister|Secretary\s+of\s+State|"
    r"Parliamentary\s+Secretary|Lord\s+Privy\s+Seal|Leader\s+of\s+the\s+House|"
    r"Chancellor\s+of\s+the\s+Duchy|Prime\s+Minister)",
    re.IGNORECASE,
)
# "The Secretary of State for Health and Social Care (Tobias Grant)": Commons ministers are
# printed with their office and name, and no party.
_OFFICE_LINE = re.compile(
    rf"^(?P<who>{_OFFICE.pattern[1:]}[^\n]{{0,160}}\([^()\n]+\))[ \t]*$", re.I | re.M
)
# The chair of the House calls members; it speaks for nobody.
_CHAIR = re.compile(
    r"^(?:(?:Mr|Madam)\s+(?:Deputy\s+)?Speaker|The\s+(?:Lord\s+|Deputy\s+)?Speaker|"
    r"The\s+(?:Deputy\s+)?Chair(?:man|woman)?(?:\s+of\s+Ways\s+and\s+Means)?)\b",
    re.IGNORECASE,
)
# "Madam Deputy Speaker (Dame Ada Rowe)" alone on its line: the chair takes the floor.
_CHAIR_LINE = re.compile(rf"^(?P<who>{_CHAIR.pattern[1:]}(?:\s*\([^()\n]+\))?)[ \t]*$", re.I | re.M)
_BRACKET_AT_END = re.compile(r"\s*\(([^()]+)\)\s*$")
_ADDRESS = re.compile(
    r"\b(?:My Lords|Mr Speaker|Madam Deputy Speaker|noble (?:Lord|Baroness|friend)|"
    r"hon\. (?:Friend|Member|Gentleman|Lady))\b"
)


# The House's courtesies and procedure ("I thank the Minister for advance sight of his
# statement", "With permission, Mr Speaker, I will make a statement", "Order."): said in every
# debate, they take no side and carry nothing an officer can use.
_PROCEDURE = re.compile(
    r"^\W*(?:(?:My Lords|Mr Speaker|Madam Deputy Speaker),?\s+)?(?:"
    r"I (?:thank|am grateful to) (?:the|my) [^.]{0,80}?\bfor (?:(?:advance|early) sight|"
    r"(?:his|her|their) (?:statement|question|answer|reply|response|contribution|remarks)|"
    r"giving way|that (?:question|answer|intervention))"
    r"|with (?:your )?permission,?\s+(?:(?:Mr|Madam Deputy) Speaker,?\s+)?I (?:will|shall|"
    r"would like to|wish to) (?:make|repeat) (?:a|the) statement"
    r"|I beg (?:to move|leave)|Order[.!]|I call\b)",
    re.IGNORECASE,
)
_BUT = re.compile(r"\b(?:but|however|yet|although)\b", re.IGNORECASE)


def procedural(text: str) -> bool:
    """Whether a sentence is only the House's courtesy or procedure (not when it goes on to a
    point: "I thank the Minister for her answer, but ...")."""
    return bool(_PROCEDURE.match(text)) and not _BUT.search(text)


@dataclass(frozen=True)
class Turn:
    """One member's contribution: from the end of their speaker line to the next one."""

    start: int
    end: int
    speaker: str
    body: str | None  # None for the chair, or a member whose party the record never gives
    line: tuple[int, int]  # the speaker line itself, which says nothing


def speaker_lines(text: str) -> list[re.Match[str]]:
    """The speaker lines of a debate record, in order: "<Name> Portrait ...", a name with a
    party in brackets, a minister's office with their name in brackets, or the chair."""
    found = {m.start(): m for m in _PORTRAIT.finditer(text)}
    for pattern in (_PARTY_LINE, _OFFICE_LINE, _CHAIR_LINE):
        for m in pattern.finditer(text):
            found.setdefault(m.start(), m)
    return [found[at] for at in sorted(found)]


def is_debate(source: Source) -> bool:
    """A debate record, from its layout: speaker lines with a party and a chamber's address."""
    lines = speaker_lines(source.text)
    parties = any(_PARTY_AT_END.search(m.group("who")) for m in lines)
    return parties and bool(_ADDRESS.search(source.text))


def _who(line: str, parties: dict[str, str], directory: Directory) -> tuple[str, str | None]:
    """The speaker a line names, and the body they speak for: a minister for the government,
    the chair for nobody, a member for their party (given on this line or an earlier one)."""
    who = " ".join(line.split())
    party = _PARTY_AT_END.search(who)
    who = who[: party.start()] if party else who
    bracket = _BRACKET_AT_END.search(who)
    named = bracket.group(1).strip() if bracket else who  # "The Minister ... (Lord Kamall)"
    if _OFFICE.match(who) or _CHAIR.match(who):
        return named, directory.government if _OFFICE.match(who) else None
    if who.startswith("The ") and bracket:  # "The Shadow Minister for Care (Ann Bell) (Lab)"
        speaker = named
    else:  # "Elena Marsh (Bradwell South)": the bracket holds a constituency
        speaker = who[: bracket.start()] if bracket else who
    if party:
        parties[speaker] = PARTIES[party.group("party").lower()]
    return speaker, parties.get(speaker)


def _name_lines(text: str, named: set[str]) -> dict[int, re.Match[str]]:
    """Lines that are nothing but the name of a member already heard: Hansard prints a member's
    later contributions (a minister answering each question) under their name alone."""
    if not named:
        return {}
    names = "|".join(re.escape(n) for n in sorted(named, key=len, reverse=True))
    pattern = re.compile(rf"^(?P<who>{names})[ \t]*$", re.M)
    return {m.start(): m for m in pattern.finditer(text)}


def turns(text: str, directory: Directory) -> list[Turn]:
    """Each contribution with its speaker and the body they speak for."""
    found = {m.start(): m for m in speaker_lines(text)}
    bodies: dict[str, str | None] = {}  # each member heard, and whom they speak for
    introduced: dict[str, int] = {}  # where each member's first speaker line is
    first_parties: dict[str, str] = {}
    for at in sorted(found):
        speaker, body = _who(found[at].group("who"), first_parties, directory)
        if directory.is_government(body) or not bodies.get(speaker):  # an office outranks a party
            bodies[speaker] = body
        introduced.setdefault(speaker, at)
    for at, m in _name_lines(text, set(introduced)).items():
        if at not in found and introduced[m.group("who")] < at:
            found[at] = m
    lines = [found[at] for at in sorted(found)]
    parties: dict[str, str] = {}
    result = []
    for i, m in enumerate(lines):
        end = lines[i + 1].start() if i + 1 < len(lines) else len(text)
        speaker, body = _who(m.group("who"), parties, directory)
        if directory.is_government(bodies.get(speaker)) or not body:
            # a minister speaks for the government in every turn, whether the line gives their
            # office, their party ("Lord Kamall (Con)") or their name alone
            body = bodies.get(speaker)
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
