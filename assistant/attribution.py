"""Who is speaking in each sentence, and for which body.

Rules, in order of precedence, for each sentence of a source:
1. reader comments speak for nobody (kind `reader-comment`);
2. an explicit attribution: a speech verb ("said", "warned", "argued", "points out"...) with a
   person or body named outside the quoted words, a bracketed body after a quote
   ("... (Royal College of Physicians)"), or "For the County Councils Network, Tett said";
3. a pronoun with a speech verb ("But he added:") continues the last named speaker;
4. a sentence inside a quotation, or a quoted paragraph after an introducer ending in ':',
   belongs to whoever the quotation was attributed to (unknown if nobody was named);
5. first-person sentences ("We welcome...") and everything else in a document written by a body
   speak for that body; in news, the reporter speaks for nobody.
People map to bodies through knowledge/bodies.yaml, through a body named beside them in the same
sentence ("Saffron Cordery, deputy chief executive of NHS Providers"), or by surname once named.
Organisations not in bodies.yaml are found by the shape of their names. No rule names a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from assistant.models import Sentence, Source

SPEECH = re.compile(
    # "warning" only as a verb ("..., warning that"), not the noun ("an early warning of").
    r"\b(said|says|say|added|adds|warned|warns|warning(?= that|:)|stressed|stresses|argued|"
    r"argues|told|"
    r"noted|notes|explained|commented|welcomed|welcomes|highlighted|highlights|raised|suggested|"
    r"states?|stated|stating|advised?|advises|asks?|asked|concluded?|concludes|believes?|"
    r"points? out|pointed out|describing|described|describes|calls? for|called for|echoed|"
    r"urged|urges|cautioned|claimed|claims|insisted|insists|according to|response|responded|"
    r"has long argued|sets? out|set out)\b",
    re.IGNORECASE,
)
# "are suggested", "was raised", "has been highlighted": a passive verb names no speaker unless
# a "by" follows, so it is not taken as an attribution.
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PRONOUN_SPEECH = re.compile(
    r"^(?:\W*(?:but|and|however|meanwhile|also),?\s+)?(he|she|they)\b", re.IGNORECASE
)
_PRONOUN_AFTER_QUOTE = re.compile(
    r"[”\"]\s*,?\s*(he|she|they)\s+(added|said|says|warned|stressed|"
    r"argued|continued|noted)\b",
    re.IGNORECASE,
)
# What the government or its white paper says, proposes or promises is the government's position.
_GOVERNMENT_VERBS = (
    r"said|says|states|stated|sets? out|insisted|claims|claimed|argues|advises|defined|defines|"
    r"proposes|proposed|promises|promised|commits|committed|encourages|indicates|outlines|outlined|envisages|"
    r"expects|describes|described|offers|wants|recognises|acknowledges|announced|announces"
)
_GOVERNMENT_NAMES = r"(the (?:uk )?government|ministers|the white ?paper|dhsc)"
_GOVERNMENT_SPEECH = re.compile(
    rf"\b{_GOVERNMENT_NAMES}(?:\W+\w+){{0,4}}?\W+({_GOVERNMENT_VERBS})\b"
    # as the subject of the sentence, it may be described at more length before its verb
    rf"|^\W*{_GOVERNMENT_NAMES}(?:\W+\w+){{0,8}}?\W+({_GOVERNMENT_VERBS})\b",
    re.IGNORECASE,
)
# "It promises a review ...", straight after the white paper was reported: still the government.
_GOVERNMENT_PRONOUN = re.compile(
    rf"^\W*(?:it|they|the (?:paper|document))\s+(?:also\s+)?({_GOVERNMENT_VERBS})\b",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"^\W*(while|whilst|although|though|despite|even if)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"^\W*(we|we[’']re|we[’']ve|our|i|i[’']m|us)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(
    r"\b(the (?:uk )?government|ministers|the white ?paper|whitehall|"
    r"the department|dhsc)\b",
    re.IGNORECASE,
)
_ORG_HEAD = (
    r"(?:Association|Society|Council|Councils|Network|Trust|Foundation|College|Institute|"
    r"Confederation|Commission|Federation|Union|Centre|Center|Alliance|Partnership|"
    r"Providers|Forum|Agency|Group|Excellence|Nursing|Healthwatch)"
)
# A name that runs on into another capitalised word ("Health and Social Care Levy") is not a body.
_ORG = re.compile(
    r"\b(?:[A-Z][\w’'&-]+\s+(?:(?:of|for|and|&|on)\s+)?){1,5}" + _ORG_HEAD + r"\b(?!\s+[A-Z][a-z])"
)
_PERSON = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z’'-]+){1,2})\b")
# A quotation, or one that runs on past the end of the sentence ('She added: "Care homes ...').
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*’(?!\w)")
# "Full Name of a Body (FNB)": the document's own short name for a body.
_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
# "**Anjali Raman:** ..." or "Q: ..." at the start of a paragraph: an interview's speaker label.
_SPEAKER_LABEL = re.compile(r"^\W*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*:\**\s")
_NOT_A_PERSON = re.compile(r"(?:The|This|That|These|Those|Our|Its|Their|Ministers)\b")
_INTERVIEWER = frozenset({"Q", "Question", "Interviewer"})
# "Dr Anjali Raman, chief executive of ...": a person introduced with their role at a body.
_ROLE_OF = re.compile(r",\s+(?:[\w'’-]+\s+){0,8}?(?:of|at|for|from)\s+(?:the\s+)?")
_BRACKET_BODY = re.compile(r"[”\"]\s*\(([^()]{3,80})\)\s*$")


@dataclass
class Directory:
    """Canonical body names, their aliases and known people, from knowledge/bodies.yaml."""

    names: dict[str, str] = field(default_factory=dict)  # lower-cased name or alias -> canonical
    people: dict[str, str] = field(default_factory=dict)  # full name -> canonical body
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> full name
    kinds: dict[str, str] = field(default_factory=dict)  # canonical -> kind (government, ...)
    government: str = "Department of Health and Social Care"

    @classmethod
    def load(cls, path: Path) -> Directory:
        directory = cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        for body in (data or {}).get("bodies", []):
            name = body["name"]
            directory.kinds[name] = str(body.get("kind") or "")
            for alias in [name, *(body.get("aliases") or [])]:
                directory.names[alias.lower().replace("’", "'")] = name
            if body.get("kind") == "media":
                continue  # reporters speak for nobody
            for person in body.get("people") or []:
                full = person["name"] if isinstance(person, dict) else person
                directory.people[full] = name
                directory.surnames.setdefault(full.split()[-1], full)
        return directory

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
            for m in re.finditer(rf"(?<![\w]){re.escape(alias)}(?![\w])", lowered):
                if (
                    alias.isupper()
                    or alias != alias.lower()
                    or len(alias) > 4
                    or text[m.start() : m.end()].isupper()
                ):
                    end = m.end()
                    if m.start() not in found or found[m.start()][0] < end:
                        found[m.start()] = (end, canonical)
        for m in _ORG.finditer(text):
            start = m.start() + (4 if text[m.start() :].startswith("The ") else 0)
            if not any(s <= m.start() < e for s, (e, _) in found.items()):
                found[start] = (m.end(), self.canonical(text[start : m.end()]) or "")
        kept: list[tuple[int, int, str]] = []
        for s, (e, name) in sorted(found.items()):
            if kept and s < kept[-1][1]:
                if e > kept[-1][1]:  # "the Department of Health" inside "... and Social Care"
                    kept[-1] = (kept[-1][0], e, name)
                continue
            kept.append((s, e, name))
        return [span for span in kept if span[2]]

    def with_document_names(self, text: str) -> Directory:
        """A copy that also knows the short names a document defines ("... Union (UHCWU)")."""
        extra: dict[str, str] = {}
        for m in _DEFINED_ACRONYM.finditer(text):
            before = text[max(0, m.start() - 160) : m.start()].rstrip()
            spans = self.name_spans(before)
            if spans and spans[-1][1] == len(before) and m.group(1).lower() not in self.names:
                extra[m.group(1).lower()] = spans[-1][2]
        return replace(self, names={**self.names, **extra}) if extra else self

    def bodies_in(self, text: str) -> list[tuple[int, str]]:
        """(position, canonical name) of every body named in text, known or by shape."""
        return [(s, name) for s, _, name in self.name_spans(text)]

    def without_names(self, text: str) -> str:
        """The text with body names blanked, so "Local Government Association" is not 'local'."""
        for start, end, _ in reversed(self.name_spans(text)):
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
        return sorted(set(found))


def _outside_quotes(text: str) -> str:
    """The text with quoted words blanked out (same length, so positions still line up)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


