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

What a single sentence names as its source is assistant/analysis/speech.py; this module
walks a document in order and adds what its layout shows: interview and transcript labels,
headings naming a body, bylines under quotations, quotations running over several sentences,
and lists.
"""

from __future__ import annotations

import re

from assistant.analysis.bodies import Directory
from assistant.analysis.speech import (
    FIRST_PERSON,
    GOVERNMENT,
    GOVERNMENT_SUBJECT,
    NOT_A_PERSON,
    PRONOUN_AFTER_QUOTE,
    PRONOUN_SPEECH,
    SPEECH,
    State,
    learn_roles,
    named_source,
    outside_quotes,
)
from assistant.models import Sentence, Source

# A list item's marker, and a sentence promising a list ("sets out the following").
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)]|\(?[a-z]\))\s*$")
_FOLLOWING = re.compile(r"\b(?:the following|as follows)\b", re.IGNORECASE)
# "**Anjali Raman:** ..." or "Q: ..." at the start of a paragraph: an interview's speaker label.
# "Mr Daniel Oyelaran (Chief Executive, Northfield Integrated Care Board): ...", as in a transcript.
_SPEAKER_LABEL = re.compile(
    r"^\W*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})(?:\s*\(([^()]{2,160})\))?\s*:\**\s"
)
# "— Graham Pettifer, president, Society of Local Authority Treasurers" under a quotation.
_BYLINE = re.compile(r"^\s*(?:[—–-]\s*)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}),")
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
    if role and not NOT_A_PERSON.match(label.group(1)):
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
    if not byline or not named:
        return None
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
    state = State(
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
            state = State(named=state.named)
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
        plain = outside_quotes(text)
        learn_roles(plain, directory, state)
        if new_paragraph or not result:
            own = (own_speaker, own_body) if source.kind != "news" else (None, None)
            state.labelled = _speaker_label(text, directory, state, own)
        speaker, body = None, None
        said_by_pronoun = False
        quoted = state.in_quote and not new_paragraph  # a quotation that began earlier runs on
        first_person = (
            source.kind != "news" and not opens_quote and not quoted and FIRST_PERSON.match(text)
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
        found = None if first_person or not said.strip() else named_source(said, directory, state)
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
            (PRONOUN_SPEECH.match(text) and SPEECH.search(plain))
            or PRONOUN_AFTER_QUOTE.search(text)
        ):
            # "he" or "she" is the last person quoted, not a body or the white paper since
            speaker, body = state.speaker, state.body
            pronoun = PRONOUN_SPEECH.match(text) or PRONOUN_AFTER_QUOTE.search(text)
            if pronoun and pronoun.group(1).lower() in ("he", "she"):
                # a person, never a body nobody was named for (the white paper is not "she")
                speaker, body = state.person or state.actor or (speaker, body if speaker else None)
            said_by_pronoun = True
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

        state.just_said = body if found and not directory.is_government(body) else None
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
            government = GOVERNMENT.search(text) and not FIRST_PERSON.match(text)
            state.introducer = (
                (speaker, body)
                if found
                else (None, named[-1])
                if named
                else (None, directory.government)
                if government
                else (None, None)
            )
        elif found or opens_quote or continued or said_by_pronoun:  # "But he said ..."
            state.introducer = (speaker, body)
        else:
            state.introducer = None
        state.seen += [b for _, b in directory.bodies_in(plain)]
        if new_paragraph:
            state.unclaimed = []
        if (opens_quote or state.unclaimed) and not found and not state.labelled:
            state.unclaimed.append(len(result))
        state.government_subject = bool(GOVERNMENT_SUBJECT.match(plain))
        if not in_list and (_FOLLOWING.search(plain) or text.rstrip().endswith(":")):
            state.list_owner = (speaker, body)
        previous_end = end
        also = state.joint if found and body else []
        state.joint = []
        result.append(Sentence(start=start, end=end, speaker=speaker, body=body, also=also))
    return result
