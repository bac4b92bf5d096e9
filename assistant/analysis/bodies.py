"""The sector bodies the assistant knows, and finding bodies named in text.

knowledge/bodies.yaml gives canonical names, aliases, kinds and known people. Bodies that are
not listed are found by the shape of their names ("... Association", "... Trust"), and a
document's own short names ("Union (UHCWU)") are learnt from the document, so new responses
need no change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

_ORG_HEAD = (
    r"(?:Association|Society|Council|Councils|Network|Trust|Foundation|College|Institute|"
    r"Confederation|Commission|Federation|Union|Centre|Center|Alliance|Partnership|"
    r"Providers|Forum|Agency|Group|Excellence|Nursing|Healthwatch|Board|Committee|Home Care|"
    r"Homes?|Hospice|Surgery|Guild|Coalition|Consortium|Collaborative|Party)"
)
_CAPITALISED = r"[A-Z][\w’'&-]+"
_GAP = r"[ \t]+"
_TITLES = frozenset(
    {
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Professor",
        "Prof",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Baroness",
        "Councillor",
        "Cllr",
        "Rev",
    }
)
_LEADING_WORD = re.compile(
    r"(?:(?:The|At|For|In|On|From|With|By|To|And|But|As|Of)\s+)?"
    # "Leader of Thornmere Council": a role, then the body
    r"(?:(?:Leader|Chair|Chairman|Director|President|Head|Member|Secretary|Executive|Officer)"
    r"\s+of\s+(?:the\s+)?)?"
)
_ORG = re.compile(  # a name never runs across a line break
    # "Society of Local Authority Treasurers", "Royal College of Physicians"
    rf"\b(?:{_CAPITALISED}{_GAP}){{0,3}}{_ORG_HEAD}{_GAP}(?:of|for){_GAP}(?:the{_GAP})?{_CAPITALISED}"
    rf"(?:{_GAP}(?:(?:and|&|of|for|in){_GAP})?{_CAPITALISED})*"
    # "Home Care Alliance"; one that runs on into another capitalised word ("Health and Social
    # Care Levy") is not a body
    rf"|\b(?:{_CAPITALISED}{_GAP}(?:(?:of|for|and|&|on){_GAP})?){{1,5}}{_ORG_HEAD}\b"
    rf"(?!{_GAP}[A-Z][a-z])"
)
# "Full Name of a Body (FNB)": the document's own short name for a body.
_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
# "Ingrid Solberg, senior director for public finance at Castlegate Ratings": a person's role at
# an organisation whose name has no telling last word; the sentence's shape says it is one.
# "Harriet Mbeki-Ross is director of place at ...", "Hamish Reid, who owns Lindenfield House".
_WORKPLACE = re.compile(
    rf"\b[A-Z][a-z]+(?:{_GAP}[A-Z][\w’'-]+){{1,2}}(?:,|{_GAP}is){_GAP}"
    rf"(?:(?:[a-z][\w’'-]*{_GAP}){{1,6}}?(?:at|of)|who{_GAP}(?:owns|runs|manages|leads|chairs|founded))"
    rf"{_GAP}(?:the{_GAP})?"
    rf"((?:{_CAPITALISED}{_GAP}(?:(?:and|of|&){_GAP})?){{1,6}}{_CAPITALISED})"
    rf"(?=[,.;]|{_GAP}(?!(?:and|of)\b)[a-z])"
)
# "**Tomasz Wieczorek, managing director, Helixcare Systems**": a byline naming a workplace.
_BYLINE_WORKPLACE = re.compile(
    rf"^[*_ \t—–-]*[A-Z][a-z]+(?:{_GAP}[A-Z][\w’'-]+){{1,2}},"  # "**Tomasz Wieczorek,"
    rf"{_GAP}(?:[a-z][\w’'-]*(?:{_GAP})?){{1,6}},"  # " managing director,"
    rf"{_GAP}((?:{_CAPITALISED}{_GAP}(?:(?:and|of|&){_GAP})?){{0,4}}{_CAPITALISED})[*_ \t]*$",
    re.MULTILINE,
)
# "LGA's " or "Councils' " inside a name by shape: where an owner's name may end.
_POSSESSIVE = re.compile(r"(?<=\w)(?:['’]s|s['’])(?=[ \t])")
# "Hearthside's Janet Okafor": a body's first word as its short name, before a person's name.
_POSSESSIVE_SHORT_NAME = re.compile(rf"\b([A-Z][\w-]+)['’]s{_GAP}[A-Z][a-z]+{_GAP}[A-Z]")


@dataclass
class Directory:
    """Canonical body names, their aliases and known people, from knowledge/bodies.yaml."""

    names: dict[str, str] = field(default_factory=dict)  # lower-cased name or alias -> canonical
    people: dict[str, str] = field(default_factory=dict)  # full name -> canonical body
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    kinds: dict[str, str] = field(default_factory=dict)  # canonical -> kind (government, ...)
    # lower-cased name or alias -> as it is written ("Community Care", "CfGS"), see _as_written
    forms: dict[str, str] = field(default_factory=dict)
    # lower-cased name -> canonical, for names only a question uses of a body ("the Secretary
    # of State" asks about the department's minister; in prose it is often a line of
    # accountability, so it is not looked for in documents)
    asked_as: dict[str, str] = field(default_factory=dict)
    government: str = "Department of Health and Social Care"

    @classmethod
    def load(cls, path: Path) -> Directory:
        directory = cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        for body in (data or {}).get("bodies", []):
            name = body["name"]
            directory.kinds[name] = str(body.get("kind") or "")
            for alias in [name, *(body.get("aliases") or [])]:
                directory.names[_key(alias)] = name
                directory.forms.setdefault(_key(alias), alias)
            for alias in body.get("asked_as") or []:
                directory.asked_as[_key(alias)] = name
            if body.get("kind") == "media":
                continue  # reporters speak for nobody
            for person in body.get("people") or []:
                full = person["name"] if isinstance(person, dict) else person
                directory.people[full] = name
                directory.surnames.setdefault(full.split()[-1], full)
        return directory

    def is_news_publisher(self, body: str | None) -> bool:
        """A publisher of news (kind `media`) speaks for nobody: what its reporters write is
        theirs, and a quotation it prints is the view of whoever it quotes, never its own."""
        return self.kinds.get(body or "") == "media"

    def is_government(self, body: str | None) -> bool:
        """The government speaks for its own proposals; answers show it apart from respondents."""
        return body == self.government or self.kinds.get(body or "") == "government"

    def canonical(self, name: str | None) -> str | None:
        """The canonical form of a body's name, trying 'Name (ABBR)' both ways."""
        if not name:
            return None
        name = name.strip()
        for candidate in (
            name,
            re.sub(r"\s*\([^)]*\)\s*$", "", name),
            *re.findall(r"\(([^)]*)\)", name),
        ):
            key = candidate.lower().replace("’", "'")
            if key in self.names:
                return self.names[key]
        return (
            re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            if name.lower().startswith("the ") and name.lower() not in self.names
            else name
        )

    def name_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of every body named in text, known or by shape."""
        found: dict[int, tuple[int, str]] = {}
        lowered = text.lower().replace("’", "'")
        for alias, canonical in self.names.items():
            written = self.forms.get(alias) or (canonical if _key(canonical) == alias else None)
            for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", lowered):
                if _as_written(text[m.start() : m.end()], written):
                    end = m.end()
                    if m.start() not in found or found[m.start()][0] < end:
                        found[m.start()] = (end, canonical)
        for m in _ORG.finditer(text):
            lead = _LEADING_WORD.match(text, m.start())  # "The ...", "At Kestrel Hill Hospice"
            start = lead.end() if lead else m.start()
            if re.fullmatch(_ORG_HEAD, text[start : m.end()]):
                continue  # "The College believes": a body referred to by its kind, not named
            owner = self._owner(text[start : m.end()])
            if owner:  # "the LGA's Community Wellbeing Board" is part of the LGA
                found.setdefault(start, (start + len(owner), self.canonical(owner) or ""))
                continue
            # a longer name by shape wins over a name it starts with ("Pryor Lane Partnership")
            longer = (
                start in found
                and found[start][0] < m.end()
                and not re.search(r"\band\b|&", text[found[start][0] : m.end()])  # two bodies
            )
            if longer or not any(s <= m.start() < e for s, (e, _) in found.items()):
                found[start] = (m.end(), self.canonical(text[start : m.end()]) or "")
        kept: list[tuple[int, int, str]] = []
        for s, (e, name) in sorted(found.items()):
            if kept and s < kept[-1][1]:
                if e > kept[-1][1]:  # "the Department of Health" inside "... and Social Care"
                    kept[-1] = (kept[-1][0], e, name)
                continue
            kept.append((s, e, name))
        return [span for span in kept if span[2]]

    def _owner(self, name: str) -> str | None:
        """The body that owns a part of itself named after it ("the Shire Association's
        Community Wellbeing Board", "the LGA's ..."), if the name has one. A plural owner
        ("Care Providers' Guild") is taken only when it is a body already known."""
        for m in _POSSESSIVE.finditer(name):
            plural = m.group().startswith("s")  # "Care Providers' Guild" is one body's name
            owner = name[: m.start()] + ("s" if plural else "")
            if _key(owner) in self.names or (not plural and _ORG.fullmatch(owner)):
                return owner
        return None

    def defined_names(self, text: str) -> dict[str, str]:
        """Names a document gives bodies that hold beyond it: short names it defines ("... Union
        (UHCWU)") and organisations it names as someone's workplace ("director at Castlegate
        Ratings"); lower-cased name -> canonical name."""
        extra: dict[str, str] = {}
        for m in [*_WORKPLACE.finditer(text), *_BYLINE_WORKPLACE.finditer(text)]:
            name = m.group(1)
            possessive = re.search(r"['’]s\b", name)  # "the HCSF's Wakefield branch"
            if not self.name_spans(name) and len(name.split()) > 1 and not possessive:
                extra[name.lower().replace("’", "'")] = name
        known = replace(self, names={**self.names, **extra})
        for m in _DEFINED_ACRONYM.finditer(text):
            before = text[max(0, m.start() - 160) : m.start()].rstrip()
            spans = known.name_spans(before)
            if spans and spans[-1][1] == len(before) and m.group(1).lower() not in self.names:
                extra[m.group(1).lower()] = spans[-1][2]
        return extra

    def corpus_names(self, texts: Iterable[str]) -> dict[str, str]:
        """The names documents define, where no two documents define one differently, so a
        question or `--body IPEP` finds the body its own response calls IPEP."""
        found: dict[str, set[str]] = {}
        for text in texts:
            for name, canonical in self.defined_names(text).items():
                found.setdefault(name, set()).add(canonical)
        return {name: next(iter(c)) for name, c in sorted(found.items()) if len(c) == 1}

    def with_names(self, names: dict[str, str]) -> Directory:
        """A copy that also knows these (lower-cased name -> canonical) names."""
        return replace(self, names={**names, **self.names}) if names else self

    def with_document_names(self, text: str) -> Directory:
        """A copy that also knows the names a document gives bodies: those it defines (see
        `defined_names`), the end of a body's name used alone after the whole ("the Patients'
        Forum" after "Hollinsford Patients' Forum") and a body's first word used as a name
        ("Hearthside's Janet Okafor", when one body named in the document starts with it);
        a shortened form ("Ashworth Vale Council" for "Ashworth Vale Metropolitan Borough
        Council") is the one body it shortens."""
        extra = self.defined_names(text)
        known = replace(self, names={**self.names, **extra})
        named = {name for _, _, name in known.name_spans(text)}
        forms: dict[str, str] = {}
        for short in named:
            longer = {n for n in named if n != short and _shortened(short, n)}
            if len(longer) == 1 and short.lower() not in self.names:
                extra[_key(short)] = longer.pop()
                forms[_key(short)] = short
        for m in _POSSESSIVE_SHORT_NAME.finditer(text):
            word = m.group(1)
            bodies = {name for name in named if name.split()[0] == word}
            if len(bodies) == 1 and word.lower() not in self.names:
                extra[word.lower()] = bodies.pop()
                forms[word.lower()] = word
        if not extra:
            return self
        return replace(self, names={**self.names, **extra}, forms={**forms, **self.forms})

    def with_bodies(self, names: Iterable[str]) -> Directory:
        """A copy that also recognises these canonical names ("Public Policy Projects"), such as
        every body the positions table has a row for, whatever the shape of its name."""
        return self.with_names({n.lower().replace("’", "'"): n for n in names if n})

    def bodies_in(self, text: str) -> list[tuple[int, str]]:
        """(position, canonical name) of every body named in text, known or by shape."""
        return [(s, name) for s, _, name in self.name_spans(text)]

    def without_names(self, text: str) -> str:
        """The text with body names blanked, so "Local Government Association" is not 'local'.
        A regulator's name stays: naming the regulator is what makes a sentence about regulation."""
        for start, end, name in reversed(self.name_spans(text)):
            if self.kinds.get(name) != "regulator":
                text = text[:start] + " " * (end - start) + text[end:]
        return text

    def people_in(self, text: str, named: dict[str, str]) -> list[tuple[int, str]]:
        """(position, full name) of people named in text: known, earlier in the doc, or by shape."""
        found: list[tuple[int, str]] = []
        for full in list(self.people) + list(named):
            for m in re.finditer(rf"\b{re.escape(full)}\b", text):
                found.append((m.start(), full))
        for surname, full in {**self.surnames, **{n.split()[-1]: n for n in named}}.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
                if not any(s <= m.start() < s + len(f) for s, f in found):
                    found.append((m.start(), full))
        # "Gareth said ...": a first name, where only one person named so far has it
        first: dict[str, list[str]] = {}
        for full in named:
            if full.split()[0] not in _TITLES and len(full.split()) > 1:
                first.setdefault(full.split()[0], []).append(full)
        for name, fulls in first.items():
            for m in re.finditer(rf"\b{re.escape(name)}\b(?!\s+[A-Z])", text):
                if len(fulls) == 1 and not any(s <= m.start() < s + len(f) for s, f in found):
                    found.append((m.start(), fulls[0]))
        return sorted(set(found))


def _key(name: str) -> str:
    """A name as the directory looks it up: lower case, one kind of apostrophe."""
    return name.lower().replace("’", "'")


def _as_written(found: str, written: str | None) -> bool:
    """Whether words found in text are the name, written as the name is written.

    Many names are also ordinary phrases ("community care commissioned by councils", "skills
    for care staff", "the lowdown on ..."), so every word of a name that has a capital must be
    written exactly so in the text, which also keeps acronyms ("LGA", "CfGS") to their case; a
    leading "the" may be either case, and text in capitals throughout (a heading) matches. A
    name whose written form is not known (one a document defined) needs a capital somewhere.
    """
    if found.isupper():
        return True
    if written is None:
        return found != found.lower()
    words, name = found.split(), written.split()
    if len(words) != len(name):
        return False
    return all(
        w == w.lower()
        or (i == 0 and w.lower() == "the")
        or f.replace("’", "'") == w.replace("’", "'")
        for i, (f, w) in enumerate(zip(words, name, strict=True))
    )


def _shortened(short: str, name: str) -> bool:
    """Whether `short` is `name` with words left out: its end ("Patients' Forum" of "Hollinsford
    Patients' Forum"), its start ("Hartwell Dunmore" of "Hartwell Dunmore Advisory"), or its
    first and last words kept ("Ashworth Vale Council")."""
    if name.endswith(" " + short) or name.startswith(short + " "):
        return True
    words, full = short.split(), name.split()
    return (
        len(words) < len(full)
        and words[0] == full[0]
        and words[-1] == full[-1]
        and set(words) <= set(full)
    )
