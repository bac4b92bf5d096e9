"""The cues of reported speech: what marks a sentence as the government's words in someone
else's document, and a line that only introduces a quotation.

Reporting verbs with the government, its white paper or "it" as their subject ("the white paper
sets out", "the DHSC advised", "It clarified that ...") carry the government's position into a
news report or a response; a body's own judgement of the paper ("says far too little") does not.
A framing line ("Responding to ..., the chief executive of X, Jo Bloggs, said:") names who
speaks next but says nothing itself, so it is the document's voice, not the person's. The idea
of cues, sources and content kept apart follows BBC R&D's Citron; these rules are our own.
"""

from __future__ import annotations

import re

# What the government or its white paper says, proposes or promises is the government's position.
_GOVERNMENT_VERBS = (
    r"said|says|states|stated|sets? out|insisted|claims|claimed|argues|advises|defined|defines|"
    r"proposes|proposed|promises|promised|commits|committed|encourages|indicates|outlines|outlined|envisages|"
    r"expects|describes|described|offers|wants|recognises|acknowledges|announced|announces|allows|"
    r"points to|confirm(?:s|ed)(?= that)|intends"
)
_GOVERNMENT_NAMES = (
    r"(the (?:uk )?government|ministers|the white ?paper|the (?:document|paper)|dhsc|"
    r"an? (?:uk )?government spokes(?:person|man|woman)|"
    r"the department(?! of (?!health))|the department of health and social care)"
)
# "The government must give systems time, the series argues": a demand made of the
# government is the writer's, whatever reporting verb follows.
_DEMANDED = r"(?!\s+(?:must|should|needs? to|has to|ought to|cannot|can't)\b)"
# "The white paper says little about funding" is a judgement on it, not a report of it.
_NOT_REPORTED = (  # "the white paper says far too little": the writer's criticism
    r"(?!\s+(?:(?:(?:far |much )?(?:too |so |very )|almost |\w+ly )?(?:little|nothing)|not)\b)"
)
# What "it" goes on to report of the government's own words: the cue verbs of reported speech
# in either tense ("It clarified that ...", "It also emphasises ..."), past the government's.
_REPORTING_VERBS = (
    rf"{_GOVERNMENT_VERBS}|advised|clarif(?:ies|ied)|emphasi[sz](?:es|ed)|stress(?:es|ed)|"
    r"highlight(?:s|ed)|notes|noted|explain(?:s|ed)|adds|added|warn(?:s|ed)|suggest(?:s|ed)|"
    r"argued|recognised|acknowledged|underlines|underlined|makes clear|made clear"
)
GOVERNMENT_SPEECH = re.compile(
    rf"\b{_GOVERNMENT_NAMES}(?:\W+\w+){{0,4}}?\W+(?<!-)({_GOVERNMENT_VERBS})\b{_NOT_REPORTED}"
    # as the subject of the sentence, it may be described at more length before its verb
    rf"|^\W*{_GOVERNMENT_NAMES}{_DEMANDED}(?:\W+\w+){{0,8}}?\W+(?<!-)({_GOVERNMENT_VERBS})\b"
    rf"{_NOT_REPORTED}"
    # "The department added that ...", close behind the subject: any cue of reported speech
    rf"|^\W*{_GOVERNMENT_NAMES}{_DEMANDED}(?:\W+\w+){{0,2}}?\W+(?<!-)({_REPORTING_VERBS})\b"
    rf"{_NOT_REPORTED}"
    rf"|\baccording to {_GOVERNMENT_NAMES}\b",
    re.IGNORECASE,
)
# "It promises a review ...", straight after the white paper was reported: still the government.
# "In September 2021, the Government published ...": a time or place may come before it.
GOVERNMENT_SUBJECT = re.compile(
    rf"^\W*(?:(?:in|on|last|earlier|this|since)\b[^,.;:]{{1,40}},\s+)?{_GOVERNMENT_NAMES}\b",
    re.IGNORECASE,
)
GOVERNMENT_PRONOUN = re.compile(
    # "On workforce, it proposes ...": a topic may come first
    rf"^\W*(?:(?:but|and|however),?\s+)?(?:(?:on|in|for)\s[^,]{{1,30}},\s+)?"
    rf"(?:it|they|the (?:paper|document))\s+(?:also\s+|further\s+)?({_REPORTING_VERBS})\b",
    re.IGNORECASE,
)
# Any mention of the government or its paper, as the one a line introducing a quotation names.
GOVERNMENT = re.compile(
    r"\b(the (?:uk )?government|ministers|the white ?paper|whitehall|"
    r"the department|dhsc)\b",
    re.IGNORECASE,
)
# A line that ends by handing over to a quotation ("..., Jo Bloggs, said:", "She added:").
_HANDS_OVER = re.compile(
    r"\b(?:said|says|added|adds|commented|comments|stated|states|explained|continued|"
    r"responded|told\s+[\w\s]{1,40}?)\s*:\s*$",
    re.IGNORECASE,
)


def only_introduces(text: str, plain: str) -> bool:
    """Whether a sentence only introduces the quotation that follows it: it names who speaks
    next and quotes nothing itself, so its own words are the document's framing, not theirs."""
    return text == plain and bool(_HANDS_OVER.search(text))


# A plain report of what the government or its paper says: the paper, the department or "it" as
# the subject, a verb of reported speech, and neither a quotation nor a word of the writer's own
# judgement ("sets out a powerful case", "helpfully"). "It argues partnership working has been
# strengthened" tells the reader what the paper argues; whether the paper is right is not said.
_PLAIN_REPORT = re.compile(
    r"^\W*(?:(?:but|and|however|indeed|instead),?\s+)?(?:(?:on|in|for|under)\s[^,]{1,30},\s+)?"
    rf"(?:it|they|the (?:guidance|plan|framework|strategy)|(?:the )?{_GOVERNMENT_NAMES})\s+"
    rf"(?:also\s+|further\s+|then\s+)?(?:{_REPORTING_VERBS})\b{_NOT_REPORTED}",
    re.IGNORECASE,
)
_WRITERS_JUDGEMENT = re.compile(
    r"\b(?:helpful\w*|powerful\w*|compelling\w*|welcom\w*|rightly|sensibl\w*|positive\w*|"
    r"excellent|good|great|encouraging\w*|admirabl\w*|commendabl\w*|useful\w*|impressiv\w*|"
    r"disappoint\w*|vague\w*|worr\w*|concern\w*|fail\w*|wrong\w*|misguided)\b",
    re.IGNORECASE,
)
# Quotation marks around a word or two are scare quotes; a longer quotation is the speaker's.
_QUOTATION = re.compile(r"[“”\"]|[‘'][^’']{25,}[’']")


def plainly_reports(text: str) -> bool:
    """Whether a sentence only reports what its subject (the government, its paper, "it") says,
    in the writer's words, with no quotation and no judgement of the writer's own."""
    return bool(
        _PLAIN_REPORT.search(text)
        and not _WRITERS_JUDGEMENT.search(text)
        and not _QUOTATION.search(text)
    )
