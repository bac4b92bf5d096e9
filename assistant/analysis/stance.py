"""How a sentence leans toward what it discusses, by readable rules over named lexicons.

`stance_of` says how a sentence leans: support, concern, mixed or neutral.
`stances_in_order` judges each sentence of a passage, carrying a demand's introducer forward.
`stance_strength` folds several statements of one body on one topic into one position.

Decisions worth knowing:
- A welcome qualified by a reservation hedge ("broadly welcome", "cautiously welcomed",
  "welcome in principle") is *mixed*: such hedges are how responses signal reservations they do
  not spell out. A welcome graded by degree ("relatively positive", "fairly encouraging") stays
  *support*: the degree says how warm, not that something is held back.
- Demands made of the government ("must", "needs to", "is urgently needed", "requires") count as
  concern: a response asking for something says the proposal does not yet provide it.
- Questions about a proposal count as concern.
- A need someone is said to recognise ("it recognises the need for flexibility") is accepted,
  not demanded, so it is no criticism; "will require" is a demand like "requires".
"""

from __future__ import annotations

import re
from collections import Counter

# Topic tagging lives in assistant/analysis/topics.py; question reading still imports these
# names from here, so they stay importable from this module (re-exported, unused here).
from assistant.analysis.topics import FALLBACK_TOPIC as FALLBACK_TOPIC
from assistant.analysis.topics import Topic as Topic
from assistant.analysis.topics import tag_topics as tag_topics
from assistant.models import Stance

