"""What kind of answer a question expects, and whether a sentence can be one.

A question asking how much something costs is answered only by a sentence that gives an
amount, and one asking when something happens only by a sentence that gives a date. Retrieval
finds sentences on the subject either way; this check keeps a sentence on the subject from
passing for an answer it does not give, so such questions are declined honestly.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.compose import names_in, normalise
from assistant.answer.evidence import Evidence, sentence_text, without_the_paper
from assistant.answer.point import PointWords, stems
from assistant.index.stores import search_terms
from assistant.index.versions import IndexData

_MONEY_QUESTION = re.compile(
    r"\b(?:how much|cost\w*|paid|pay|salary|salaries|wages?|earn\w*|budget\w*|money|fund\w*|"
    r"spend\w*|worth|£)\b",
    re.IGNORECASE,
)
# "How often does it mention money?" and "how many times ..." ask for a count, not an amount.
_COUNT_QUESTION = re.compile(r"\bhow (?:often|many|long)\b", re.IGNORECASE)
_MONEY = re.compile(r"£\s?\d|\$\s?\d|\b\d[\d,.]*\s?(?:million|billion|bn|m|k|pounds?)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|dozen|half|third|quarter"
)
_COUNT = re.compile(rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|spring|summer|autumn|winter|(?:19|20)\d\d|\d{1,2}-[A-Z][a-z]{2}-\d\d|"
    r"(?:this|next|last) (?:year|month)|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# The year of an Act ("the NHS Act 2006") names the Act, not a time (as in answer/dates.py).
_ACT_YEAR = re.compile(r"\bAct,?\s+(?:19|20)\d\d\b")
# A digest sentence's note of where it comes from ("(source: Community Care report, 10
# February 2022)") dates the report, not what the sentence says.
_PROVENANCE = re.compile(r"\(sources?:[^)]*\)", re.IGNORECASE)
# Words that ask for a date or an amount rather than name what it is of; with the dates and
# years themselves they are left out of the question's subject (assistant.answer.point).
_WHEN_WORDS = frozenset(
    stems(
        "when date dates time timing timescale timescales timetable timeline deadline deadlines "
        "due expected happen happens start starts begin begins come comes effect take takes "
        "year years month months week weeks day days soon long by until "
        # the event is the paper's own or its guidance's coming out, whatever the verb
        "publish published release released issue issued launch launched unveil unveiled out"
    )
)
_MONEY_WORDS = frozenset(
    stems(
        "how much cost costs paid pay salary salaries wage wages earn earns budget budgets money "
        "fund funds funding funded spend spending spent worth amount total extra additional get "
        "gets given give receive receives allocated available new a year annual £ million billion"
    )
)
# "What happens to a place that misses the deadline?", "what if a council does not agree?":
# what follows from failing is asked, and a sentence giving the deadline does not say it.
_ASKS_CONSEQUENCE = re.compile(
    r"\b(?:what (?:happens|will happen|would happen|happened|if)|what are the (?:consequences|"
    r"penalties|sanctions))\b.*\b(?:miss\w*|fail\w*|breach\w*|late|behind|refus\w*|"
    r"(?:does|do|did|will|would|can|cannot|could)(?:\s+not|n't|n’t)|doesn't|don't|won't|can't)\b"
    r"|\b(?:consequences?|penalt(?:y|ies)|sanctions?) (?:of|for)\b",
    re.IGNORECASE,
)
# A sentence that says what follows from failing: a condition of failure, or a sanction.
_CONSEQUENCE = re.compile(
    r"\b(?:if|unless|where|should|when)\b[^.;]{0,80}\b(?:not|no|fail\w*|miss\w*|unable|late)\b"
    r"|\b(?:consequences?|sanctions?|penalt(?:y|ies)|intervene\w*|intervention\w*|step in|"
    r"impose[sd]?|withdraw\w*|lose|loses|fined?|special measures)\b",
    re.IGNORECASE,
)
# "How long ... take?" asks for a span, often given in words ("time and space", "years"), and
# is read as asking "when" only by its form: the span need not stand beside the subject.
_HOW_LONG = re.compile(r"\bhow long\b", re.IGNORECASE)
# The paper by its command number, as without_the_paper takes it out by its name.
_COMMAND_PAPER = re.compile(r"\bCP\s?573\b", re.IGNORECASE)
# A question asking for the figure for the whole country, and a body that speaks for one area:
# one council's own budget is not the national one.
_NATIONAL = re.compile(
    r"\b(?:national(?:ly)?|england|uk|united kingdom|britain|nationwide|country(?:-wide)?|"
    r"across the country|in total)\b",
    re.IGNORECASE,
)
_LOCAL_BODY = re.compile(
    r"\b(?:county|borough|district|city|metropolitan|town|parish)\s+council\b|"
    r"\bintegrated care board\b|\bICB\b",
    re.IGNORECASE,
)
# "How many people replied ...": what is counted is named by the words after "how many", up
# to the first word of no content that is not part of a name ("and", "of"): "how many local
# health and wellbeing partnerships is ..." counts partnerships, whatever adjectives come first.
_HOW_MANY = re.compile(r"\bhow many\s+(?:of\s+(?:the\s+)?)?((?:[\w'’-]+\s*){1,6})", re.IGNORECASE)
_JOINING = {"and", "of", "&"}
# How far from a number the counted word may stand ("42 integrated care boards (ICBs)",
# "ICBs, of which there are 42").
COUNTED_WINDOW = 4


def fits(intent: str, question: str, sentence: str) -> bool:
    """Whether `sentence` could answer a question of this intent (facts always can)."""
    if intent == "when":
        return bool(_DATE.search(_ACT_YEAR.sub(" ", sentence)))
    if intent == "quantity":
        if _MONEY_QUESTION.search(question) and not _COUNT_QUESTION.search(question):
            return bool(_MONEY.search(sentence))
        counted = counted_words(question)
        if counted:
            return counts_of(counted, sentence)
        counts = [m for m in _COUNT.finditer(sentence) if not _YEAR.fullmatch(m.group())]
        return bool(counts)
    return True


def counted_words(question: str) -> set[str]:
    """What a "how many" question counts, as folded search terms ("people" in "how many
    people replied?"); empty when it asks no "how many" or names nothing counted."""
    match = _HOW_MANY.search(question)
    if match is None:
        return set()
    phrase = []
    for word in match.group(1).split():
        if word.lower() not in _JOINING and not search_terms(word):
            break
        phrase.append(word)
    return {_fold(t) for t in search_terms(" ".join(phrase))}


def _fold(term: str) -> str:
    """A search term with the plural endings search_terms leaves folded as well ("bodie",
    "icbs" -> "body", "icb"), so a count in the singular matches a question in the plural."""
    if term.endswith("ie") and len(term) > 3:
        return term[:-2] + "y"
    if term.endswith("s") and not term.endswith("ss") and len(term) > 2:
        return term[:-1]
    return term


def counts_of(counted: set[str], sentence: str) -> bool:
    """Whether `sentence` gives a number of what is `counted`: a number (not a year) with one
    of the counted words within COUNTED_WINDOW words either side ("fourteen staff", "42
    integrated care boards").

    A sentence on the subject that holds some other number ("open for eight weeks") does not
    say how many people replied, so the question is declined rather than answered with it.
    """
    words = sentence.split()
    for i, word in enumerate(words):
        bare = word.strip("()[],.;:!?\"'“”‘’")
        if not _COUNT.fullmatch(bare) or _YEAR.fullmatch(bare):
            continue
        near = " ".join(words[max(0, i - COUNTED_WINDOW) : i + 1 + COUNTED_WINDOW])
        if bare.lower() == "one":
            # as often a determiner ("one person in each place") as a count: it counts only
            # the word straight after it ("one ICB")
            near = " ".join(words[i + 1 : i + 2])
        if counted & {_fold(t) for t in search_terms(near)}:
            return True
    return False


def missing_kind(intent: str, question: str) -> str:
    """What the documents did not give, for the refusal: "an amount", "a figure", "a date",
    or for a question about failing to do something, "a consequence"."""
    if asks_consequence(question):
        return "a consequence"
    if intent == "when":
        return "a date"
    return "an amount" if asks_amount(question) else "a figure"


def asks_consequence(question: str) -> bool:
    """Whether a question asks what follows from failing to do something."""
    return bool(_ASKS_CONSEQUENCE.search(question))


def asks_amount(question: str) -> bool:
    """Whether a question asks for an amount of money rather than a count."""
    return bool(_MONEY_QUESTION.search(question)) and not _COUNT_QUESTION.search(question)


def local_figure(question: str, body: str | None) -> bool:
    """Whether a sentence by `body` gives one area's figure for a question asking the whole
    country's: a council or an integrated care board speaks for its own area."""
    return bool(_NATIONAL.search(question) and _LOCAL_BODY.search(body or ""))


def _who_and_what(data: IndexData, ev: Evidence) -> str:
    """A sentence with who says it and where, normalised as names are: "we are calling for
    £150 million" holds the name of the alliance that says it."""
    passage = data.passages[ev.passage]
    sentence = passage.sentences[ev.sentence]
    source = data.sources[passage.source_id]
    parts = [sentence_text(data, ev), sentence.body or "", sentence.speaker or "", *sentence.also]
    return normalise(" ".join([*parts, source.title, source.publisher or ""]))


class Expected:
    """Whether a sentence gives what a question expects, and gives it of what was asked.

    A date or an amount on the question's topic is still no answer when it is of something
    else: the date shared outcomes start does not say when guidance is published, and the
    levy's yield is not the budget of a fund it does not name. So a date or an amount must
    stand in a sentence that speaks to the question's subject (its point words, as in
    assistant.answer.point), and an amount in one that holds a name the question gives that is
    not a body's ("the Better Care Fund"; who says the sentence counts as held); a figure for
    the whole country is not given by a body that speaks for one area (a council's own budget).
    """

    def __init__(self, points: PointWords, is_body: Callable[[str], bool]) -> None:
        self.points = points
        self.is_body = is_body

    def _dated_subject(self, question: str, sentence: str) -> bool:
        """Whether the sentence dates the question's subject: a date beside words of its point.

        A digest line's note of its source ("(source: Community Care report, 10 February
        2022)") dates that report, so it answers only a question about the report.
        """
        focus = _COMMAND_PAPER.sub(" ", without_the_paper(question))
        point = self.points.of(_DATE.sub(" ", focus), _WHEN_WORDS)
        notes = _PROVENANCE.findall(sentence)
        parts = [_PROVENANCE.sub(" ", sentence), *notes]
        return any(
            fits("when", question, part) and self.points.speaks_to(focus, point, part)
            for part in parts
        )

    def fits(self, intent: str, question: str, data: IndexData, ev: Evidence) -> bool:
        """`fits`, and for a date or an amount, of the question's subject at its scale."""
        sentence = sentence_text(data, ev)
        if asks_consequence(question) and not _CONSEQUENCE.search(sentence):
            return False
        if intent == "when" and not _HOW_LONG.search(question):
            return self._dated_subject(question, sentence)
        if not fits(intent, question, sentence):
            return False
        if intent == "quantity" and asks_amount(question):
            if local_figure(question, data.passages[ev.passage].sentences[ev.sentence].body):
                return False
            names = [
                normalise(n)
                for n in names_in(question)
                if not self.is_body(n) and not _NATIONAL.fullmatch(n)
            ]
            held = _who_and_what(data, ev)
            if names:
                return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", held) for n in names)
            point = self.points.of(_DATE.sub(" ", question), _MONEY_WORDS)
            return self.points.speaks_to(question, point, held)
        return True
