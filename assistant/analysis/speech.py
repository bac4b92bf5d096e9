"""Who a sentence names as its source: the sentence-level rules of attribution.

A speech verb with a person or body named outside the quoted words ("said Hugh Alderwick, head of
policy at the Health Foundation"), a bracketed body after a quotation, the government reported
("the white paper states"), a body referred to by its kind ("the alliance said") or its
initials, and the people introduced with a role at a body, so later "Tett said" finds the County
Councils Network. `State` carries what one document has said so far from sentence to sentence;
assistant/analysis/attribution.py walks the document and adds what its layout shows
(interview labels, headings, bylines, lists).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from assistant.analysis.bodies import Directory
from assistant.analysis.names import PERSON, not_a_person
from assistant.analysis.reporting import GOVERNMENT_PRONOUN, GOVERNMENT_SPEECH
from assistant.models import Source

SPEECH = re.compile(
    # "warning" only as a verb ("..., warning that"), not the noun ("an early warning of").
    r"\b(said|says|say|added|adds|warned|warns|warning(?= that|:)|stressed|stresses|argued|"
    r"argues|told|"
    r"noted|notes|explained|commented|welcomed|welcomes|highlighted|highlights|raised|suggested|"
    r"states?|stated|stating|advised?|advises|asks?|asked|concluded?|concludes|believes?|"
    r"points? out|pointed out|describing|described|describes|calls? for|called for|echoed|"
    r"urged|urges|cautioned|claimed|claims|insisted|insists|according to|response|responded|"
    r"has long argued|sets? out|set out|wants|concede[sd]?|admit(?:s|ted)|acknowledged|agreed|"
    r"questioned|called(?= (?:the|it|them|this)\b))\b",
    re.IGNORECASE,
)
# "are suggested", "was raised", "has been highlighted": a passive verb names no speaker unless
# a "by" follows, so it is not taken as an attribution.
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_ASKED_OF = re.compile(
    r"\b(?:urge[sd]?|ask(?:s|ed)?|call(?:s|ed)? (?:on|upon)|wants?|invites?|for|"
    r"press(?:es|ed)?)\s+$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?")
_ADDRESSING = re.compile(r"asks?|asked|urged|urges|told|calls? for|called for", re.IGNORECASE)
# "..., as the Health Foundation points out, ...": the writer's own point, with a source for it.
_CITED_IN_SUPPORT = re.compile(
    r"(?:^|[,;–—-]\s*|\band\s+)as\s+(?:[\w'’&-]+\s+){1,6}$", re.IGNORECASE
)
PRONOUN_SPEECH = re.compile(
    r"^(?:\W*(?:but|and|however|meanwhile|also),?\s+)?(he|she|they)\b", re.IGNORECASE
)
# "It said ...", "It also warned ...": "it" with a cue verb is the body quoted last (a person
# is never "it"); so is "Its chair said ...", someone the body's name stands for, unnamed.
PRONOUN_IT = re.compile(
    r"^\W*(?:(?:but|and|however|meanwhile),?\s+)?(?:it|(?-i:[Ii]ts(?:\s+[A-Za-z][a-z-]*){1,3}))\s+"
    rf"(?:also\s+|further\s+)?{SPEECH.pattern}",
    re.IGNORECASE,
)
PRONOUN_AFTER_QUOTE = re.compile(
    r"[”\"’]\s*,?\s*(he|she|they)\s+(added|said|says|warned|stressed|"
    r"argued|continued|noted|told|explained|admitted|insisted)\b"
    # "Every area would agree outcomes, she explained, and ...": the cue set off by commas
    r"|,\s*(he|she|they)\s+(?:add(?:s|ed)|said|says|warn(?:s|ed)|stress(?:es|ed)|argu(?:es|ed)|"
    r"continu(?:es|ed)|not(?:es|ed)|explain(?:s|ed)|admit(?:s|ted)|insist(?:s|ed)|"
    r"observ(?:es|ed)|conced(?:es|ed)|claim(?:s|ed)|suggest(?:s|ed)|points? out|pointed out|"
    r"told\s+\w+)\s*(?=[,.;])",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"^\W*(while|whilst|although|though|despite|even if)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"^\W*(we|we[’']re|we[’']ve|our|i|i[’']m|us)\b", re.IGNORECASE)
# A quotation, or one that runs on past the end of the sentence ('She added: "Care homes ...').
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*’(?!\w)")
# "The alliance said ...": a body referred to by the kind of body it is.
_DEFINITE_BODY = re.compile(
    r"\bthe (association|society|alliance|federation|network|union|council|trust|college|"
    r"institute|forum|group|partnership|committee|board|charity|organisation|body|foundation|"
    r"guild|coalition|consortium|confederation|collective|centre|commission)\b",
    re.IGNORECASE,
)
# "Dr Anjali Raman, chief executive of ...": a person introduced with their role at a body.
_ROLE_OF = re.compile(
    r",\s+(?:[\w'’-]+\s+){0,10}(?:of|at|for|from|with)\s+(?:the\s+)?"  # ", Head of Care at the"
    r"|,\s+(?:a|an|the)\s+"  # ", the Civic Party's health spokesperson"
    r"|\s+of\s+(?:the\s+)?"  # "Declan Ashworth of the Commonwealth Party"
    r"|,\s+"  # "Joseph Amankwah-Reid, Brackenford City Council's cabinet member"
    r"|\s+is\s+(?:[\w'’-]+\s+){0,6}(?:of|at|for|with)\s+(?:the\s+)?"  # " is director of place at"
    r"|,\s+who\s+(?:owns|runs|manages|leads|chairs|founded)\s+(?:the\s+)?"  # ", who owns"
)
# "At County Hall, " or "Back in Marchford, " before the sentence's subject.
_FRONTED = re.compile(r"\W*(?:At|In|Back in|Over in|Across|Meanwhile)\b[^,.;:]{0,40},\s+")
# "Councillor Anwar Shah, cabinet member for adult social care, said": a role, no body named.
_ROLE_WITHOUT_BODY = re.compile(
    r"[^,]{2,60},\s+(?:the\s+|its\s+)?(?:[a-z][\w'’-]*\s+){0,8}?"
    r"(?:member|leader|chair|chairman|chief executive|director|spokesperson|spokesman|"
    r"spokeswoman|secretary|president|officer|lead|manager)\b[^,]{0,60},\s+\w+"
)
# "Its chief executive, " just before a person's name: a role at the body named last.
_ITS_ROLE = re.compile(r"\b(?:[Ii]ts|[Tt]heir)\s+(?:[a-z][\w'’-]*\s+){1,4}?[a-z][\w'’-]*,\s+$")
# "said Idris Penhaligon, its spokesperson on adult social care": the same, after the name.
_ITS_ROLE_AFTER = re.compile(r",\s+(?:its|their)\s+(?:[a-z][\w'’-]*\s+){0,3}?[a-z][\w'’-]*\b")
# ", the council's director of adult social services": a role at a body named by its kind.
_ROLE_AT_DEFINITE = re.compile(r",\s+(the\s+\w+)['’]s\s+[A-Za-z]")
# ", the Minister for Care and Integration," (not a shadow minister): the government.
_MINISTER = re.compile(r",\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?<!shadow )[Mm]inister\b")
# "Care minister Jo Rowan", "Health Secretary Tobias Grant": the government's office first.
_MINISTER_BEFORE = re.compile(
    r"(?<![Ss]hadow )\b(?:[Hh]ealth|[Cc]are|[Ss]ocial [Cc]are|[Hh]ealth and [Ss]ocial [Cc]are)"
    r"\s+(?:[Mm]inister|[Ss]ecretary)\s+$"
)
_BRACKET_BODY = re.compile(r"[”\"]\s*\(([^()]{3,80})\)\s*$")


def outside_quotes(text: str) -> str:
    """The text with quoted words blanked out (same length, so positions still line up)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