# Lexicon entries are words or phrases; "*" stands for any word ending (welcom* = welcomed, ...).
# fmt: off
SUPPORT_WORDS = (
    "welcom*", "positive", "good", "great", "excellent", "admirabl*", "rightly",
    "right way", "right direction", "step forward", "important step", "we support*",
    "we fully support*", "we strongly support*", "i support*", "pleased", "delighted", "applaud*",
    "commend*", "endors*", "sensibl*", "innovative", "sanguine", "optimistic", "we hope",
    "hopeful*", "share these aspirations", "share the aspirations", "share this ambition",
    "look forward to", "encouraging", "strengthen*", "benefit*", "opportunit*",
    "argued for", "champion*", "we agree", "agree with", "valuable", "we value",
    "we particularly value", "see the value", "glad", "credit where", "achievable", "two cheers",
    "listened", "helpful", "will help", "would help", "strongly supported", "fully supported",
    "fine", "excit*", "overdue", "supportive", "confident", "no objection*", "attracti*",
    "stronger", "grateful", "improvement*", "advantage*", "reasonable", "sound", "optimism",
    "makes sense", "make sense", "we like", "i like", "happy", "brilliant", "clarity",
    "real difference", "make a difference", "save* time", "powerful case", "compelling case",
)
CONCERN_WORDS = (
    "concern*", "worr*", "fear*", "risk*", "fragil*", "pressur*", "shortage*", "struggl*",
    "insufficien*", "inadequa*", "lack*", "absen*", "vague*", "vacuous", "empty", "fail*",
    "doom*", "unlikely", "sceptic*", "skeptic*", "complexit*", "complicat*", "opaque", "confus*",
    "crisis", "crises", "underfund*", "unfunded", "under-fund*", "under-resourc*",
    "under resourced", "under-staff*", "cash-starved", "cuts", "ridiculous", "fantasy",
    "illusion*", "on its knees",
    "difficult*", "warn*", "chronic", "disparit*", "unattainable", "misplaced", "incongruous",
    "dysfunctional", "fragment*", "half-hearted", "unproven", "controversial", "threat*",
    "undermin*", "problematic", "frustrat*", "disappoint*", "regret*", "missed opportunit*",
    "harsh", "stark*", "exploitative", "vulnerab*", "unsustainab*", "unrealistic",
    "unclear", "uncertain*", "challenging", "overestimat*", "underestimat*", "overwhelm*",
    "desperate*", "poor", "severe*", "shortfall*", "expensive", "disruptive", "piecemeal",
    "sideshow", "stretch*", "tight", "wrangl*", "challenges",
    "short on", "light on", "thin", "weak*", "divert*", "doubt*", "afterthought",
    "sold as", "reservation*",
    "in passing", "a lot to ask", "too much to ask", "restat*", "rehash*", "repackag*",
)
# Things a proposal should do or have: they signal concern only when negated ("no plan").
SUCCESS_WORDS = (
    "resolve*", "solve*", "succeed*", "work", "deliver*", "achiev*", "address*", "compensate",
    "fix", "enough", "sufficient", "easy", "clear", "new", "possible", "mention*", "consider*",
    "substitute", "replacement", "plan", "alternatives", "discuss*", "acknowledg*", "funded",
    "certain", "persuaded", "sure", "convinced", "arriv*", "materialis*", "materializ*",
)
NEGATORS = frozenset({
    "not", "no", "never", "none", "nothing", "little", "barely", "hardly", "less", "cannot",
    "without", "nor", "neither",
})
NEGATION_WINDOW = 3  # a negator reaches this many words ahead: "not be sufficiently clear"
# Hedges that hold something back turn a welcome into mixed; degree words do not (see top).
HEDGES = (
    "broadly", "cautious", "cautiously", "tentatively", "largely", "generally", "guarded",
    "qualified",
)
HEDGE_PHRASES = (
    "in principle", "on the whole", "with reservations", "up to a point", "two cheers",
    "on balance",
)
# Conditions attached to a view ("as long as councils have a say"): a reservation, so concern on
# their own and mixed beside a welcome.
CONDITIONS = (
    r"\bunless\b", r"\b(?:as|so) long as\b", r"\bprovid(?:ed|ing) that\b",
    r"\bon (?:the )?condition that\b", r"^\W*if\b",
    r"\bprovided\b(?! by| for| to| in| with| through| under| at| on)",
)
# Support without a welcome word: wanting the plan to work, sharing its aims, reported backing.
SUPPORT_PATTERNS = (
    r"\bwant (?:\w+ ){0,3}to succeed\b",
    r"\bshare (?:the|its|their|this|these|our|that) (?:[\w']+ )?"
    r"(?:goals?|aims?|aspirations?|ambitions?|vision)\b",
    r"\b(?:a lot|much|something) to be said for\b",
    r"\b(?:is|are|it's|that's|feels|seems|looks) (?:\w+ly |exactly |broadly )?(?:the )?right\b",
    r"\b(?:obvious|logical|natural) (?:next )?step\b",
    r"^\W*(?:\w+,\s+)?yes\b",  # an interview answer that opens "Yes" or "Broadly, yes"
    r"\b(?:could|would|will|should|can|may) (?:help )?improve\b",
    r"\b(?:has|have|of) (?:real |some |great |clear )?value\b",
    r"\bexactly what (?:\w+ ){0,3}(?:asked|called|argued|wanted|needed)\b",
    r"\b(?:supports?|supported|backs|backed) (?:the |a |an |its |their |this |these )?"
    r"(?:plans?|proposals?|moves?|shared|greater|closer|stronger|more|idea|principle|ambition|aims?)\b",
)
CONTRAST_MARKERS = ("but", "however", "yet", "nevertheless", "nonetheless", "even so")
CONCESSIVE_MARKERS = ("while", "whilst", "although", "though", "despite", "amid")
# Criticism that uses no stance word: comparisons, idioms and demands (regular expressions).
CRITICISM_PATTERNS = (
    r"\bmore\s+(?:[\w\"'-]+,?\s+){1,4}?than\b(?!\s+(?:ever|before))",  # more X than Y
    r"\breads? like\b", r"\bakin to\b", r"\bfalls? short\b", r"\bfell short\b",
    r"\braise[sd]?\b.{0,60}\bquestions?\b",
    r"\b(?:outstanding|unanswered|open|critical|serious|big) questions?\b",
    r"\?",  # a question asked of a proposal
    r"\bwish[- ]list\b", r"\bempty (?:words|promises|rhetoric)\b", r"\blip service\b",
    r"\b(?:re-?arrang\w*|moving|shuffling) (?:of )?(?:the )?(?:furniture|deckchairs)\b",
    r"\b(?:has|had|have) (?:so |very |almost )?(?:little|nothing) (?:new )?to say\b",
    r"\bbelieve it when\b", r"\bonly as good as\b", r"\bdressed up as\b",
    r"\bonly \d+(?:\.\d+)? ?(?:%|per ?cent)", r"\blittle or nothing\b",
    r"\bask (?:ministers|the government|the department)\b", r"\bsays? (?:too |very |so )?little\b",
    r"\bneeds? (?:far |much )?(?:better|more)\b", r"\bnot one\b", r"\b(?:cannot|can't|can not)\b",
    r"\b(?:is|are)(?:n't| not) (?:simply |just |merely )?(?:the same as|a|an)\b",
    r"\bquestion(?:s|ed)? (?:whether|the|if)\b", r"\b(?:would|'d) (?:just )?like to know\b",
    r"\b(?:don't|do not) see\b", r",\s+not (?:as |just |simply |a |an |the )",
    r"\bcall(?:s|ed|ing)? for\b", r"\bwants? (?:the )?(?:government|ministers|department) to\b",
    r"\b(?:not|isn't|no|nor) (?:a single|one|a) (?:extra )?(?:penny|pound)\b",
    r"\b(?:is|are)(?:n't| not) [\w\s'-]{1,40}, (?:it's|it is|they're|they are)\b",
    r"\bsticking plaster\b", r"\btalking shop\b", r"\bsmoke and mirrors\b",
    r"\bin a long line of\b", r"\b(?:has|have|is|are) yet to\b",
    r"\b(?:hard|difficult) to (?:see|believe|imagine|escape|understand)\b",
    r"\bonly\b[^.;]{0,40}\bif\b", r"\bremains? to be seen\b", r"\bnot so much\b",
    r"\bat (?:complete )?variance\b",
    r"\b(?:few|little|no)(?:,? if any,?)? (?:grounds|evidence|reason) (?:to|for)\b",
    r"\bsupports? (?:the |their )?calls?\b", r"\becho(?:es)? (?:the )?(?:calls?|concerns?)\b",
    r"\bwithout (?:\w+ ){0,2}(?:funding|resources|money|investment|staff|workforce|altering)\b",
    r"\bit (?:is|will be|remains) (?:vital|essential|crucial|critical|imperative|important) "
    r"(?:that|to)\b",
    r"\bwe (?:would )?(?:urge|call on|ask)\b", r"\bwould (?:like|want|wish) to see\b",
    r"\bmust\b", r"\b(?:has|have) to be\b", r"\b(?:urgently )?needed\b", r"\bneeds? (?:to|for)\b",
    r"\brequires\b", r"\b(?:will|would) require\b",
    r"\burgent(?:ly)?\b",
)
# fmt: on

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": " - ", "—": " - "})


