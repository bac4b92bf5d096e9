"""Bodies and people named in a question, found as names (dates: assistant.answer.dates).

Questions are typed fast: lower case ("nhs confed"), misspelt ("nhs provders", "Nigel Edwrads"),
by initials ("HF"), by a person who speaks for a body, or naming an organisation the assistant has
never heard of ("the Royal College of X"). A body is only ever taken from a name: a known name or
alias (knowledge/bodies.yaml and the short names documents define), a close misspelling of one,
its initials, or the shape of an organisation's name in a place where a body can stand. The words
before "and" are never a body because they come before "and".

`find_bodies` and `find_people` return `Mention`s with offsets, so the caller can blank names out
before reading topics ("the Centre for Governance and Scrutiny" is not about scrutiny).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from assistant.analysis.bodies import Directory
from assistant.answer.shortnames import known_by_first_word

FUZZY_CUTOFF = 0.86  # a misspelt name must be this close (difflib ratio) to the real one
PERSON_CUTOFF = 0.84

# Acronyms of structures and things, never of a body that speaks ("the ICS", "SME providers").
GENERIC_ACRONYMS = frozenset(
    "NHS ICS ICSS ICB ICBS ICP ICPS IT UK GP GPS SME SMES CP A&E BCF HR CEO MP MPS PCN PCNS "
    "AI OK FAQ PDF I".split()
)
# Capitalised words that name places, times or subjects, not bodies.
NOT_BODIES = frozenset(
    "england scotland wales ireland britain london europe brexit covid christmas easter "
    "parliament government january february march april may june july august september "
    "october november december monday tuesday wednesday thursday friday saturday sunday "
    "spring summer autumn winter".split()
) | {"northern ireland", "great britain"}
# Generic structures the white paper describes; capitalised, they are still not one body.
GENERIC_STRUCTURES = ("integrated care", "wellbeing board", "scrutiny committee", "care board")
_STOP = frozenset(
    "what whats what's who whos who's whom which when where why how hows how's does do did "
    "is are was were can could should would will has have had tell give list summarise "
    "summarize explain describe compare i and or but a an the in on of any please so hi "
    "hello hey hiya ok okay thanks also then according if between about with from".split()
)
_HEAD = (
    r"(?:Association|Society|Council|Councils|Network|Trust|Foundation|College|Institute|"
    r"Confederation|Commission|Federation|Union|Centre|Center|Alliance|Partnership|Forum|"
    r"Agency|Group|Board|Committee|Coalition|Consortium|Collaborative|Healthwatch|Fund|ICS|ICB|UK)"
)
_CAP = r"[A-Z][\w'’&-]*"
# "Royal College of Midwives", "Institute for Rural Health"
_ORG_OF = re.compile(
    rf"\b(?:{_CAP}\s+){{0,3}}{_HEAD}\s+(?:of|for)\s+(?:the\s+)?{_CAP}(?:\s+(?:(?:and|of|"
    rf"&)\s+)?{_CAP})*"
)
# "Ashdown Carers Alliance", "Nightingale's Fund", "Avon and Wessex ICS", "Carers UK"
_ORG_END = re.compile(rf"\b(?:{_CAP}\s+(?:(?:and|&|of|for)\s+)?){{1,5}}{_HEAD}\b")
# Verbs a body does in a question ("did the RCM say", "does Brightwater pool").
_BODY_VERBS = (
    r"(?:say|said|says|think|thinks|thought|want|wants|have|has|pool|pools|reckon|make|made|"
    r"welcome|welcomed|survey|surveyed|propose|plan|expect|spend|agree|support|oppose|respond|"
    r"responded|ask|argue|argued|claim|report|believe|feel|like|see|view|hope|fear|warn|call|"
    r"suggest|recommend|need|find|found|publish|published|do|mean|comment|commented|worry)"
)
_SLOT_BEFORE = re.compile(
    r"\b(?:did|does|do|has|have|will|would|is|was|can|could|should|population of|size of|"
    r"views? of|response of|position of|stance of|line of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SLOT_AFTER = re.compile(rf"^(?:['’]s\s+[a-z]|\s+{_BODY_VERBS}\b)")
_JOINED_BEFORE = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|&)\s+(?:the\s+)?", re.IGNORECASE)
_JOINED_AFTER = re.compile(r"(?:['’]s)?\s*(?:,\s*(?:and|or)?|and|or|&)\s+(?:the\s+)?", re.I)
_LOWER_ORG = re.compile(
    r"\b(?:the\s+)?(?:[a-z][\w'’-]*\s+){1,3}(?:fund|trust|foundation|society|association|"
    r"alliance|network|council|college|institute|union|federation|confederation|partnership)\b"
)
_TOKEN = re.compile(r"[\w'’&/-]+")
_CAP_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}")
NICKNAMES = dict(
    pair.split(":")
    for pair in (
        "bill:william will:william bob:robert rob:robert dave:david mike:michael nick:nicholas "
        "kate:kathryn kath:kathryn sue:susan liz:elizabeth jim:james tom:thomas "
        "chris:christopher matt:matthew andy:andrew steve:stephen tony:anthony meg:megan "
        "sajid:sajid"
    ).split()
)
_PERSON = r"[A-Z][a-z’']+(?:[ -][A-Z][a-z’']+){1,2}"
_PERSON_SLOT = re.compile(
    rf"\b(?i:who\s*(?:is|'s|’s|was)|whos|did|does|has|about|ask)\s+({_PERSON})"
    r"(?=\s*(?:['’]s\b|\s+(?i:say|said|think|thinks|do|mean|want|argue|reckon|make|speak|work)\b"
    r"|[?,.!]|$))"
)
_NOT_PERSON_WORDS = frozenset(
    "health care social secretary minister council councils county royal college trust fund "
    "white paper bill act commons house lords government department league premier quality "
    "commission better integrated national local the chief executive chair director board "
    "partnership network alliance society association foundation institute centre union "
    "system england wales scotland public policy".split()
)


@dataclass(frozen=True)
class Mention:
    """A name found in a question: a body (canonical when known) or a person (full name)."""

    start: int
    end: int
    name: str
    known: bool


def _norm(text: str) -> str:
    """Lower case, no apostrophes, single spaces: how a typed name is compared."""
    return re.sub(r"\s+", " ", re.sub(r"['’]", "", text.lower())).strip()


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of names, longest first, apostrophes optional, any spacing.

    A leading "the" is matched apart from the name, so "the Department of Health and Social
    Care" is read as the whole name, not as the alias "the Department of Health" and a rest.
    """
    parts = []
    bare = {re.sub(r"(?i)^the\s+", "", n) for n in names}
    for name in sorted(bare, key=len, reverse=True):
        escaped = re.escape(_norm(name)).replace(r"\ ", r"\s+")
        parts.append(re.sub(r"(?<=\w)(?=s\b)", "['’]?", escaped) if "'" in name else escaped)
    return re.compile(rf"(?<![\w])(?:the\s+)?(?:{'|'.join(parts)})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=16)
def _compiled(names: tuple[str, ...]) -> re.Pattern[str]:
    return _pattern(names)


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """English words, so a lower-case short alias ("hope") is not read as a body."""
    from assistant.answer.spelling import english_words

    return english_words()


def _free(spans: list[Mention], start: int, end: int) -> bool:
    return not any(m.start < end and start < m.end for m in spans)


def _known_bodies(text: str, directory: Directory) -> list[Mention]:
    """Known names and aliases, in any case; a short alias typed in lower case only when it is
    not an English word ("lga" yes, "hope" no)."""
    names = {**directory.asked_as, **directory.names}
    keys = {_norm(k): v for k, v in names.items()}
    found: list[Mention] = []
    for m in _compiled(tuple(sorted(names))).finditer(text):
        typed = m.group()
        key = _norm(typed)
        bare = re.sub(r"^the\s+", "", key)
        canonical = keys.get(key) or keys.get(bare) or keys.get(key.replace("'", ""))
        if canonical is None:
            continue
        if len(key) <= 5 and typed.islower() and key in _english():
            continue
        found.append(Mention(m.start(), m.end(), canonical, True))
    return found


def _initials(directory: Directory) -> dict[str, str]:
    """Initials of every known name ("HF" for the Health Foundation), where only one body has
    them and they are not the initials of something generic."""
    seen: dict[str, set[str]] = {}
    for alias, canonical in directory.names.items():
        words = [w for w in re.split(r"[\s-]+", alias) if w not in {"the", "of", "for", "and", "&"}]
        if len(words) >= 2:
            seen.setdefault("".join(w[0] for w in words).upper(), set()).add(canonical)
    return {
        k: next(iter(v))
        for k, v in seen.items()
        if len(v) == 1 and k not in GENERIC_ACRONYMS and k.lower() not in directory.names
    }


def fuzzy_spans(
    text: str, candidates: Mapping[str, str], taken: list[Mention], cutoff: float
) -> list[tuple[int, int, str, float]]:
    """Runs of words as close as `cutoff` (difflib ratio) to a candidate name of eight letters
    or more, outside the spans already taken, the best first where two overlap:
    (start, end, the candidate's value, ratio)."""
    tokens = [(m.start(), m.end(), _norm(m.group())) for m in _TOKEN.finditer(text)]
    tokens = [t for t in tokens if t[2]]  # a lone apostrophe normalises to nothing
    best: list[tuple[int, int, str, float]] = []
    for name, value in candidates.items():
        key = _norm(name)
        size = len(key.split())
        if len(key) < 8:
            continue
        matcher = SequenceMatcher(None, b=key)
        for i in range(len(tokens) - size + 1):
            start, end = tokens[i][0], tokens[i + size - 1][1]
            window = " ".join(t[2] for t in tokens[i : i + size])
            if not window or window[0] != key[0] or not _free(taken, start, end):
                continue
            matcher.set_seq1(window)
            if matcher.quick_ratio() >= cutoff and (ratio := matcher.ratio()) >= cutoff:
                best.append((start, end, value, ratio))
    best.sort(key=lambda b: -b[3])
    kept: list[tuple[int, int, str, float]] = []
    for b in best:
        if all(b[1] <= k[0] or k[1] <= b[0] for k in kept):
            kept.append(b)
    return kept


def _typed_name(text: str) -> str:
    """An unknown body as typed, without a leading "the" or a trailing possessive."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s$", "", text).strip()


def _generic(name: str) -> bool:
    """A place, a time or a kind of structure ("an Integrated Care Board"), not one body."""
    return _norm(name) in NOT_BODIES or any(g in name.lower() for g in GENERIC_STRUCTURES)


def _strip_leading(text: str, start: int, end: int) -> int:
    """The start of a name once question words and fillers before it are dropped."""
    for m in re.finditer(r"\S+\s*", text[start:end]):
        if m.group().strip().lower().strip(",") not in _STOP:
            return start + m.start()
    return end


def _shaped_bodies(text: str, taken: list[Mention]) -> list[Mention]:
    """Organisations by the shape of their names, where no known name is part of them."""
    found: list[Mention] = []
    for m in [*_ORG_OF.finditer(text), *_ORG_END.finditer(text)]:
        start = _strip_leading(text, m.start(), m.end())
        name = _typed_name(text[start : m.end()])
        words = name.split()
        if (
            len(words) < 2
            or not _free(taken + found, start, m.end())
            or _generic(name)
            or (words[-1] == "Fund" and not re.search(r"s['’]?$", words[-2]))  # not a programme
        ):
            continue
        found.append(Mention(start, m.end(), name, False))
    return found


def _slotted_bodies(text: str, taken: list[Mention]) -> list[Mention]:
    """Short names ("Shelter", "the RCM", "Healthwatch Kent") standing where only a body
    can stand: doing what bodies do in a question, owning something, or listed with a body."""
    found: list[Mention] = []
    candidates: list[Mention] = []
    for m in _CAP_RUN.finditer(text):
        start = _strip_leading(text, m.start(), m.end())
        word = re.sub(r"['’]s$", "", text[start : m.end()]).strip()
        first = word.split()[0] if word else ""
        end = start + len(word)
        if (
            not word
            or _norm(first) in NOT_BODIES
            or _generic(word)
            or first.upper() in GENERIC_ACRONYMS
            or not _free(taken + found, start, end)
            or (len(word) < 3 and not word.isupper())
        ):
            continue
        before, after = text[:start], text[end:]
        if (
            (_SLOT_BEFORE.search(before) and _SLOT_AFTER.match(after))
            or re.match(r"['’]s\s+[a-z]", after)
            or _listed_with(text, start, end, taken)
            or (_SLOT_BEFORE.search(before) and not after.strip(" ?.!"))
        ):
            found.append(Mention(start, end, word, False))
        else:
            candidates.append(Mention(start, end, word, False))
    return sorted(found + _slotted_together(text, candidates), key=lambda m: m.start)


def _slotted_together(text: str, candidates: list[Mention]) -> list[Mention]:
    """Names listed together in one body's slot ("do the BMA and RCN think"): the slot comes
    before the first and the body's verb after the last, so each is a body."""
    found: list[Mention] = []
    run: list[Mention] = []
    for m in [*candidates, None]:
        if m is not None and run and _JOINED_BEFORE.fullmatch(text[run[-1].end : m.start]):
            run.append(m)
            continue
        if len(run) >= 2:
            plural = re.search(
                r"\b(?:did|do|have|were|are)\s+(?:the\s+)?$", text[: run[0].start], re.I
            )
            if plural and _SLOT_AFTER.match(text[run[-1].end :]):
                found += run
        run = [m] if m is not None else []
    return found


def _listed_with(text: str, start: int, end: int, bodies: list[Mention]) -> bool:
    """Whether the words at start:end are listed beside a body ("Shelter and the LGA")."""
    for body in bodies:
        if body.end <= start and _JOINED_BEFORE.fullmatch(text[body.end : start]):
            return True
        if end <= body.start and _JOINED_AFTER.fullmatch(text[end : body.start]):
            return True
    return False


def _lower_listed(text: str, taken: list[Mention]) -> list[Mention]:
    """An organisation typed in lower case, listed beside a known body ("the nuffield trust or
    the nightingale fund"): its last word says it is an organisation, its place says it is a
    body."""
    found: list[Mention] = []
    for m in _LOWER_ORG.finditer(text):
        start = _strip_leading(text, m.start(), m.end())
        if _free(taken + found, start, m.end()) and _listed_with(text, start, m.end(), taken):
            found.append(Mention(start, m.end(), _typed_name(text[start : m.end()]), False))
    return found


def _shortened(text: str, directory: Directory, taken: list[Mention]) -> list[Mention]:
    """A known one-word name cut short after "the" ("the confed" for the Confederation)."""
    found: list[Mention] = []
    for m in re.finditer(r"\bthe\s+([a-z][\w'’-]{4,})\b", text, re.IGNORECASE):
        word = m.group(1).lower()
        names = {
            canonical
            for alias, canonical in directory.names.items()
            if alias.startswith("the ")
            and len(alias.split()) == 2
            and alias.split()[1].startswith(word)
            and alias.split()[1] != word
        }
        if len(names) == 1 and _free(taken, m.start(1), m.end(1)):
            found.append(Mention(m.start(1), m.end(1), names.pop(), True))
    return found


def find_bodies(text: str, directory: Directory) -> list[Mention]:
    """Every body the text names, in order: known (canonical name), misspelt or by initials
    (canonical), or unknown (as typed, `known` False)."""
    found = _known_bodies(text, directory)
    initials = _initials(directory)
    for m in re.finditer(r"\b[A-Z]{2,6}\b", text):
        if m.group() in initials and _free(found, m.start(), m.end()):
            found.append(Mention(m.start(), m.end(), initials[m.group()], True))
    for start, end, canonical, _ in fuzzy_spans(text, directory.names, found, FUZZY_CUTOFF):
        found.append(Mention(start, end, canonical, True))
    found += _shortened(text, directory, found)
    found += _shaped_bodies(text, found)
    found += _lower_listed(text, found)
    found += _slotted_bodies(text, found)
    short = [(m, known_by_first_word(m.name, directory) if not m.known else None) for m in found]
    found = [Mention(m.start, m.end, c, True) if c else m for m, c in short]  # "Labour"
    return sorted(found, key=lambda m: m.start)


def find_people(text: str, people: Mapping[str, str], directory: Directory) -> list[Mention]:
    """People named: known ones by full name in any case, misspelt, by a familiar first name
    ("Bill") or by surname alone; unknown ones by the shape of a name where a person stands
    ("Who is Ada Lovelace?"). `known` says whether `people` maps them to a body."""
    found = [
        Mention(m.start(), m.end(), _full(m.group(), people), True)
        for m in _compiled(tuple(sorted(people))).finditer(text)
        if people
    ]
    variants: dict[str, str] = {}
    for full in people:
        first, *rest = full.split()
        variants[full] = full
        for nick, formal in NICKNAMES.items():
            if formal == first.lower() and rest:
                variants[" ".join([nick, *rest])] = full
    for start, end, full, _ in fuzzy_spans(text, variants, found, PERSON_CUTOFF):
        found.append(Mention(start, end, full, True))
    for surname, full in directory.surnames.items():
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(surname)}\b", text):
            previous = re.search(r"([A-Z][\w'’-]*)\s+$", text[: m.start()])
            if previous and previous.group(1).lower() not in _STOP:
                continue  # "Oonagh Smith" is not "Kathryn Smith" by her surname
            if full in people and _free(found, m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), full, True))
    for m in _PERSON_SLOT.finditer(text):
        name = m.group(1)
        words = {w.lower() for w in re.split(r"[ -]", name)}
        if _free(found, m.start(1), m.end(1)) and not words & _NOT_PERSON_WORDS:
            found.append(Mention(m.start(1), m.end(1), name, False))
    return sorted(found, key=lambda m: m.start)


def _full(typed: str, people: Mapping[str, str]) -> str:
    key = _norm(typed)
    return next((p for p in people if _norm(p) == key), typed)
