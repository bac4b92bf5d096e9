"""Who is speaking in each sentence, and for which body.

Rules, in order of precedence, for each sentence of a source:
1. reader comments speak for nobody (kind `reader-comment`);
2. an explicit attribution: a speech verb ("said", "warned", "argued", "points out"...) with a
   person or body named outside the quoted words, a bracketed body after a quote
   ("... (Royal College of Physicians)"), or "For the County Councils Network, Tett said";
3. a pronoun with a speech verb ("But he added:", "..., she explained, ...") continues the last
   named speaker, and "It said ..." the last body quoted (or the government, after its paper);
4. a sentence inside a quotation, or a quoted paragraph after an introducer ending in ':',
   belongs to whoever the quotation was attributed to (unknown if nobody was named);
5. first-person sentences ("We welcome...") and everything else in a document written by a body
   speak for that body; in news, the reporter speaks for nobody.
A line that only hands over to a quotation ("Responding to ..., X, chief executive of Y, said:")
keeps the body but has no speaker: its words are the document's framing, not X's.
People map to bodies through knowledge/bodies.yaml, through a body named beside them in the same
sentence ("Saffron Cordery, deputy chief executive of NHS Providers"), or by surname once named.
Organisations not in bodies.yaml are found by the shape of their names. No rule names a document.

What a single sentence names as its source is assistant/analysis/speech.py; this module
walks a document in order and adds what its layout shows: interview and transcript labels,
headings naming a body, bylines under quotations, quotations running over several sentences,
and lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis.bodies import Directory
from assistant.analysis.debates import attribute_debate, is_debate
from assistant.analysis.layout import Layout, is_heading
from assistant.analysis.names import not_a_person
from assistant.analysis.reporting import GOVERNMENT, GOVERNMENT_SUBJECT, only_introduces
from assistant.analysis.speech import (
    FIRST_PERSON,
    State,
    author_as_speaker,
    learn_roles,
    named_source,
    pronoun_source,
)
from assistant.models import Sentence, Source

# A sentence promising a list ("sets out the following").
_FOLLOWING = re.compile(r"\b(?:the following|as follows)\b", re.IGNORECASE)
# "**Anjali Raman:** ..." or "Q: ..." at the start of a paragraph: an interview's speaker label.
# "Mr Daniel Oyelaran (Chief Executive, Northfield Integrated Care Board): ...", as in a transcript.
_SPEAKER_LABEL = re.compile(
    r"^\W*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:\s*\(([^()]{2,160})\))?\s*:\**\s"
)
# "— Graham Pettifer, president, Society of Local Authority Treasurers" under a quotation.
_BYLINE = re.compile(r"^\s*(?:[—–-]\s*)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}),")
# "Contact", "Media enquiries": the people named after it are whom to ask, not speakers.
_CONTACT = re.compile(
    r"^\W*(?:contacts?|(?:media|press) (?:enquiries|contacts?|office)|enquiries|"
    r"for (?:further|more) information)\b",
    re.IGNORECASE,
)
# The interviewer's label in an interview: the publisher's own voice.
_INTERVIEWER = frozenset({"Q", "Question", "Interviewer"})
# The answerer's label: the person the interview is with, the last one introduced with a body.
_INTERVIEWEE = frozenset({"A", "Answer"})


def _speaker_label(
    text: str, directory: Directory, state: State, own: tuple[str | None, str | None]
) -> tuple[str | None, str | None] | None:
    """The speaker an interview paragraph is labelled with ("**Anjali Raman:**", "Q:"), if any."""
    label = _SPEAKER_LABEL.match(text)
    if not label:
        return None
    if label.group(1) in _INTERVIEWEE and state.named:
        return list(state.named.items())[-1]
    if label.group(1) in _INTERVIEWER:
        return own  # the interviewer: the publisher's own voice
    role = directory.bodies_in(label.group(2) or "")
    if role and not not_a_person(label.group(1)):
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
    line: str, directory: Directory, state: State, result: list[Sentence]
) -> tuple[str, str] | None:
    """A byline under a quotation ("— Graham Pettifer, president, Society of ..."): the
    quotation above it, which nobody was named for, is that person's."""
    byline = _BYLINE.match(line)
    named = directory.bodies_in(line)
    if not byline or not named or state.contact or "@" in line:
        return None  # a contact at the foot of a page is whom to ask, not who spoke
    found = byline.group(1), named[-1][1]
    state.named[found[0]] = found[1]
    for i in state.unclaimed:
        result[i].speaker, result[i].body = found
    state.unclaimed = []
    return found


def _heading(line: str, directory: Directory, state: State) -> None:
    """A heading naming one body ("## Home Care Alliance"): what follows is about that body."""
    named = [b for _, b in directory.bodies_in(line)]
    state.section = named[-1] if len(set(named)) == 1 else None
    state.seen += named
    state.introducer, state.in_quote = None, False


