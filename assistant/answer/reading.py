"""Reading the parts of a question: who speaks in each, what each asks, its topics, and its
words put right.

Helpers of assistant.answer.query, kept apart so each file stays readable. A body that speaks
in a part is one whose view is asked for: not a document named ("the LGA briefing"), not the
subject of another body's remark ("the LGA on the role of NHS England"), and not a
publication reporting someone else's view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.analysis.topics import FALLBACK_TOPIC, Topic, tag_topics
from assistant.answer.dates import find_time
from assistant.answer.intent import DOMAIN, GROUP, Counts, Reading, classify
from assistant.answer.mentions import GENERIC_ACRONYMS, Mention, fuzzy_spans
from assistant.answer.topic_words import DOCUMENT_DETAILS, QUESTION_TERMS

if TYPE_CHECKING:
    from assistant.answer.query import Query

# A question's vector must be this close to a topic's description to take that topic when no
# topic word is used (MiniLM cosine; chosen on the tune split of eval/query_analysis.yaml).
# On that split, lower thresholds only added topics the labels leave out (a question naming no
# topic word is usually about none), so meaning decides only when it is very sure.
EMBEDDING_MIN = 0.65
TERM_CUTOFF = 0.88  # a misspelt topic phrase ("polled budgets") this close counts as the phrase


_DOCUMENT_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:article|piece|update|report|website|blog|editor|pilot|briefing|paper|"
    r"post)\b",
    re.IGNORECASE,
)
# Everyday phrases whose words are topic terms but which do not say what is asked about:
# "in each place" hands something out place by place, "local councils" are councils, "any
# information on" asks for facts, "what measures" means steps, a "track record" is a history.
_NOT_A_TOPIC = re.compile(
    r"\b(?:in\s+)?(?:each|every)\s+(?:place|area|locality)\b|"
    r"\blocal\s+(?:government|authorit\w+|councils?|nhs|bodies|organisations|services)\b|"
    r"\b(?:any|more|some|further)\s+information\b|"
    r"\binformation\s+(?:on|about)\b|\b(?:what|which|new|other|these|those|key|main)\s+measures\b|"
    r"\b(?:track|on\s+the|for\s+the|on)\s+record\b|\bin\s+partnership\s+with\b",
    re.IGNORECASE,
)
_AUX_BEFORE = re.compile(r"\b(?:did|does|do|has|have|had|will|would)\s+(?:the\s+)?$", re.I)
_CLAUSE_ENDS = re.compile(r"\s*(?:[?.!]|$|(?:on|about|that|anything|any|in)\b)", re.IGNORECASE)
_OBJECT_BEFORE = re.compile(r"\b(?:about|between|regarding|concerning)\b", re.IGNORECASE)
_REFERS_BACK = re.compile(r"\b(?:they|them|their|it|its|this|that|these|those|he|she)\b", re.I)
_OR_GAP = re.compile(r"^\s*,?\s*or\s+(?:the\s+)?$", re.IGNORECASE)  # "A, B or the C"
_CARRY = re.compile(r"\b(?:they|them|their|he|him|his|she|her)\b|\bagree\w*\s*\W*$", re.IGNORECASE)
_WHOLE_PAPER = (
    r"(?:the\s+)?(?:integration\s+)?(?:white\s*paper|green\s+paper|paper|"
    r"(?:integration\s+)?(?:plans|proposals)|integration)"
)
# The sector or the paper speaks, so a body named after "about" is what it speaks about.
_GROUP_SPEAKS = re.compile(rf"{GROUP.pattern}|{_WHOLE_PAPER}", re.IGNORECASE)
_CONTAINER = re.compile(
    rf"\b{_WHOLE_PAPER}\s+(?:\w+\s+)?(?:say|says|said|cover|covers|propose|proposes|mention|"
    r"mentions|apply|applies|include|includes|allocate|allocates|give|gives|mean|means|contain|"
    r"contains|set|sets|tell|tells|promise|promises|bring|do)\b",
    re.IGNORECASE,
)
_MENTIONS_PAPER = re.compile(rf"\b{_WHOLE_PAPER}\b", re.IGNORECASE)
# In a question with no history, "it" in a view is the white paper ("did the LGA welcome it?").
_VIEW_OF_IT = re.compile(
    r"\b(?:make|made|think|thought|call(?:s|ed)?|describe[sd]?|welcome[sd]?|like[sd]?|"
    r"support\w*|back(?:s|ed)?|oppose[sd]?|"
    r"react\w*\s+to|respon\w*\s+to|view\s+of|views\s+on|criticise[sd]?)\s+(?:of\s+)?it\b",
    re.IGNORECASE,
)
_ABOUT_OTHER = re.compile(
    rf"\babout\s+(?!{_WHOLE_PAPER}\b|it\b)\w|\bregarding\s+(?!{_WHOLE_PAPER}\b)\w", re.IGNORECASE
)
_PAPER_OBJECT = re.compile(
    rf"\b(?:about|of|summari[sz]e|on)\s+(?:the\s+)?(?:\w+\s+)?{_WHOLE_PAPER}\b(?!\s+(?:say|"
    r"propose|cover|mention|mean))|\b(?:main|key|overall|big)\s+(?:proposals|points|aims|"
    r"changes)\b|"
    rf"\bwhat(?:'s|’s|s|\s+is)\s+{_WHOLE_PAPER}\s+about\b|"
    rf"\bwhy\s+(?:is|was|were|are|do\s+we\s+need)\s+{_WHOLE_PAPER}\b|"
    rf"\bwhat(?:'s|’s|s|\s+is)\s+in\s+{_WHOLE_PAPER}\W*$|\b(?:explain|describe|outline|gist\s+of|"
    rf"breakdown\s+of)\s+(?:the\s+)?(?:\w+\s+)?{_WHOLE_PAPER}\W*$",
    re.IGNORECASE,
)
_REACTION = re.compile(r"\b(?:reaction|reactions|react\w*|respon(?:d|ded|se|ses))\b", re.I)
# A verdict with no object ("is the BHTA more positive than ...?") is a verdict on the paper.
_VERDICT = re.compile(
    r"\b(?:positive|negative|supportive|critical|keen|enthusiastic|happy|unhappy|sceptical|"
    r"optimistic|pessimistic|favourable|hostile|lukewarm)\b",
    re.IGNORECASE,
)
_OBJECT_AFTER_VERDICT = re.compile(rf"{_VERDICT.pattern}\s+(?:about|of|on|towards)\b", re.I)
# A year of the white paper's time ("what happens in 2024?") keeps a question on its subject,
# and a question asking what a date brings is about the timeline.
_ITS_YEARS = re.compile(r"\b202\d\b")
_DATE_BRINGS = re.compile(
    r"\b(?:happen\w*|due|chang\w*|expected|planned|coming|comes\s+in|kicks?\s+in|starts?)\b", re.I
)


class Speller(Protocol):
    """Puts misspelt words right (assistant.answer.spelling.Vocabulary is one)."""

    def respell(self, text: str) -> str: ...


@dataclass(frozen=True)
class Part:
    """One question within the text, with its reading and the bodies that speak in it."""

    start: int
    end: int
    text: str
    reading: Reading
    speakers: tuple[str, ...]


def _speakers(text: str, start: int, end: int, mentions: list[tuple[Mention, str, str]]) -> list:
    """Bodies whose view the part asks for, in order: (name, kind) pairs."""
    inside = [(m, name, kind) for m, name, kind in mentions if start <= m.start < end]
    inside = [x for x in inside if not _names_document(text, x[0].start, x[0].end, end)]
    speaking: list[tuple[str, str]] = []
    last = start
    for m, name, kind in inside:
        gap = text[last : m.start]
        if _OBJECT_BEFORE.search(gap) and (speaking or _GROUP_SPEAKS.search(gap)):
            continue  # "the LGA on the role of NHS England": NHS England is the subject
        speaking.append((name, kind))
        last = m.end
    if len(speaking) > 1:
        speaking = [s for s in speaking if s[1] != "media"] or speaking
    return list(dict.fromkeys(speaking))


def _names_document(text: str, start: int, end: int, part_end: int) -> bool:
    """Whether the name is of a document ("the LGA briefing says"), not of a body that does
    something ("did the Gazette report on it?": the word after is its verb)."""
    document = _DOCUMENT_AFTER.match(text[end:part_end])
    if document is None:
        return False
    verb = _AUX_BEFORE.search(text[:start]) and _CLAUSE_ENDS.match(text[end + document.end() :])
    return not verb


def _person_asked(text: str, start: int, end: int, people: list[Mention]) -> bool:
    """ "Who is <person>?", "what does <person> do", "<person>'s job"."""
    for p in people:
        if not start <= p.start < end:
            continue
        before, after = text[start : p.start], text[p.end : end]
        if re.search(r"\bwho\s*(?:is|'s|’s|was)\s+$|\bwhos\s+$", before, re.IGNORECASE):
            return True
        if re.search(r"\bwho\s+$", before, re.I) and re.match(r"\s+(?:is|was)\b", after):
            return True  # "tell me who <person> is"
        if re.search(r"\b(?:is|was|does)\s+$", before, re.I) and re.match(
            r"\s+(?:at|from|with|part\s+of|work\s+(?:at|for))\b", after, re.I
        ):
            return True  # "is <person> at SCIE?"
        if re.match(r"\s+do\b", after) or re.match(r"['’]s\s+(?:job|role|title)\b", after):
            return True
    return False


def read_parts(
    text: str,
    spans: list[tuple[int, int]],
    bodies: list[Mention],
    people: list[Mention],
    known_people: Mapping[str, str],
    kinds: Mapping[str, str],
    topics: Sequence[Topic],
    carried: Query | None,
) -> list[Part]:
    """Each part read in turn; a later part that refers back ("and does the LGA agree?",
    "what does he think") counts the speakers of the parts before it, and a follow-up those
    of the question it follows."""
    mentions = [(m, m.name, kinds.get(m.name, "")) for m in bodies]
    named = [(p, known_people.get(p.name, p.name)) for p in people]
    mentions += [(p, name, kinds.get(name, "")) for p, name in named]
    mentions.sort(key=lambda x: x[0].start)
    parts: list[Part] = []
    earlier: list[str] = list(carried.bodies or carried.people) if carried else []
    for start, end in spans:
        part = text[start:end]
        speaking = [name for name, _ in _speakers(text, start, end, mentions)]
        if earlier and (_CARRY.search(part) or not speaking):
            speaking = list(dict.fromkeys([*earlier, *speaking]))
        own = [m for m, _, _ in mentions if start <= m.start < end]
        listed_or = any(
            _OR_GAP.match(text[a.end : b.start]) for a, b in zip(own, own[1:], strict=False)
        )
        counts = Counts(
            speakers=len(speaking),
            people=sum(start <= p.start < end for p in people),
            listed_with_or=listed_or,
            person_asked=_person_asked(text, start, end, people),
            off_subject=carried is None
            and not own
            and not (parts and (_REFERS_BACK.search(part) or len(part.split()) <= 3))
            and _off_subject(part, topics),
        )
        parts.append(Part(start, end, part, classify(part, counts), tuple(speaking)))
        earlier = list(dict.fromkeys([*earlier, *speaking]))
    return parts


def _off_subject(part: str, topics: Sequence[Topic]) -> bool:
    """Whether a part uses no word of the white paper's world and no topic word: another
    subject ("a good restaurant in York?")."""
    if DOMAIN.search(part) or _ITS_YEARS.search(part):
        return False
    return not tag_topics(part, _question_topics(topics))


def _question_topics(topics: Sequence[Topic]) -> list[Topic]:
    """The topics with their question words added (see QUESTION_TERMS)."""
    return [replace(t, terms=t.terms + QUESTION_TERMS.get(t.id, ())) for t in topics]


def _with_close_terms(text: str, lexicon: Sequence[Topic]) -> str:
    """The text with near-misses of multi-word topic phrases written as the phrase, so that
    "polled budgets" is about pooling and not, by its second word, about money."""
    phrases = {term: t.id for t in lexicon for term in t.terms if " " in term and len(term) >= 10}
    for start, end, phrase, _ in sorted(
        fuzzy_spans(text, {p: p for p in phrases}, [], TERM_CUTOFF), reverse=True
    ):
        text = text[:start] + phrase + text[end:]
    return text


def _blanked(text: str, mentions: list[Mention], directory: Directory) -> str:
    """The text with names blanked, so "the Centre for Governance and Scrutiny" is not about
    scrutiny; a regulator's name stays (naming the regulator is what makes it about regulation)."""
    for m in sorted(mentions, key=lambda m: -m.start):
        end = m.end
        if not m.known and m.name.split()[-1].upper() in GENERIC_ACRONYMS:
            end = m.end - len(m.name.split()[-1])  # "the Avon and Wessex ICS" is an ICS
        if directory.kinds.get(m.name) != "regulator":
            text = text[: m.start] + " " * (end - m.start) + text[end:]
    return text