@dataclass
class _State:
    speaker: str | None = None
    body: str | None = None
    named: dict[str, str] = field(default_factory=dict)  # people named so far -> body
    in_quote: bool = False
    quote_owner: tuple[str | None, str | None] = (None, None)
    introducer: tuple[str | None, str | None] | None = None
    last_body: str | None = None  # the body named most recently, for "its director, ..."
    labelled: tuple[str | None, str | None] | None = None  # this paragraph's "Name:" speaker


def _speech_verb(text: str) -> re.Match[str] | None:
    """The first speech verb that names a speaker: not a passive without "by"."""
    for m in SPEECH.finditer(text):
        passive = _PASSIVE.search(text[: m.start()])
        if not passive or re.match(r"\s+by\b", text[m.end() :]):
            return m
    return None


def _explicit(text: str, directory: Directory, state: _State) -> tuple[str | None, str] | None:
    """Speaker and body named in this sentence as its source, if any."""
    bracket = _BRACKET_BODY.search(text)
    if bracket:
        body = directory.canonical(bracket.group(1))
        if body:
            return None, body
    plain = _outside_quotes(text)
    verb = _speech_verb(plain)
    has_quote = plain != text
    government = _GOVERNMENT_SPEECH.search(plain)
    if state.body == directory.government and _GOVERNMENT_PRONOUN.match(plain):
        return None, directory.government
    if not (verb or government) and not (has_quote and re.search(r"[,:]\s*[“\"]", text)):
        return None
    bodies = directory.bodies_in(plain)
    people = directory.people_in(plain, state.named)
    if not people:
        named_bodies = directory.name_spans(plain)
        for m in _PERSON.finditer(plain):
            name = m.group(1)
            if any(s <= m.start() < e for s, e, _ in named_bodies):
                continue  # "... Health and Social Care said" is a body, not a person
            if (
                re.search(rf"(said|added|warned|by)\s+{re.escape(name)}", plain)
                or re.search(rf"{re.escape(name)},\s+[a-z]", plain)
                or SPEECH.match(plain, m.end() + 1)
            ) and not (directory.bodies_in(name) or _NOT_A_PERSON.match(name)):
                people.append((m.start(), name))
    at = verb.start() if verb else len(plain)
    if (
        government
        and not any(pos < government.end() for pos, _ in people + bodies)
        and not (_FIRST_PERSON.match(text) or _SUBORDINATE.match(text))
    ):
        return None, directory.government  # "The white paper states that the CQC will ..."
    if people:
        pos, person = min(people, key=lambda p: abs(p[0] - at))
        body = (
            directory.people.get(person)
            or state.named.get(person)
            or (min(bodies, key=lambda b: abs(b[0] - pos))[1] if bodies else None)
        )
        possessive = re.search(r"\b(?:its|their)\b", plain[:pos], re.IGNORECASE)
        if not body and possessive and state.last_body:
            body = state.last_body  # "Its director, Owen Pryce, said: ..."
        if body:
            state.named[person] = body
            return person, body
    if bodies:
        before = [b for b in bodies if b[0] <= at]
        return None, (before[-1] if before else bodies[0])[1]
    return None