@dataclass
class State:
    speaker: str | None = None
    body: str | None = None
    named: dict[str, str] = field(default_factory=dict)  # people named so far -> body
    in_quote: bool = False
    quote_owner: tuple[str | None, str | None] = (None, None)
    introducer: tuple[str | None, str | None] | None = None
    labelled: tuple[str | None, str | None] | None = None  # this paragraph's "Name:" speaker
    list_owner: tuple[str | None, str | None] | None = None  # who a list introduced is by
    in_list: bool = False
    person: tuple[str, str] | None = None  # the last person quoted, for "he" and "she"
    joint: list[str] = field(default_factory=list)  # bodies speaking with this sentence's body
    own_body: str | None = None  # the body whose document this is; None for news
    actor: tuple[str | None, str] | None = None  # the last speaker other than the government
    government_subject: bool = False  # the last sentence was about what the government did
    section: str | None = None  # the body a heading names ("## Home Care Alliance")
    contact: bool = False  # past a "Contact" or "Media enquiries" line: names there say nothing
    seen: list[str] = field(default_factory=list)  # bodies named so far, most recent last
    unclaimed: list[int] = field(default_factory=list)  # quotations nobody was named for yet
    just_said: str | None = None  # the body the previous sentence named as saying something

    @property
    def last_body(self) -> str | None:
        """The body named most recently, for "its director, ..."."""
        return self.seen[-1] if self.seen else None