def _about_whole_paper(part: str, intent: str, fresh: bool) -> bool:
    """Whether the white paper as a whole is what the part asks about (the 'overall' topic).

    A view of the paper ("what did X make of the white paper", "reaction to it") is; so is a
    fact about the paper itself ("summarise the white paper", "its main proposals"). A question
    that only uses the paper as where to look ("does the white paper say anything about X",
    "what did X say about Y in the white paper") is about X or Y instead.
    """
    if intent in ("body-view", "which-bodies", "agreement", "overview"):
        if _ABOUT_OTHER.search(part) or _CONTAINER.search(part):
            return False
        it = fresh and bool(_VIEW_OF_IT.search(part))
        verdict = bool(_VERDICT.search(part)) and not _OBJECT_AFTER_VERDICT.search(part)
        return bool(_MENTIONS_PAPER.search(part) or _REACTION.search(part) or it or verdict)
    if intent == "fact":
        return bool(_PAPER_OBJECT.search(part)) and not _CONTAINER.search(part)
    return False


def asks_document_details(text: str, parts: Sequence[Part]) -> bool:
    """Whether the question asks for a document's particulars (publisher, date, title, length,
    a copy) rather than anyone's view: with no topic word, it is about no topic."""
    views = ("body-view", "which-bodies", "agreement", "overview")
    return bool(DOCUMENT_DETAILS.search(text)) and not any(p.reading.intent in views for p in parts)