def _lexicon(entries: tuple[str, ...]) -> re.Pattern[str]:
    def one(entry: str) -> str:
        return r"\s+".join(re.escape(w).replace(r"\*", r"[\w'-]*") for w in entry.split())

    return re.compile(r"(?<![\w-])(?:" + "|".join(one(e) for e in entries) + r")(?![\w-])")


_SUPPORT = _lexicon(SUPPORT_WORDS)
_CONCERN = _lexicon(CONCERN_WORDS)
_SUCCESS = _lexicon(SUCCESS_WORDS)
_HEDGE = _lexicon(HEDGES)
_HEDGE_PHRASE = _lexicon(HEDGE_PHRASES)
_CONTRAST = _lexicon(CONTRAST_MARKERS)
_CONCESSIVE = _lexicon(CONCESSIVE_MARKERS)
_CRITICISM = tuple(re.compile(p) for p in CRITICISM_PATTERNS + CONDITIONS)
_SUPPORT_PATTERNS = tuple(re.compile(p) for p in SUPPORT_PATTERNS)
# A word or two in quotation marks, after normalising quotes to ' and ".
_SCARE_QUOTE = re.compile(r"(?<!\w)[\"'](?:[\w-]+\s?){1,3}[\"'](?!\w)")
_ENDORSED_DEMAND = re.compile(r"\s+(?:the |their )?calls?\b")


def _normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def _negated(text: str, start: int) -> bool:
    before = re.findall(r"[\w']+", text[:start])[-NEGATION_WINDOW:]
    return any(w in NEGATORS or w.endswith("n't") for w in before)


# Welcome words that welcome nothing: courtesies, and "good" in "only as good as".
_COURTESY = re.compile(
    r"\bwelcome (?:the|this) opportunity to (?:respond|comment|contribute|submit|give evidence)\b"
    r"|\bas good as\b"
)


# A need that someone is said to recognise ("it rightly recognises the need for flexibility")
# is one they accept, not a demand the speaker makes of them, so it is no criticism.
_RECOGNISED_NEED = re.compile(
    r"\b(?:recogni[sz]|acknowledg|accept)\w* (?:that )?(?:the |a )?(?:\w+ )?needs? (?:for|to)\b"
)