def _speech_verb(text: str) -> re.Match[str] | None:
    """The first speech verb that names a speaker: not a passive without "by"."""
    for m in SPEECH.finditer(text):
        passive = _PASSIVE.search(text[: m.start()])
        if _CITED_IN_SUPPORT.search(text[: m.start()]):
            continue  # "as the Health Foundation points out, ...": the writer's point, with support
        if not passive or re.match(r"\s+by\b", text[m.end() :]):
            return m
    return None


def pronoun_source(text: str, plain: str, state: State) -> tuple[str | None, str | None] | None:
    """Who a pronoun with a cue verb refers back to: "it" is the body quoted last, "he" or
    "she" the last person quoted (never a body nobody was named for: the white paper is not
    "she"), "they" the last source; None when the sentence opens with no such pronoun."""
    if not state.body:
        return None
    if PRONOUN_IT.match(plain):
        return None, state.body
    pronoun = (PRONOUN_SPEECH.match(text) if SPEECH.search(plain) else None) or (
        PRONOUN_AFTER_QUOTE.search(text)
    )
    if not pronoun:
        return None
    if next(word for word in pronoun.groups() if word).lower() in ("he", "she"):
        return state.person or state.actor or (state.speaker, state.body if state.speaker else None)
    return state.speaker, state.body


Named = tuple[str | None, str]  # (speaker, body) a sentence names as its source


def named_source(text: str, directory: Directory, state: State) -> Named | None:
    """Speaker and body named in this sentence as its source, if any."""
    bracket = _BRACKET_BODY.search(text)
    if bracket:
        body = directory.canonical(bracket.group(1))
        if body:
            return None, body
    plain = outside_quotes(text)
    verb = _speech_verb(plain)
    government = GOVERNMENT_SPEECH.search(plain)
    if (state.body == directory.government or state.government_subject) and (
        GOVERNMENT_PRONOUN.match(plain)
    ):
        return None, directory.government
    if not (verb or government):
        subject = _person_as_subject(plain, directory, state)
        if subject:
            return subject
        has_quote = plain != text
        if not (has_quote and re.search(r"[,:]\s*[“\"]", text)):
            return None
    bodies = directory.bodies_in(plain)
    people = directory.people_in(plain, state.named) or _people_by_shape(
        plain, directory, verb, bodies
    )
    at = verb.start() if verb else len(plain)
    if verb and _ADDRESSING.fullmatch(verb.group()) and not any(b[0] <= at for b in bodies):
        bodies = []  # "ask the scrutiny committee to consider": the body asked is not speaking
    if government and _ASKED_OF.search(plain[: government.start()]):
        government = None  # "we urge the government to set out ...": asked, not saying
    if (
        government
        and not any(pos < government.end() for pos, _ in people + bodies)
        and not (FIRST_PERSON.match(text) or _SUBORDINATE.match(text))
    ):
        return None, directory.government  # "The white paper states that the CQC will ..."
    if people:
        person = _person_source(plain, directory, state, people, bodies, verb, at)
        if person:
            return person
    return _body_source(plain, directory, state, bodies, verb, at)


