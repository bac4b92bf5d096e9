"""Where a sentence sits in its document: its line, its paragraph, a list, a quotation.

What the layout alone shows, before anyone is named: a heading, a list item, a sentence that is
a whole line (perhaps a byline), one that opens a quotation. assistant/analysis/attribution.py
reads these as it walks a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.analysis.speech import SPEECH, outside_quotes

# "..., said Jo Bloggs", "..., the council argued": a cue of speech close behind a quotation
# (not a passive: "'Shared outcomes' must be agreed locally").
_CUE_BEHIND = re.compile(
    rf"^(?:\S+\s+){{0,4}}?(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bbeen\s)"
    rf"(?<!\bwere\s){SPEECH.pattern}",
    re.IGNORECASE,
)
# A list item's marker.
LIST_ITEM = re.compile(r"[ \t]*(?:[-*•]|\d+[.)]|\(?[a-z]\))\s*$")


def _opens_quotation(sentence: str) -> bool:
    """Whether a sentence opens with someone's quoted words. One that opens with a quoted phrase
    and carries on in the writer's own words, with no cue of speech ("'Shared outcomes' must be
    agreed locally, ..."), is the writer's sentence that happens to begin with a quotation."""
    opening = re.match(r"^\W{0,3}([“\"‘])", sentence)
    if not opening:
        return False
    closing = {"“": r"”", '"': r'"', "‘": r"’(?!\w)"}[opening.group(1)]
    if not re.search(closing, sentence[opening.end() :]):
        return True  # the quotation runs on past this sentence
    after = outside_quotes(sentence).split()
    return len(after) < 3 or bool(_CUE_BEHIND.match(" ".join(after)))


def is_heading(line: str) -> bool:
    """A Markdown heading or a line that is bold throughout."""
    line = line.strip()
    return line.startswith("#") or (len(line) > 4 and line[:2] == "**" and line[-2:] == "**")


@dataclass(frozen=True)
class Layout:
    """Where one sentence sits: its text, and the line and paragraph around it."""

    text: str
    plain: str  # the text with quoted words blanked out
    new_paragraph: bool
    opens_quote: bool
    before_on_line: str  # what precedes the sentence on its line (a list marker, a dash)
    whole_line: bool  # the sentence is the whole of its line
    in_list: bool

    @classmethod
    def of(cls, text: str, start: int, end: int, previous_end: int) -> Layout:
        sentence = text[start:end]
        before_on_line = text[text.rfind("\n", 0, start) + 1 : start]
        return cls(
            text=sentence,
            plain=outside_quotes(sentence),
            new_paragraph="\n" in text[previous_end:start],
            opens_quote=_opens_quotation(sentence),
            before_on_line=before_on_line,
            whole_line=not before_on_line.strip() and text[end : end + 1] in ("\n", ""),
            in_list=bool(LIST_ITEM.match(before_on_line)),
        )

    @property
    def may_be_byline(self) -> bool:
        """Set out as a byline: after a dash, or a whole line not ending a sentence."""
        dashed = re.fullmatch(r"\s*[—–-]\s*", self.before_on_line)
        return bool(
            dashed
            or self.text.lstrip()[:1] in "—–"
            or (self.whole_line and self.text.rstrip()[-1:] != ".")
        )