def topics_of(
    text: str,
    parts: list[Part],
    mentions: list[Mention],
    directory: Directory,
    topics: Sequence[Topic],
    similarities: Callable[[], np.ndarray | None],
    fresh: bool = True,
) -> list[str]:
    """Topic ids of the question's parts (a request declined has none), in topics.yaml order:
    topic words first, then the whole paper, then the nearest description by meaning. In a
    follow-up (`fresh` False) "it" is whatever the conversation was about, not the paper."""
    lexicon = _question_topics(topics)
    blanked = _blanked(text, mentions, directory)
    found: set[str] = set()
    whole = False
    for part in parts:
        if part.reading.intent == "out-of-scope":
            continue
        words = _NOT_A_TOPIC.sub(" ", blanked[part.start : part.end])
        found |= {t for t in tag_topics(_with_close_terms(words, lexicon), lexicon)}
        found.discard(FALLBACK_TOPIC)
        whole = whole or _about_whole_paper(words, part.reading.intent, fresh)
    declined = all(p.reading.intent == "out-of-scope" for p in parts)
    if not found and asks_document_details(text, parts):
        return []  # "who published the white paper?": its particulars, not its subject
    if not found and not whole and not declined and find_time(text) and _DATE_BRINGS.search(text):
        found.add("timeline")
    close = similarities() if not found and not whole and not declined else None
    if close is not None:  # embedded only now, when no word has said what the question is about
        order = [i for i in np.argsort(-close) if topics[int(i)].id != FALLBACK_TOPIC]
        if order and close[order[0]] >= EMBEDDING_MIN:
            found.add(topics[int(order[0])].id)
    if whole and not found:
        found.add(FALLBACK_TOPIC)
    return [t.id for t in topics if t.id in found]