def _person_as_subject(plain: str, directory: Directory, state: State) -> Named | None:
    """A person known to speak for a body who opens the sentence, with no speech verb."""
    subject = directory.people_in(plain[:80], state.named)
    fronted = subject and _FRONTED.fullmatch(plain[: subject[0][0]])  # "At County Hall, "
    if subject and (subject[0][0] <= 4 or fronted):
        person = subject[0][1]  # "Rahman was, however, supportive of ..."
        body = directory.people.get(person) or state.named.get(person)
        if body:
            return person, body
    return None


def _people_by_shape(
    plain: str, directory: Directory, verb: re.Match[str] | None, bodies: list[tuple[int, str]]
) -> list[tuple[int, str]]:
    """People not met before, found by the shape of a name beside a speech verb."""
    people: list[tuple[int, str]] = []
    named_bodies = directory.name_spans(plain)
    for m in PERSON.finditer(plain):
        name = m.group(1)
        if any(s <= m.start() < e for s, e, _ in named_bodies):
            continue  # "... Health and Social Care said" is a body, not a person
        if (
            re.search(rf"(said|says|added|warned|told|by)\s+{re.escape(name)}", plain)
            or re.search(rf"\b(?:said|added)\s+[^.,]{{0,60}},\s+{re.escape(name)}\b", plain)
            or re.search(rf"{re.escape(name)},\s+[a-z]", plain)
            or SPEECH.match(plain, m.end() + 1)
            or (m.start() <= 4 and verb and not bodies)  # "Keith Dunmore, 74, ... said"
        ) and not (directory.bodies_in(name) or not_a_person(name)):
            people.append((m.start(), name))
    return people


def _person_source(
    plain: str,
    directory: Directory,
    state: State,
    people: list[tuple[int, str]],
    bodies: list[tuple[int, str]],
    verb: re.Match[str] | None,
    at: int,
) -> Named | None:
    """The person nearest the speech verb, and the body they speak for, if one can be told."""
    pos, person = min(people, key=lambda p: abs(p[0] - at))
    body = (
        directory.people.get(person)
        or state.named.get(person)
        or (min(bodies, key=lambda b: abs(b[0] - pos))[1] if bodies else None)
    )
    possessive = re.search(r"\b(?:its|their)\b", plain[:pos], re.IGNORECASE)
    if not body and possessive and state.last_body:
        body = state.last_body  # "Its director, Owen Pryce, said: ..."
    if not body:
        body = definite_body(plain, state) or state.section  # "president of the association"
    if not body and pos < at and state.own_body:
        body = state.own_body  # "Councillor Aske welcomed ..." in the council's own minutes
    if not body and pos < at and state.just_said and _ROLE_WITHOUT_BODY.match(plain, pos):
        # "Ravensby Borough Council says ... . Councillor Anwar Shah, cabinet member for
        # adult social care, said: ...": the body's own spokesperson
        body = state.just_said
    if body:
        state.named[person] = body
        return person, body
    if pos < at and not bodies and state.own_body is None and verb:
        state.person = person, None  # "Keith Dunmore, 74, said": he speaks for himself
    return None


