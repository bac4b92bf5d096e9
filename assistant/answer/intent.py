"""What kind of answer a question (or one part of it) asks for: the cue words of each intent.

The intents and their boundaries are those of eval/query_analysis.yaml (its header is the
contract). Rules are cue words and sentence shapes, tried from the most telling to the least:
a request nobody here can serve, a question about a person, a date, a number, which bodies,
two bodies side by side, one body's view, the sector's view, and otherwise a fact. Names are
found before this runs (assistant.answer.mentions); the rules only count them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Intent = Literal[
    "fact", "when", "quantity", "person", "body-view", "which-bodies", "agreement", "overview",
    "out-of-scope",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


FILLER = _cue(
    r"^\W*(?:(?:hi|hello|hey|hiya|ok|okay|right|thanks|thank you|cheers|please|quick one|"
    r"unrelated|i was wondering|i wonder|can u|can you|could you)\b[\s,!.:;-]*)+"
)
TRAILER = _cue(r"[\s,;.!-]*\b(?:thanks|thank you|cheers|please|ta)\W*$")
# "... and who objected?", "... and then summarise ...": a second question in the same breath.
_SPLIT = _cue(
    r"\?\s+(?=\w)|[.;]\s+(?=[A-Za-z])|,?\s+(?:and|but)\s+(?:then\s+)?(?=(?:who|what|when|which|"
    r"how|does|do|did|is|are|was|were|can|could|will|would|why|where|has|have|summarise|"
    r"summarize|tell|list|give|explain)\b)"
)

# Requests the assistant cannot serve, whatever they mention.
_SERVICE = _cue(
    r"\b(?:book|check|fix|find|get)\s+(?:me|my)\b|\bhelp\s+me\s+(?:get|find|apply|with|book)\b|"
    r"\bmy\s+(?:dad|mum|mother|father|son|daughter|wife|husband|partner|family|bill|account|"
    r"appointment|gp|council tax|tax|cv|application|benefits|doctor)\b|\bcover letter\b|"
    r"\b(?:home|email|e-mail|personal)\s+address\b|\bphone number\b|\bwrite\s+(?:me\s+)?an?\s+"
    r"(?:haiku|poem|song|story|joke|limerick|essay|cv|sonnet|rap)\b|\b(?:tell|give)\s+me\s+a\s+"
    r"(?:joke|poem|story)\b|\b(?:in\s+)?your\s+own\s+(?:opinion|view)\b|\bin\s+your\s+opinion\b|"
    r"\bwhat\s+do\s+you\s+(?:personally\s+)?think\b|\bsystem\s+prompt\b|\bpassword\b|"
    r"\bapi\s+key\b"
)
_INSTRUCTION = _cue(
    r"\b(?:ignore|forget|disregard|override)\b.*\b(?:rules|instructions|prompt|guidelines|"
    r"documents|sources)\b|\b(?:talk|speak|act|pretend|reply|respond|write)\s+(?:like|as)\s+an?\b|"
    r"\bfrom\s+now\s+on\b"
)
_DROP_RULES = _cue(
    r"\b(?:ignore|forget|disregard|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:your|the|my|these|"
    r"previous|prior|earlier)?\s*(?:\w+\s+)?(?:rules|instructions|prompt|guidelines|documents|"
    r"sources)\b"
)
# Words of the white paper's world: a question with none of them and no name or topic is off it.
DOMAIN = _cue(
    r"\b(?:white\s*paper|paper|green\s+paper|integrat\w*|nhs|council\w*|care|carers?|health\w*|"
    r"social|government|minister\w*|secretary|policy|polic(?:ies)|propos\w*|plans?|foreword|"
    r"document\w*|article|report\w*|respon\w*|bod(?:y|ies)|sector|trusts?|ics|icb|icp|outcomes?|"
    r"budgets?|fund\w*|workforce|staff\w*|scrutiny|consultation|levy|reform\w*|services?|"
    r"organisations?|charit\w*|think\s+tanks?|unions?|quoted|said|mention\w*|views?|digest|update|briefing|publish\w*|wrote|author\w*|"
    r"providers|appoint\w*|cp\s*573)\b"
)

_WHEN_LEAD = _cue(r"^\W*(?:so\s+|and\s+|but\s+)?when\b")
_WHEN_ASKED = _cue(
    r"\bby\s+when\b|\bwhat\s+(?:date|year|month)\b|\bis\s+there\s+an?\s+(?:\w+\s+)?(?:date|deadline|"
    r"timescale|timetable|start\s+date)\b|\bhow\s+long\b|\bhow\s+soon\b"
)
_WHEN = _cue(
    r"\bwhat\s+time\b|\bdeadlines?\b|\b(?:what'?s|what\s+is|what\s+are)\s+the\s+(?:dates?|timescales?|timetable|"
    r"timeline|start\s+date)\b"
)
_QUANTITY = _cue(
    r"\bhow\s+(?:much|many|big|large|small|high|low)\b|\bwhat\s+(?:size|proportion|percentage|"
    r"share|number|amount)\b|\b(?:biggest|largest|smallest|maximum|minimum)\s+(?:population|"
    r"size|number|amount|place)\b|\bbig\s+enough\b|\bsmall\s+enough\b"
)
_QUANTITY_WEAK = _cue(
    r"\b(?:what'?s|what\s+is|what\s+was)\s+the\s+(?:[\w'’-]+\s+){0,4}?(?:budget|cost|population|"
    r"figure|total|amount|number)\b"
)
_PERSON_ROLE = _cue(
    r"\bwho\s*(?:is|was|'s|’s)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:spokes(?:person|man|woman)|"
    r"chair(?:man|woman|person)?|chief\s+executive|ceo|director|secretary|minister|president|"
    r"reporter|editor|head\s+of\s+\w+|leader\s+of)\b"
)
_PERSON_ASK = _cue(
    r"\b(?:what'?s|what\s+is)\s+(?:his|her|their)\s+(?:job|role|title)\b|\bwhich\s+(?:organisation|"
    r"body|org|company)\s+(?:is|does)\s+(?:s?he|they)\b|\bwho\s+does\s+(?:s?he|they)\s+work\b|"
    r"\bwhere\s+does\s+(?:s?he)\s+work\b|\bwho\s+(?:chairs|leads|heads|runs|speaks\s+for)\b|"
    r"\bwhich\s+(?:organisation|body|org|company|charity)\s+(?:is|does)\b.*\b(?:from|work\w*|"
    r"represent\w*|belong\w*)\b"
)
_WHICH = _cue(
    r"\bwhich\s+(?:[\w'’-]+\s+){0,2}?(?:bodies|body|organisations?|organizations?|orgs?|groups?|"
    r"think\s+tanks?|charities|charity|respondents?|unions?|councils?|stakeholders?|ones|of\s+them|"
    r"trade\s+bodies|providers)\b|\bwho\s+(?:else\s+)?(?:has\s+|have\s+|had\s+)?(?:said|says|"
    r"called|warned|"
    r"opposed|opposes|objected|objects|liked|likes|dislikes?|disliked|welcomed|welcomes|"
    r"criticised|criticized|raised|mentioned|flagged|argued|argues|backed|backs|supported|"
    r"supports|agreed\s+with|agrees\s+with|disagreed|disagrees|thinks|thought|believes|"
    r"complained|praised|questioned|doubted|wants|wanted|linked|cited|quoted|commented|mentions|"
    r"raises|warns|criticises|criticizes|questions|doubts|praises|cites|talks|comments|complains|"
    r"didn'?t|did\s+not|is\s+against|was\s+against|is\s+for|was\s+for|isn'?t|wasn'?t)\b|"
    r"\bwho\s+(?:doesn'?t|does\s+not|don'?t|do\s+not|didn'?t|did\s+not|won'?t)\s+\w+|"
    r"\b(?:does|did|has|have|do|is|was|will)\s+any\s*(?:one|body|bodies|organisation)\b|"
    r"\bany\s*(?:one|body|bodies|organisation)\s+(?:say|said|agree|disagree|think|like|"
    r"support|oppose|back|mention|object|raise|warn)\w*\b|\blist\s+(?:of\s+)?(?:all\s+)?"
    r"(?:the\s+)?(?:bodies|organisations|everyone|respondents|people)\b|\beveryone\s+who\b|"
    r"\bwho\s+(?:was|were)\s+quoted\b|\bwhich\s+(?:back|support|oppose|welcome|agree)\w*\b|"
    r"\b(?:are|is|were|was)\s+there\s+any\s*(?:bodies|body|organisations?|respondents?|groups?|"
    r"one)\b|\bwho\s*(?:is|are|was|were|'s|’s)\s+(?:worried|concerned|against|opposed|sceptical|"
    r"critical|happy|unhappy|positive|negative|supportive|in\s+favour|keen|unconvinced|"
    r"(?:the\s+)?(?:most|least|more|less)\s+\w+)\b|"
    r"\b(?:name|list|show)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:bodies|organisations|respondents|"
    r"groups)\b|\b(?:bodies|organisations|respondents|groups)\s+(?:that|who)\s+(?!are\b|is\b)|"
    r"\b(?:did|do|have|has|were|are)\s+any\s+(?:[\w-]+\s+){0,2}?(?:bodies|think\s+tanks|"
    r"charities|councils|organisations|respondents|unions|groups|providers)\b|"
    r"\bwho\s+(?:has\s+|have\s+|had\s+)?(?!published|appointed|decided|introduced|launched|"
    r"announced|signed|approved|agreed\s+(?!with)|picked|chose|created|designed|wanted\s+to)"
    r"[a-z]+ed\b"
)
_VIEW = _cue(
    r"\b(?:say|says|said|saying|think|thinks|thought|views?|line|take|position|stance|make\s+of|"
    r"made\s+of|reckons?|feel|feels|feeling|welcome[sd]?|want|wants|worr(?:y|ies|ied)|"
    r"concern(?:s|ed)?|comment(?:s|ed)?|respon(?:d|ds|ded|se)|reaction|react(?:ed)?|support\w*|"
    r"oppos\w*|back(?:s|ed)?|like[sd]?|agree\w*|disagree\w*|object\w*|critici[sz]\w*|argue[sd]?|"
    r"warn\w*|believe[sd]?|goes\s+far\s+enough|right\s+way|positive|negative|sceptic\w*|"
    r"happy|unhappy|fear\w*|call\s+for|ask\w*\s+for|on\s+board|verdict|opinion|stand|stands|"
    r"favour\w*|thoughts|aligned|part\s+ways|critical|prefer\w*|would\s+(?:\w+\s+){0,5}change|"
    r"recommend\w*|points|demands?|asks|suggest\w*|arguments?|message|missing|optimistic|"
    r"pessimistic|clash\w*|see|sees|saw|conclu\w+)\b"
)
_COMPARE = _cue(
    r"\b(?:agree\w*|disagree\w*|differ\w*|different|compare[sd]?|comparison|vs\.?|versus|same|"
    r"line\s+up|share[sd]?|alike|similar|contrast|both|more\s+or\s+less|than|side\s+by\s+side|"
    r"apart|gap|close|closer|common\s+ground|overlap)\b"
)
_GROUP = _cue(
    r"\b(?:sector|bodies|organisations|orgs|people|ppl|everyone|respondents|stakeholders|councils|"
    r"think\s+tanks?|unions|charities|trade\s+bodies|providers|trusts|others|experts|"
    r"commentators|critics|social\s+media|the\s+responses|responses)\b"
)
# The group holds the view ("what did the sector think of it", "the view across the sector"),
# rather than being what a document talks about ("does the paper say anything about the sector").
_GROUP_VIEW = re.compile(rf"{_GROUP.pattern}.*{_VIEW.pattern}", re.IGNORECASE)
_VIEW_ACROSS = re.compile(
    rf"{_VIEW.pattern}\s+(?:across|among|amongst|from|of|in)\s+(?:the\s+)?(?:\w+\s+)?"
    rf"{_GROUP.pattern}|\b(?:worr\w*|concern\w*|divid\w*|split\w*|unit\w*|please[sd]?|annoy\w*|"
    rf"frustrat\w*)\s+(?:the\s+)?{_GROUP.pattern}",
    re.IGNORECASE,
)
_OVERVIEW = _cue(
    r"\b(?:reaction|reactions|realistic|achievable|feasible|doable|consensus|mood|"
    r"main\s+views|overall\s+feeling|overall\s+verdict|balance\s+of\s+opinion|range\s+of\s+views|"
    r"views|opinions|split|divided|seen\s+as|regarded\s+as|going\s+down|landed|sentiment|feelings?\s+(?:about|on|towards)|agreement|disagreement|popular|unpopular|"
    r"well\s+received|criticisms?|objections?|reservations|(?:main|key|biggest|common|major)\s+"
    r"(?:concerns?|worries|views?|themes|complaints|arguments))\b|\breceived\b|"
    r"\bfor\s+and\s+against\b|\bpros\s+and\s+cons\b|\b(?:much|any|wide|broad|little|general)\s+"
    r"(?:support|opposition|backing|enthusiasm|criticism|agreement)\b|\baccording\s+to\s+(?:the\s+)?"
    r"(?:responses|respondents|bodies|sector|stakeholders|organisations)\b"
)
# Questions about a document's contents or parts, not anyone's view.
_DOCUMENT = _cue(
    r"\b(?:readers?|comments\s+under|article|piece|editor|foreword|title|headline|summari[sz]e|"
    r"tell\s+me\s+about|explain|describe|define|definition)\b"
)
_FACT_BODY = _cue(
    r"\bwhat\s+(?:part|role)\s+did\b|\bwhat\s+(?:is|are|does)\s+(?:the\s+)?\S+\s+do\b"
)
_ROLE_SPEAKER = _cue(
    r"\bthe\s+(?:chair|chief\s+executive|director|head|leader|spokes\w+|president|secretary|"
    r"boss|ceo|manager)\s+of\b"
)


# Words of holding a view: a question asking who holds one is about the debate, whatever else
# it names ("who is in favour of joint appointments?").
_OPINION = _cue(
    r"\b(?:favour\w*|support\w*|oppos\w*|against|agree\w*|disagree\w*|welcom\w*|critici[sz]\w*|"
    r"concern\w*|worr\w*|sceptic\w*|think|thinks|thought|views?|react\w*|respon\w*)\b"
)
_ABOUT_DEBATE = re.compile(
    rf"{_OPINION.pattern}|{_WHICH.pattern}|{_OVERVIEW.pattern}|\ball\s+(?:of\s+)?(?:this|that)\b|"
    r"\bit\s+all\b",
    re.IGNORECASE,
)
_SUMMARY_OF_VIEWS = _cue(
    r"\b(?:summari[sz]e|summary\s+of|overview\s+of)\s+(?:the\s+|all\s+the\s+)?(?:responses|"
    r"reactions?|views|feedback|consultation\s+responses)\b"
)
_SENTENCE_START = _cue(
    r"^\W*(?:how|what|whats|when|who|whos|why|where|which|whose|is|are|was|were|does|do|did|will|"
    r"would|can|could|should|has|have|had|tell|give|explain|describe|summari[sz]e|list|show)\b"
)


@dataclass(frozen=True)
class Reading:
    """One part's intent and whether a cue said so (an uncued part is a fact by default)."""

    intent: Intent
    cued: bool