def _learn_roles(plain: str, directory: Directory, state: _State) -> None:
    """Remember people introduced with a role at a body, so their answers can be attributed."""
    spans = directory.name_spans(plain)
    for m in _PERSON.finditer(plain):
        role = _ROLE_OF.match(plain, m.end())
        body = next((n for s, _, n in spans if role and s == role.end()), None)
        if body and m.group(1) not in directory.people:
            state.named.setdefault(m.group(1), body)


def _speaker_label(
    text: str, directory: Directory, state: _State, own: tuple[str | None, str | None]
) -> tuple[str | None, str | None] | None:
    """The speaker an interview paragraph is labelled with ("**Anjali Raman:**", "Q:"), if any."""
    label = _SPEAKER_LABEL.match(text)
    if not label:
        return None
    if label.group(1) in _INTERVIEWER:
        return own  # the interviewer: the publisher's own voice
    people = directory.people_in(label.group(1), state.named)
    if not people:
        return None  # "Purpose:", "Recommendation 2:" are headings, not speakers
    person = people[0][1]
    return person, directory.people.get(person) or state.named.get(person)


def attribute_speakers(
    source: Source, spans: list[tuple[int, int, bool]], directory: Directory
) -> list[Sentence]:
    """Speaker and body for each (start, end, is_reader_comment) sentence span of a source."""
    own_body = directory.canonical(source.speaks_for)
    own_speaker = source.author.split(",")[0].strip() if source.author and own_body else None
    directory = directory.with_document_names(source.text)
    state = _State()
    previous_end = 0
    result: list[Sentence] = []
    for start, end, reader_comment in spans:
        text = source.text[start:end]
        new_paragraph = "\n" in source.text[previous_end:start]
        previous_end = end
        if reader_comment or source.kind == "reader-comment":
            result.append(Sentence(start=start, end=end))
            state = _State(named=state.named)
            continue
        if source.kind in ("white-paper", "digest"):
            # The official text is the government's own position; the digest is a summary of
            # it written for the assistant, so it speaks for nobody.
            body = directory.government if source.kind == "white-paper" else None
            result.append(Sentence(start=start, end=end, body=body))
            continue
        opens_quote = bool(re.match(r"^\W{0,3}[“\"]", text))
        _learn_roles(_outside_quotes(text), directory, state)
        if new_paragraph or not result:
            own = (own_speaker, own_body) if source.kind != "news" else (None, None)
            state.labelled = _speaker_label(text, directory, state, own)
        speaker, body = None, None
        first_person = source.kind != "news" and not opens_quote and _FIRST_PERSON.match(text)
        found = None if first_person else _explicit(text, directory, state)
        plain = _outside_quotes(text)
        if found:
            speaker, body = found
        elif state.labelled is not None:
            speaker, body = state.labelled
        elif first_person:
            speaker, body = own_speaker, own_body
        elif state.body and (
            (_PRONOUN_SPEECH.match(text) and SPEECH.search(plain))
            or _PRONOUN_AFTER_QUOTE.search(text)
        ):
            speaker, body = state.speaker, state.body
        elif state.in_quote and not new_paragraph:
            speaker, body = state.quote_owner
        elif opens_quote and state.introducer is not None:
            speaker, body = state.introducer
        elif opens_quote and source.kind != "news":
            speaker, body = None, None  # a quotation nobody is named for is nobody's view
        else:
            speaker, body = (own_speaker, own_body) if source.kind != "news" else (None, None)

        if found or (body and body != own_body):
            state.speaker, state.body = speaker, body
        continued = state.in_quote and not new_paragraph
        opened = text.count("“") - text.count("”")
        if opened > 0 and not continued:
            state.in_quote, state.quote_owner = True, (speaker, body)
        elif opened < 0 or (new_paragraph and not opens_quote):
            state.in_quote = False
        if text.rstrip().endswith(":"):
            named = [b for _, b in directory.bodies_in(plain) if b != own_body]
            government = _GOVERNMENT.search(text) and not _FIRST_PERSON.match(text)
            state.introducer = (
                (speaker, body)
                if found
                else (None, named[-1])
                if named
                else (None, directory.government)
                if government
                else (None, None)
            )
        elif found or opens_quote or continued:
            state.introducer = (speaker, body)
        else:
            state.introducer = None
        named_here = directory.bodies_in(plain)
        if named_here:
            state.last_body = named_here[-1][1]
        result.append(Sentence(start=start, end=end, speaker=speaker, body=body))
    return result