def _body_source(
    plain: str,
    directory: Directory,
    state: State,
    bodies: list[tuple[int, str]],
    verb: re.Match[str] | None,
    at: int,
) -> Named | None:
    """The body (or bodies, jointly) speaking: named before the verb, or referred to by kind."""
    if bodies:
        before = [b for b in bodies if b[0] <= at]
        joint = _joint_speakers(plain, directory, at)
        if joint:
            state.joint = joint[1:]  # "Both the LGA and NHS Confederation advise ..."
            return None, joint[0]
        definite = None if before or not verb else definite_body(plain[:at], state)
        if definite:  # "The network welcomed plans for the Care Quality Commission to ..."
            return None, definite
        return None, (before[-1] if before else bodies[0])[1]
    definite = definite_body(plain[:at], state)
    if verb and definite:
        return None, definite
    return None


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _joint_speakers(plain: str, directory: Directory, at: int) -> list[str]:
    """Bodies named together as the subject of the speech verb at `at` ("Both the LGA and NHS
    Confederation advise ..."), or [] when the subject is not such a list."""
    plain = re.sub(r"\([A-Z]{2,8}\)", lambda m: " " * len(m.group()), plain)  # "(LGA)"
    spans = [span for span in directory.name_spans(plain) if span[1] <= at]
    if len(spans) < 2 or plain[spans[-1][1] : at].strip(" ()" + string.ascii_uppercase) not in (
        "",
        "both",
        "have",
        "have both",
        "both have",
        "jointly",
    ):
        return []
    joint = [spans[-1]]
    for span in reversed(spans[:-1]):
        between = plain[span[1] : joint[0][0]]
        if not _JOINED.fullmatch(between):
            break
        joint.insert(0, span)
    opening = plain[: joint[0][0]].strip().lower()
    if len(joint) < 2 or opening not in ("", "both", "both the", "the"):
        return []
    return list(dict.fromkeys(name for _, _, name in joint))


def definite_body(text: str, state: State, strict: bool = False) -> str | None:
    """The body "the alliance" (or "the ICB") refers to: the latest body of that kind ("...
    Alliance", "Institute of ..."), or with those initials, named so far; failing that, unless
    `strict`, the latest body named."""
    for acronym in _ACRONYM.findall(text):
        same = [b for b in state.seen if _initials(b).endswith(acronym)]
        if same:
            return same[-1]
    definite = _DEFINITE_BODY.search(text)
    if not definite or not state.seen:
        return None
    kind = definite.group(1).lower()
    same_kind = [b for b in state.seen if kind in b.lower().replace("’", "'").split()]
    if strict and not same_kind:
        return None
    return (same_kind or state.seen)[-1]


def learn_roles(plain: str, directory: Directory, state: State) -> None:
    """Remember people introduced with a role at a body, so their answers can be attributed."""
    spans = directory.name_spans(plain)
    for m in PERSON.finditer(plain):
        if directory.bodies_in(m.group(1)) or not_a_person(m.group(1)):
            continue  # "the Association's Community Wellbeing Board" is no person
        body = next((n for s, _, n in spans if _ROLE_OF.fullmatch(plain, m.end(), s)), None)
        if not body:  # "Hearthside's Janet Okafor"
            owner = [n for _, e, n in spans if re.fullmatch(r"['’]s\s+", plain[e : m.start()])]
            body = owner[0] if owner else None
        its = _ITS_ROLE.search(plain[: m.start()]) or _ITS_ROLE_AFTER.match(plain, m.end())
        if not body and state.last_body and its:
            body = state.last_body  # "Its chief executive, Morwenna Tregarthen, spent ..."
        definite = _ROLE_AT_DEFINITE.match(plain, m.end())
        if not body and definite:
            body = definite_body(definite.group(1), state, strict=True)
        if not body and (
            _MINISTER.match(plain, m.end()) or _MINISTER_BEFORE.search(plain[: m.start()])
        ):
            body = directory.government  # "Rosalind Tremayne, the Minister for Care, ..."
        if body and m.group(1) not in directory.people:
            state.named.setdefault(m.group(1), body)


def author_as_speaker(source: Source, own_body: str | None, directory: Directory) -> str | None:
    """The person who speaks a body's own document: its author, unless the author is the body
    itself (an unsigned briefing is the body speaking, with no person behind it)."""
    if not source.author or not own_body:
        return None
    author = source.author.split(",")[0].strip()
    return None if directory.canonical(author) is not None else author
