"""Words that say what a question is about, beyond the lexicon of knowledge/topics.yaml.

The lexicon tags the documents' sentences, so it leaves out words that would mis-tag them
("targets", "technology"); in a question, asked by an officer, the same words say plainly what is
asked about. Question analysis (assistant.answer.reading) adds these to each topic's terms.
Matched like the lexicon: on word stems, acronyms only in capitals, the longest term winning.
"""

from __future__ import annotations

import re


def _terms(listed: str) -> tuple[str, ...]:
    """Terms written as one "a; b; c" string, so the lists stay readable after formatting."""
    return tuple(t.strip() for t in listed.split(";") if t.strip())


# Question words for topics that the documents' lexicon (topics.yaml) leaves out because they
# would mis-tag statements, but which in a question say plainly what is asked about.
QUESTION_TERMS: dict[str, tuple[str, ...]] = {
    "shared-outcomes": _terms(
        "targets; goals; success; indicators; KPIs; performance measures; metrics; "
        "measured; measuring; results"
    ),
    "accountability": _terms(
        "in charge; answerable; joint appointments; joint appointment; one person; "
        "responsible person; boss; one boss; single boss"
    ),
    "pooled-budgets": _terms(
        "better care fund; BCF; joint budget; joint budgets; shared budget; "
        "shared budgets; common budget; single budget; combined budget; "
        "combined budgets; merged budgets; merging budgets; aligned budgets; "
        "aligning budgets; budget alignment; joint commissioning; s75; merge; merged; "
        "merging; merger"
    ),
    "data-sharing": _terms(
        "technology; tech; patient notes; care notes; patient records; interoperability; "
        "interoperable; computer; computers; software; confidentiality; privacy; GDPR; "
        "electronic; digitisation; mobile app; mobile apps; online"
    ),
    "workforce": _terms(
        "workers; nurses; care workers; skills; employees; careers; career; doctors; "
        "social workers; recruit; recruiting; retention; delegate; delegation; "
        "apprenticeships; shortages; carers assessment; carer assessment; wages; salaries; "
        "pay for staff; pay for care workers; pay for carers; pay for nurses; staff pay; "
        "pay and conditions"
    ),
    "place": _terms(
        "population; populations; footprint; area; areas; borough; boroughs; "
        "place-based leadership; place leadership"
    ),
    "funding": _terms(
        "tax; national insurance; pound; pounds; allocate; allocates; allocation; "
        "spending; cash; finance; finances; afford; paid for; pays for; "
        "paying for; costs; underfunded; underfunding; unfunded; austerity; financing; "
        "expensive; savings; bn; cap; care cap; NI; NICs"
    ),
    "scrutiny": _terms(
        "send my views; send our views; submit views; have your say; have my say; "
        "assess; assessment; assessing; inspected; watchdog; audit; democracy; "
        "regulators; to account"
    ),
    "timeline": _terms(
        "timeframe; timeframes; schedule; delay; delays; delayed; rushed; milestones; "
        "too soon; too tight; too fast; start date"
    ),
}


# A question about a document's own particulars (who published or wrote it, when, its title,
# length or foreword, a copy of it) is about no topic (eval/query_analysis.yaml's convention:
# document metadata gets none), whatever the document is about; a topic word still counts
# ("when will the workforce plan be published?" is about the workforce and the timeline).
DOCUMENT_DETAILS = re.compile(
    r"\b(?:publish(?:ed|es|ing)?|publication\s+date|title[sd]?|full\s+name|pages?|chapters?|"
    r"foreword|how\s+long\s+is|length|authors?|authored|wrote|written\s+by|pdf|download\w*|"
    r"e-?mail)\b",
    re.IGNORECASE,
)