def _cues(text: str) -> tuple[list[int], int]:
    """Positions of un-negated support cues, and the number of concern cues."""
    welcoming = _COURTESY.sub(lambda m: " " * len(m.group()), text)
    support: list[int] = []
    concern = 0
    scare_quoted = [m.span() for m in _SCARE_QUOTE.finditer(text)]
    for m in _SUPPORT.finditer(welcoming):
        if _ENDORSED_DEMAND.match(text, m.end()):
            continue  # "we support the call for ..." endorses a demand: a criticism pattern
        if any(a < m.start() < b for a, b in scare_quoted):
            continue  # a word in scare quotes ('to "encourage" pooling') is mentioned, not meant
        if _negated(text, m.start()):
            concern += 1  # "not welcome", "little good", "less sanguine"
        else:
            support.append(m.start())
    support = sorted(support + [m.start() for p in _SUPPORT_PATTERNS for m in p.finditer(text)])
    if text.rstrip().endswith("?"):
        support = []  # "what counts as a good outcome?": a question asks, it does not welcome
    concern += sum(1 for m in _CONCERN.finditer(text) if not _negated(text, m.start()))
    concern += sum(1 for m in _SUCCESS.finditer(text) if _negated(text, m.start()))
    criticised = _RECOGNISED_NEED.sub(lambda m: " " * len(m.group()), text)
    concern += sum(1 for p in _CRITICISM if p.search(criticised))
    return support, concern


def stance_of(text: str) -> Stance:
    """support, concern, mixed or neutral, from the cues in one sentence."""
    t = _normalise(text)
    support, concern = _cues(t)
    if support and concern:
        return "mixed"
    if concern:
        return "concern"
    if not support:
        return "neutral"
    hedged = _HEDGE_PHRASE.search(t) or any(
        _HEDGE.search(" ".join(t[:pos].split()[-2:])) for pos in support
    )
    contrast_after = any(m.start() > support[0] for m in _CONTRAST.finditer(t))
    concession = bool(_CONCESSIVE.search(t))  # "welcome, although ..." or "while ..., welcome"
    return "mixed" if hedged or contrast_after or concession else "support"


# "We ask the department to:", "The union is calling on the Government to:": the items listed
# under such an introducer are demands made of the government, so concern, though each reads
# as a bare instruction ("publish a workforce plan").
DEMAND_INTRODUCER = re.compile(
    r"\b(?:call(?:s|ing)? (?:on|upon)|urg(?:e|es|ing)|ask(?:s|ing)?|recommend(?:s|ing)?(?: that)?)"
    r"\s+(?:the\s+)?(?:uk\s+)?(?:government|ministers|department|dhsc|secretary of state)\b"
    r"[^:]*:\s*$"
    r"|\brecommendations?\s*:\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)]|\(?[a-z]\))\s")


def stances_in_order(text: str, spans: list[tuple[int, int]]) -> list[Stance]:
    """The stance of each sentence span of one document, read in order, so that a list of
    demands keeps the stance its introducer gives it."""
    stances: list[Stance] = []
    demanding = False
    for start, end in spans:
        sentence = text[start:end]
        stance = stance_of(sentence)
        in_list = bool(_LIST_ITEM.match(text, text.rfind("\n", 0, start) + 1))
        demanding = demanding and in_list
        if demanding and stance == "neutral":
            stance = "concern"
        if DEMAND_INTRODUCER.search(sentence):
            demanding = True
        stances.append(stance)
    return stances


def stance_strength(stances: list[Stance]) -> tuple[Stance, float]:
    """One stance for several statements, and the share of opinionated ones agreeing with it.

    Support and concern together make mixed, whose strength is the share of statements that
    are mixed or that balance one another. Neutral statements are descriptions and neither
    agree nor disagree, so they count only when nothing else was said.
    """
    counts = Counter(stances)
    s, c, m = counts["support"], counts["concern"], counts["mixed"]
    opinions = s + c + m
    if not opinions:
        return "neutral", 1.0 if stances else 0.0
    if s and c:
        return "mixed", (m + 2 * min(s, c)) / opinions
    side: Stance = "support" if s else "concern"
    agreeing = s or c
    if m > agreeing:
        return "mixed", m / opinions
    return side, agreeing / opinions