Who = tuple[str | None, str | None]  # (speaker, body)


@dataclass(frozen=True)
class _Document:
    """What stays the same over one document's walk: its text, kind, and whose it is."""

    text: str
    kind: str
    directory: Directory  # with the short names this document defines
    own_body: str | None  # the body the document speaks for
    own_speaker: str | None  # its author, when it speaks for a body

    @property
    def own_voice(self) -> Who:
        """Who the document's own words are by: in news, the reporter speaks for nobody."""
        return (self.own_speaker, self.own_body) if self.kind != "news" else (None, None)


def _publishing_body(source: Source, directory: Directory) -> str | None:
    """The body a response or commentary speaks for when its front matter does not say: its
    publisher, when that is a body bodies.yaml lists that is neither a news publisher nor the
    government (a think tank's blog by one of its staff is the think tank speaking)."""
    body = directory.canonical(source.publisher)
    if source.kind not in ("response", "commentary") or body not in directory.kinds:
        return None  # an unlisted publisher may be a magazine printing a guest's argument
    if directory.is_news_publisher(body) or directory.is_government(body):
        return None
    return body


def attribute_speakers(
    source: Source, spans: list[tuple[int, int, bool]], directory: Directory
) -> list[Sentence]:
    """Speaker and body for each (start, end, is_reader_comment) sentence span of a source."""
    if source.kind not in ("white-paper", "digest", "reader-comment") and is_debate(source):
        return attribute_debate(source, spans, directory)
    own_body = directory.canonical(source.speaks_for) or _publishing_body(source, directory)
    doc = _Document(
        text=source.text,
        kind=source.kind,
        directory=directory.with_document_names(source.text),
        own_body=own_body,
        own_speaker=author_as_speaker(source, own_body, directory),
    )
    state = State(
        seen=[own_body] if own_body else [],
        own_body=own_body if source.kind != "news" else None,
    )
    previous_end = 0
    result: list[Sentence] = []
    for start, end, reader_comment in spans:
        if reader_comment or source.kind == "reader-comment":
            result.append(Sentence(start=start, end=end))
            state = State(named=state.named)
        elif source.kind in ("white-paper", "digest"):
            # The official text is the government's own position; the digest is a summary of
            # it written for the assistant, so it speaks for nobody.
            body = doc.directory.government if source.kind == "white-paper" else None
            result.append(Sentence(start=start, end=end, body=body))
        else:
            result.append(_attribute(doc, state, result, start, end, previous_end))
        previous_end = end
    return result


def _attribute(
    doc: _Document, state: State, result: list[Sentence], start: int, end: int, previous_end: int
) -> Sentence:
    """One sentence of a document written by someone: who says it, and what it tells later ones."""
    layout = Layout.of(doc.text, start, end, previous_end)
    if layout.whole_line and is_heading(layout.before_on_line + layout.text):
        _heading(layout.before_on_line + layout.text, doc.directory, state)
        return Sentence(start=start, end=end)
    _read_lines_between(doc, state, result, doc.text[previous_end:start])
    learn_roles(layout.plain, doc.directory, state)
    if layout.new_paragraph or not result:
        state.labelled = _speaker_label(layout.text, doc.directory, state, doc.own_voice)
    quoted = state.in_quote and not layout.new_paragraph  # a quotation that began earlier runs on
    first_person = (
        doc.kind != "news"
        and not layout.opens_quote
        and not quoted
        and bool(FIRST_PERSON.match(layout.text))
    )
    _enter_or_leave_list(state, layout)
    found = _named_here(doc, state, result, layout, quoted, first_person)
    (speaker, body), by_pronoun = _speaker_of(doc, state, layout, found, first_person)
    _remember_speaker(doc, state, found, speaker, body)
    continued = _follow_quotation(state, layout, (speaker, body))
    _set_introducer(doc, state, layout, found, (speaker, body), continued or by_pronoun)
    _carry_forward(doc, state, layout, found, (speaker, body), len(result))
    also = state.joint if found and body else []
    state.joint = []
    if only_introduces(layout.text, layout.plain):  # the quotation below is theirs, not this
        speaker = None
    return Sentence(start=start, end=end, speaker=speaker, body=body, also=also)


def _read_lines_between(doc: _Document, state: State, result: list[Sentence], between: str) -> None:
    """Headings and bylines on the lines since the last sentence."""
    for line in between.splitlines():
        state.contact = state.contact or bool(_CONTACT.match(line))
        if is_heading(line):  # "## Home Care Alliance": what follows is about that body
            _heading(line, doc.directory, state)
        elif _BYLINE.match(line.strip()):
            _claim(line.strip(), doc.directory, state, result)


def _enter_or_leave_list(state: State, layout: Layout) -> None:
    if (
        state.list_owner is not None
        and not layout.in_list
        and (state.in_list or layout.new_paragraph)
    ):
        state.list_owner = None  # the list, or the paragraph that promised one, has ended
    state.in_list = layout.in_list


