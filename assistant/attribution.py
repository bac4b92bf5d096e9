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
import string
from dataclasses import dataclass, field

from assistant.directory import Directory
from assistant.models import Sentence, Source

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
# "..., as the Health Foundation points out, ...": the writer's own point, with a source for it.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)]|\(?[a-z]\))\s*$")
_FOLLOWING = re.compile(r"\b(?:the following|as follows)\b", re.IGNORECASE)
_ASKED_OF = re.compile(
    r"\b(?:urge[sd]?|ask(?:s|ed)?|call(?:s|ed)? (?:on|upon)|wants?|invites?|for|"
    r"press(?:es|ed)?)\s+$",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+)?")
_ADDRESSING = re.compile(r"asks?|asked|urged|urges|told|calls? for|called for", re.IGNORECASE)
_CITED_IN_SUPPORT = re.compile(
    r"(?:^|[,;–—-]\s*|\band\s+)as\s+(?:[\w'’&-]+\s+){1,6}$", re.IGNORECASE
)
_PRONOUN_SPEECH = re.compile(
    r"^(?:\W*(?:but|and|however|meanwhile|also),?\s+)?(he|she|they)\b", re.IGNORECASE
)
_PRONOUN_AFTER_QUOTE = re.compile(
    r"[”\"’]\s*,?\s*(he|she|they)\s+(added|said|says|warned|stressed|"
    r"argued|continued|noted|told|explained|admitted|insisted)\b",
    re.IGNORECASE,
)
# What the government or its white paper says, proposes or promises is the government's position.
_GOVERNMENT_VERBS = (
    r"said|says|states|stated|sets? out|insisted|claims|claimed|argues|advises|defined|defines|"
    r"proposes|proposed|promises|promised|commits|committed|encourages|indicates|outlines|outlined|envisages|"
    r"expects|describes|described|offers|wants|recognises|acknowledges|announced|announces|allows|"
    r"points to"
)
_GOVERNMENT_NAMES = (
    r"(the (?:uk )?government|ministers|the white ?paper|the (?:document|paper)|dhsc)"
)
# "The white paper says little about funding" is a judgement on it, not a report of it.
_NOT_REPORTED = (  # "the white paper says far too little": the writer's criticism
    r"(?!\s+(?:(?:(?:far |much )?(?:too |so |very )|almost |\w+ly )?(?:little|nothing)|not)\b)"
)
_GOVERNMENT_SPEECH = re.compile(
    rf"\b{_GOVERNMENT_NAMES}(?:\W+\w+){{0,4}}?\W+(?<!-)({_GOVERNMENT_VERBS})\b{_NOT_REPORTED}"
    # as the subject of the sentence, it may be described at more length before its verb
    rf"|^\W*{_GOVERNMENT_NAMES}(?:\W+\w+){{0,8}}?\W+(?<!-)({_GOVERNMENT_VERBS})\b{_NOT_REPORTED}",
    re.IGNORECASE,
)
# "It promises a review ...", straight after the white paper was reported: still the government.
_GOVERNMENT_SUBJECT = re.compile(rf"^\W*{_GOVERNMENT_NAMES}\b", re.IGNORECASE)
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
_PERSON = re.compile(
    r"\b(?!(?:Said|Says|Added|Asked|Told|Warned|For|At|In|On|And|But|As|If|When|While|"
    r"With|From|After|Before|Under|Over|By|To|Of|Dear)\b)"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z’']+(?:-[A-Z][a-z’']+)?){1,2})\b"
)
# A quotation, or one that runs on past the end of the sentence ('She added: "Care homes ...').
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*’(?!\w)")
# "**Anjali Raman:** ..." or "Q: ..." at the start of a paragraph: an interview's speaker label.
# "Mr Daniel Oyelaran (Chief Executive, Northfield Integrated Care Board): ...", as in a transcript.
_SPEAKER_LABEL = re.compile(
    r"^\W*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:\s*\(([^()]{2,160})\))?\s*:\**\s"
)
# "— Graham Pettifer, president, Society of Local Authority Treasurers" under a quotation.
_BYLINE = re.compile(r"^\s*(?:[—–-]\s*)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}),")
# "The alliance said ...": a body referred to by the kind of body it is.
_DEFINITE_BODY = re.compile(
    r"\bthe (association|society|alliance|federation|network|union|council|trust|college|"
    r"institute|forum|group|partnership|committee|board|charity|organisation|body|foundation)\b",
    re.IGNORECASE,
)
_NOT_A_PERSON = re.compile(r"(?:The|This|That|These|Those|Our|Its|Their|Ministers)\b")
_INTERVIEWER = frozenset({"Q", "Question", "Interviewer"})
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
# ", the council's director of adult social services": a role at a body named by its kind.
_ROLE_AT_DEFINITE = re.compile(r",\s+(the\s+\w+)['’]s\s+[a-z]")
# ", the Minister for Care and Integration," (not a shadow minister): the government.
_MINISTER = re.compile(r",\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?<!shadow )[Mm]inister\b")
_BRACKET_BODY = re.compile(r"[”\"]\s*\(([^()]{3,80})\)\s*$")


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
    list_owner: tuple[str | None, str | None] | None = None  # who a list introduced is by
    in_list: bool = False
    person: tuple[str, str] | None = None  # the last person quoted, for "he" and "she"
    joint: list[str] = field(default_factory=list)  # bodies speaking with this sentence's body
    own_body: str | None = None  # the body whose document this is; None for news
    actor: tuple[str | None, str] | None = None  # the last speaker other than the government
    government_subject: bool = False  # the last sentence was about what the government did
    section: str | None = None  # the body a heading names ("## Home Care Alliance")
    seen: list[str] = field(default_factory=list)  # bodies named so far, most recent last
    unclaimed: list[int] = field(default_factory=list)  # quotations nobody was named for yet