def split_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each question asked in the text, pleasantries left out."""
    bounds, start = [], 0
    for m in _SPLIT.finditer(text):
        bounds.append((start, m.start() + (1 if m.group().startswith("?") else 0)))
        start = m.end()
    bounds.append((start, len(text)))
    parts = []
    for s, e in bounds:
        lead = FILLER.match(text[s:e])
        s = s + lead.end() if lead else s
        tail = TRAILER.search(text[s:e])
        e = s + tail.start() if tail else e
        if re.search(r"\w", text[s:e]):
            parts.append((s, e))
    return parts or [(0, len(text))]


def out_of_scope(part: str) -> bool:
    """A request for a service, a creative piece, the assistant's own opinion or secrets, or a
    bare instruction to drop the rules: declined whatever it mentions."""
    if _SERVICE.search(part):
        return True
    # what the instruction is about ("ignore the documents") is not a subject of its own
    rest = _INSTRUCTION.sub(" ", _DROP_RULES.sub(" ", part))
    return bool(_INSTRUCTION.search(part)) and not DOMAIN.search(rest)


@dataclass(frozen=True)
class Counts:
    """What the name finders saw in a part, which the intent rules weigh."""

    speakers: int  # bodies (and people's bodies) that speak in it, carried ones included
    people: int  # people named in the part itself
    listed_with_or: bool  # "did A, B or C say ..."
    person_asked: bool  # "who is <person>", "what does <person> do"
    off_subject: bool = False  # no name, topic or word of the white paper's world in it


def classify(part: str, counts: Counts) -> Reading:
    """The intent of one part, by the first rule that fires."""
    if out_of_scope(part) or (counts.off_subject and not _ABOUT_DEBATE.search(part)):
        return Reading("out-of-scope", True)
    if counts.person_asked or _PERSON_ROLE.search(part) or _PERSON_ASK.search(part):
        return Reading("person", True)
    if _WHEN_LEAD.search(part) or _WHEN_ASKED.search(part):
        return Reading("when", True)
    if _QUANTITY.search(part):
        return Reading("quantity", True)
    if _WHICH.search(part) or (counts.speakers >= 2 and counts.listed_with_or):
        return Reading("which-bodies", True)
    if counts.speakers >= 2 and (_COMPARE.search(part) or _VIEW.search(part) or len(part) < 60):
        return Reading("agreement", True)
    if _SUMMARY_OF_VIEWS.search(part):
        return Reading("overview", True)
    if counts.speakers >= 1 and not _FACT_BODY.search(part):
        if _VIEW.search(part) or _terse(part):
            return Reading("body-view", True)
    if _DOCUMENT.search(part):
        return Reading("fact", True)
    if _ROLE_SPEAKER.search(part) and _VIEW.search(part):
        return Reading("body-view", True)
    if _OVERVIEW.search(part) or _GROUP_VIEW.search(part) or _VIEW_ACROSS.search(part):
        if not re.search(r"\bmy\s+views?\b", part, re.IGNORECASE):
            return Reading("overview", True)
    if _WHEN.search(part):
        return Reading("when", True)
    if _QUANTITY_WEAK.search(part):
        return Reading("quantity", True)
    return Reading("fact", False)


def _terse(part: str) -> bool:
    """A question in a few words, not a sentence ("CCN on the levy?", "and the Nuffield Trust?"):
    naming a body that way asks what it said."""
    return len(part.split()) <= 10 and not _SENTENCE_START.search(part)