def _named_here(
    doc: _Document,
    state: State,
    result: list[Sentence],
    layout: Layout,
    quoted: bool,
    first_person: bool,
) -> tuple[str | None, str] | None:
    """The speaker this sentence itself names: by a speech verb or bracket, or as a byline."""
    text = layout.text
    starts_turn = state.labelled and (layout.new_paragraph or not result)
    label = _SPEAKER_LABEL.match(text) if starts_turn else None
    said = text[label.end() :] if label else text  # "Councillor Ferris: the white paper says"
    if quoted:  # only the words after the quotation closes can attribute it
        closing = re.search(r"[”\"]|’(?!\w)", said)
        said = said[closing.end() :] if closing else ""
    found = None if first_person or not said.strip() else named_source(said, doc.directory, state)
    if not found and layout.may_be_byline and _BYLINE.match(text):
        found = _claim(text, doc.directory, state, result)
    return found


def _speaker_of(
    doc: _Document,
    state: State,
    layout: Layout,
    found: tuple[str | None, str] | None,
    first_person: bool,
) -> tuple[Who, bool]:
    """Who says the sentence, by the rules' precedence; and whether a pronoun said so."""
    text, plain = layout.text, layout.plain
    if found:
        return found, False
    if state.labelled is not None:
        return state.labelled, False
    if first_person:
        return (doc.own_speaker, doc.own_body), False
    referred = pronoun_source(text, plain, state)  # "But he added: ...", "It said ..."
    if referred:
        return referred, True
    if layout.in_list and state.list_owner is not None:
        return state.list_owner, False  # "The white paper sets out the following: - ..."
    if state.in_quote and not layout.new_paragraph:
        return state.quote_owner, False
    if layout.opens_quote and state.introducer is not None:
        return state.introducer, False
    if layout.opens_quote and state.section:
        return (None, state.section), False  # a quotation under a heading naming a body
    if layout.opens_quote and doc.kind != "news":
        return (None, None), False  # a quotation nobody is named for is nobody's view
    return doc.own_voice, False


def _remember_speaker(
    doc: _Document,
    state: State,
    found: tuple[str | None, str] | None,
    speaker: str | None,
    body: str | None,
) -> None:
    """Who later pronouns, roles and quotations may refer back to."""
    state.just_said = body if found and not doc.directory.is_government(body) else None
    if found or (body and body != doc.own_body):
        state.speaker, state.body = speaker, body
    if speaker and body:
        state.person = speaker, body
    if body and not doc.directory.is_government(body):
        state.actor = speaker, body


def _follow_quotation(state: State, layout: Layout, who: Who) -> bool:
    """Open or close a quotation running over sentences; whether one ran on into this one."""
    text = layout.text
    continued = state.in_quote and not layout.new_paragraph
    opened = text.count("“") - text.count("”")
    if layout.opens_quote and text.lstrip()[:1] == "‘":  # ‘...’; a closing ’ is not an apostrophe
        opened += 1 - len(re.findall(r"’(?![\w])", text))
    if text.count('"') % 2:  # a straight quote left open, or one closed from before
        opened += -1 if continued else 1
    if opened > 0 and not continued:
        state.in_quote, state.quote_owner = True, who
    elif opened < 0 or (layout.new_paragraph and not layout.opens_quote):
        state.in_quote = False
    return continued


def _set_introducer(
    doc: _Document,
    state: State,
    layout: Layout,
    found: tuple[str | None, str] | None,
    who: Who,
    runs_on: bool,
) -> None:
    """Who a quotation that follows is by: a sentence ending ':' introduces one."""
    text = layout.text
    if text.rstrip().endswith(":"):
        named = [b for _, b in doc.directory.bodies_in(layout.plain) if b != doc.own_body]
        government = GOVERNMENT.search(text) and not FIRST_PERSON.match(text)
        state.introducer = (
            who
            if found
            else (None, named[-1])
            if named
            else (None, doc.directory.government)
            if government
            else (None, None)
        )
    elif found or layout.opens_quote or runs_on:  # "But he said ..."
        state.introducer = who
    else:
        state.introducer = None


def _carry_forward(
    doc: _Document,
    state: State,
    layout: Layout,
    found: tuple[str | None, str] | None,
    who: Who,
    index: int,
) -> None:
    """What later sentences need: bodies seen, quotations awaiting a byline, a list's owner."""
    plain = layout.plain
    state.seen += [b for _, b in doc.directory.bodies_in(plain)]
    if layout.new_paragraph:
        state.unclaimed = []
    if (layout.opens_quote or state.unclaimed) and not found and not state.labelled:
        state.unclaimed.append(index)
    state.government_subject = bool(GOVERNMENT_SUBJECT.match(plain))
    if not layout.in_list and (_FOLLOWING.search(plain) or layout.text.rstrip().endswith(":")):
        state.list_owner = who