def _speech_verb(text: str) -> re.Match[str] | None:
    """The first speech verb that names a speaker: not a passive without "by"."""
    for m in SPEECH.finditer(text):
        passive = _PASSIVE.search(text[: m.start()])
        if _CITED_IN_SUPPORT.search(text[: m.start()]):
            continue  # "as the Health Foundation points out, ...": the writer's point, with support
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
    if (state.body == directory.government or state.government_subject) and (
        _GOVERNMENT_PRONOUN.match(plain)
    ):
        return None, directory.government
    subject = directory.people_in(plain[:80], state.named)
    fronted = subject and _FRONTED.fullmatch(plain[: subject[0][0]])  # "At County Hall, "
    if not (verb or government) and subject and (subject[0][0] <= 4 or fronted):
        person = subject[0][1]  # "Rahman was, however, supportive of ..."
        body = directory.people.get(person) or state.named.get(person)
        if body:
            return person, body
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
                re.search(rf"(said|says|added|warned|told|by)\s+{re.escape(name)}", plain)
                or re.search(rf"\b(?:said|added)\s+[^.,]{{0,60}},\s+{re.escape(name)}\b", plain)
                or re.search(rf"{re.escape(name)},\s+[a-z]", plain)
                or SPEECH.match(plain, m.end() + 1)
                or (m.start() <= 4 and verb and not bodies)  # "Keith Dunmore, 74, ... said"
            ) and not (directory.bodies_in(name) or _NOT_A_PERSON.match(name)):
                people.append((m.start(), name))
    at = verb.start() if verb else len(plain)
    if verb and _ADDRESSING.fullmatch(verb.group()) and not any(b[0] <= at for b in bodies):
        bodies = []  # "ask the scrutiny committee to consider": the body asked is not speaking
    if government and _ASKED_OF.search(plain[: government.start()]):
        government = None  # "we urge the government to set out ...": asked, not saying
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
        if not body:
            body = _definite_body(plain, state) or state.section  # "president of the association"
        if not body and pos < at and state.own_body:
            body = state.own_body  # "Councillor Aske welcomed ..." in the council's own minutes
        if body:
            state.named[person] = body
            return person, body
        if pos < at and not bodies and state.own_body is None and verb:
            state.person = person, None  # "Keith Dunmore, 74, said": he speaks for himself
    if bodies:
        before = [b for b in bodies if b[0] <= at]
        joint = _joint_speakers(plain, directory, at)
        if joint:
            state.joint = joint[1:]  # "Both the LGA and NHS Confederation advise ..."
            return None, joint[0]
        definite = None if before or not verb else _definite_body(plain[:at], state)
        if definite:  # "The network welcomed plans for the Care Quality Commission to ..."
            return None, definite
        return None, (before[-1] if before else bodies[0])[1]
    definite = _definite_body(plain[:at], state)
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
        "", "both", "have", "have both", "both have", "jointly",
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