# Contractions typed without the apostrophe: English, though no document spells them so.
_CONTRACTIONS = frozenset(
    {
        "whats",
        "hows",
        "whos",
        "wheres",
        "thats",
        "theres",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "wont",
        "cant",
        "couldnt",
        "shouldnt",
        "wouldnt",
        "havent",
        "hasnt",
    }
)
_SUFFIXES = (
    "able",
    "ible",
    "ably",
    "ness",
    "ment",
    "ments",
    "ation",
    "ations",
    "ing",
    "ings",
    "ed",
    "er",
    "ers",
    "est",
    "ly",
    "ily",
    "ies",
    "es",
    "s",
    "al",
    "ally",
    "ful",
    "less",
)


def _looks_english(word: str) -> bool:
    """Whether a word is an English word with an ending ("achievable", "pooling"), which the
    model's vocabulary lists only as its stem: spelling would otherwise "correct" it."""
    from assistant.answer.spelling import english_words

    known = english_words()
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            if stem in known or stem + "e" in known or stem + "y" in known:
                return True
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in known:
                return True  # "pooled" -> "pool", "planned" -> "plan"
    return False


def respelled(question: str, speller: Speller, protected: frozenset[str]) -> str:
    """The question with misspelt words put right by `speller`. Left alone: words of known
    names (`protected`, so "confed" does not become "confused"), a word joined to an apostrophe
    or typed without one ("what's", "whats" keep the "is" the intent rules read), and English
    words with an ending the model's vocabulary lists only by stem ("achievable")."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word in _CONTRACTIONS or word in protected or _looks_english(word):
            return word
        return speller.respell(word)

    return re.sub(r"(?<![\w'’-])[a-z]+(?![\w'’-])", fix, question)