def _definite_body(text: str, state: _State, strict: bool = False) -> str | None:
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


def _learn_roles(plain: str, directory: Directory, state: _State) -> None:
    """Remember people introduced with a role at a body, so their answers can be attributed."""
    spans = directory.name_spans(plain)
    for m in _PERSON.finditer(plain):
        body = next((n for s, _, n in spans if _ROLE_OF.fullmatch(plain, m.end(), s)), None)
        if not body:  # "Hearthside's Janet Okafor"
            owner = [n for _, e, n in spans if re.fullmatch(r"['’]s\s+", plain[e : m.start()])]
            body = owner[0] if owner else None
        definite = _ROLE_AT_DEFINITE.match(plain, m.end())
        if not body and definite:
            body = _definite_body(definite.group(1), state, strict=True)
        if not body and _MINISTER.match(plain, m.end()):
            body = directory.government  # "Rosalind Tremayne, the Minister for Care, ..."
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
    role = directory.bodies_in(label.group(2) or "")
    if role and not _NOT_A_PERSON.match(label.group(1)):
        state.named[label.group(1)] = role[-1][1]
        return label.group(1), role[-1][1]
    name = label.group(1)
    if name.isupper() and len(name) > 2:
        name = name.title()  # "CLLR QUAYLE:" in a transcript
    people = directory.people_in(name, state.named)
    if not people:
        return None  # "Purpose:", "Recommendation 2:" are headings, not speakers
    person = people[0][1]
    return person, directory.people.get(person) or state.named.get(person)


def _claim(
    line: str, directory: Directory, state: _State, result: list[Sentence]
) -> tuple[str, str] | None:
    """A byline under a quotation ("— Graham Pettifer, president, Society of ..."): the
    quotation above it, which nobody was named for, is that person's."""
    byline = _BYLINE.match(line)
    named = directory.bodies_in(line)
    if not byline or not named:
        return None
    found = byline.group(1), named[-1][1]
    state.named[found[0]] = found[1]
    for i in state.unclaimed:
        result[i].speaker, result[i].body = found
    state.unclaimed = []
    return found


def _heading(line: str, directory: Directory, state: _State) -> None:
    """A heading naming one body ("## Home Care Alliance"): what follows is about that body."""
    named = [b for _, b in directory.bodies_in(line)]
    state.section = named[-1] if len(set(named)) == 1 else None
    state.seen += named
    state.last_body = named[-1] if named else state.last_body
    state.introducer, state.in_quote = None, False


def _is_heading(line: str) -> bool:
    """A Markdown heading or a line that is bold throughout."""
    line = line.strip()
    return line.startswith("#") or (len(line) > 4 and line[:2] == "**" and line[-2:] == "**")


def attribute_speakers(
    source: Source, spans: list[tuple[int, int, bool]], directory: Directory
) -> list[Sentence]:
    """Speaker and body for each (start, end, is_reader_comment) sentence span of a source."""
    own_body = directory.canonical(source.speaks_for)
    own_speaker = source.author.split(",")[0].strip() if source.author and own_body else None
    directory = directory.with_document_names(source.text)
    state = _State(
        seen=[own_body] if own_body else [],
        own_body=own_body if source.kind != "news" else None,
    )
    previous_end = 0
    result: list[Sentence] = []
    for start, end, reader_comment in spans:
        text = source.text[start:end]
        new_paragraph = "\n" in source.text[previous_end:start]
        if reader_comment or source.kind == "reader-comment":
            result.append(Sentence(start=start, end=end))
            state = _State(named=state.named)
            previous_end = end
            continue
        if source.kind in ("white-paper", "digest"):
            # The official text is the government's own position; the digest is a summary of
            # it written for the assistant, so it speaks for nobody.
            body = directory.government if source.kind == "white-paper" else None
            result.append(Sentence(start=start, end=end, body=body))
            previous_end = end
            continue
        opens_quote = bool(re.match(r"^\W{0,3}[“\"‘]", text))
        before_on_line = source.text[source.text.rfind("\n", 0, start) + 1 : start]
        whole_line = not before_on_line.strip() and source.text[end : end + 1] in ("\n", "")
        if whole_line and _is_heading(before_on_line + text):
            _heading(before_on_line + text, directory, state)
            previous_end = end
            result.append(Sentence(start=start, end=end))
            continue
        for line in source.text[previous_end:start].splitlines():
            if _is_heading(line):  # "## Home Care Alliance": what follows is about that body
                _heading(line, directory, state)
            elif _BYLINE.match(line.strip()):
                _claim(line.strip(), directory, state, result)
        plain = _outside_quotes(text)
        _learn_roles(plain, directory, state)
        if new_paragraph or not result:
            own = (own_speaker, own_body) if source.kind != "news" else (None, None)
            state.labelled = _speaker_label(text, directory, state, own)
        speaker, body = None, None
        quoted = state.in_quote and not new_paragraph  # a quotation that began earlier runs on
        first_person = (
            source.kind != "news" and not opens_quote and not quoted and _FIRST_PERSON.match(text)
        )
        starts_turn = state.labelled and (new_paragraph or not result)
        label = _SPEAKER_LABEL.match(text) if starts_turn else None
        in_list = bool(_LIST_ITEM.match(before_on_line))
        if state.list_owner is not None and not in_list and (state.in_list or new_paragraph):
            state.list_owner = None  # the list, or the paragraph that promised one, has ended
        state.in_list = in_list
        said = text[label.end() :] if label else text  # "Councillor Ferris: the white paper says"
        if quoted:  # only the words after the quotation closes can attribute it
            closing = re.search(r"[”\"]|’(?!\w)", said)
            said = said[closing.end() :] if closing else ""
        found = None if first_person or not said.strip() else _explicit(said, directory, state)
        dashed = re.fullmatch(r"\s*[—–-]\s*", before_on_line)
        byline = (
            _BYLINE.match(text)
            if dashed or text.lstrip()[:1] in "—–" or (whole_line and text.rstrip()[-1:] != ".")
            else None
        )
        if byline and not found:
            found = _claim(text, directory, state, result)
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
            # "he" or "she" is the last person quoted, not a body or the white paper since
            speaker, body = state.speaker, state.body
            pronoun = _PRONOUN_SPEECH.match(text) or _PRONOUN_AFTER_QUOTE.search(text)
            if pronoun and pronoun.group(1).lower() in ("he", "she"):
                speaker, body = state.person or state.actor or (speaker, body)
        elif in_list and state.list_owner is not None:
            speaker, body = state.list_owner  # "The white paper sets out the following: - ..."
        elif state.in_quote and not new_paragraph:
            speaker, body = state.quote_owner
        elif opens_quote and state.introducer is not None:
            speaker, body = state.introducer
        elif opens_quote and state.section:
            speaker, body = None, state.section  # a quotation under a heading naming a body
        elif opens_quote and source.kind != "news":
            speaker, body = None, None  # a quotation nobody is named for is nobody's view
        else:
            speaker, body = (own_speaker, own_body) if source.kind != "news" else (None, None)

        if found or (body and body != own_body):
            state.speaker, state.body = speaker, body
        if speaker and body:
            state.person = speaker, body
        if body and not directory.is_government(body):
            state.actor = speaker, body
        continued = state.in_quote and not new_paragraph
        opened = text.count("“") - text.count("”")
        if opens_quote and text.lstrip()[:1] == "‘":  # ‘...’; a closing ’ is not an apostrophe
            opened += 1 - len(re.findall(r"’(?![\w])", text))
        if text.count('"') % 2:  # a straight quote left open, or one closed from before
            opened += -1 if continued else 1
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
            state.seen += [b for _, b in named_here]
        if new_paragraph:
            state.unclaimed = []
        if (opens_quote or state.unclaimed) and not found and not state.labelled:
            state.unclaimed.append(len(result))
        state.government_subject = bool(_GOVERNMENT_SUBJECT.match(plain))
        if not in_list and (_FOLLOWING.search(plain) or text.rstrip().endswith(":")):
            state.list_owner = (speaker, body)
        previous_end = end
        also = state.joint if found and body else []
        state.joint = []
        result.append(Sentence(start=start, end=end, speaker=speaker, body=body, also=also))
    return result
