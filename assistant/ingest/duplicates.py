"""Whether a document being added is a copy of one already held, so no text is counted twice.

The same page saved under another name, from another site (different menus and footers), with a
few lines changed, or cut off part way, must be recognised: otherwise every sentence of it is
indexed twice, and a body's view counts twice in the positions table. File names and content
hashes cannot see any of that, so documents are compared by what they say.

How: each text, without its page furniture and reader comments (assistant/ingest/cleaning.py),
is lower-cased and reduced to its words; every run of `SHINGLE_WORDS` consecutive words is a
shingle. The share of one document's shingles found in the other is how much of it the other
contains (Broder's containment), worked out both ways: `new_in_held` and `held_in_new`.

- a longer copy: `held_in_new` is at least `CONTAINED` and exceeds `new_in_held` by at least
  `LONGER_BY` (the new one holds the held text and a good deal of its own): it replaces the held
  copy;
- the same text: either share is at least `CONTAINED` otherwise (furniture or a few edited lines
  apart) and a shorter copy: `new_in_held` is, `held_in_new` is not (an excerpt, a cut-off
  copy): refused, naming the held document;
- otherwise different documents, however alike their subject.

Why these numbers. Five-word shingles are long enough that the stock phrases of the field ("the
white paper sets out", "health and social care") are shared by unrelated documents only here and
there, and short enough that one changed word spoils only five shingles. Across the shipped
documents, the six real ones, the eval fixtures and the 130 invented responses in
eval/positions_docs/ (14,042 ordered pairs), the most one document holds of another is 0.22: a
news report quoting most of a press statement, which is a different document with a reporter of
its own. `CONTAINED` = 0.7 is three times that. Copies made of the 15 shipped, real and fixture
documents score: between other menus and footers, 0.76 to 0.98 of the copy found in the
original; three sentences with two words changed, 0.76 to 0.99; six sentences with three words
changed in each, 0.65 to 0.97 (under 0.7 only on pages of 150 to 220 words, where that is one
word in ten); excerpts of a third or a half, 0.96 to 1.0. `LONGER_BY` = 0.15: a whole page over
its held first half differs by 0.4 to 0.5, a copy with different menus by 0.02 to 0.24. Past
0.15 a copy is taken as the longer one and replaces the held copy; that errs on the harmless
side, since one copy is held either way, where a higher figure would refuse copies that add a
fifth of their own text. A long document that quotes 70% or more of a short one is taken for a
longer copy of it: the price of never holding a text twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from assistant.ingest.cleaning import find_segments
from assistant.ingest.documents import SourceError
from assistant.models import Source

SHINGLE_WORDS = 5
CONTAINED = 0.7
LONGER_BY = 0.15

Relation = Literal["same", "shorter", "longer"]


class DuplicateError(SourceError):
    """A document whose text is already held; the message names the held document."""

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words(source: Source) -> tuple[str, ...]:
    """What a document says, as lower-case words: no furniture, no reader comments, and no
    typography (curly or straight quotes, dashes, line breaks) that differs between copies."""
    kept = [s for s in find_segments(source) if not s.reader_comment]
    text = "\n".join(source.text[s.start : s.end] for s in kept)
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    return tuple(_WORD.findall(text))


def shingles(tokens: tuple[str, ...], size: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """Every run of `size` consecutive words (the whole text, when it is shorter than that)."""
    if len(tokens) <= size:
        return {tokens} if tokens else set()
    return {tokens[i : i + size] for i in range(len(tokens) - size + 1)}


def contained(part: tuple[str, ...], whole: tuple[str, ...]) -> float:
    """The share of `part`'s shingles that occur in `whole` (0 for a text with no words).

    A text shorter than a shingle is compared as one run of its own length, so a one-line
    document is found inside a longer one that says the same line.
    """
    size = min(SHINGLE_WORDS, len(part))
    mine = shingles(part, size)
    if not mine:
        return 0.0
    return len(mine & shingles(whole, size)) / len(mine)


@dataclass(frozen=True)
class Copy:
    """A held document the new one copies, and how."""

    held: Source
    relation: Relation
    new_in_held: float  # share of the new document's shingles found in the held one
    held_in_new: float


def relation(
    new_words: tuple[str, ...], held_words: tuple[str, ...]
) -> tuple[Relation, float, float] | None:
    """How a new text stands to a held one, with the containment each way (None: not a copy)."""
    new_in_held = contained(new_words, held_words)
    held_in_new = contained(held_words, new_words)
    kind: Relation
    if held_in_new >= CONTAINED and held_in_new - new_in_held >= LONGER_BY:
        kind = "longer"
    elif new_in_held >= CONTAINED:
        kind = "same" if held_in_new >= CONTAINED else "shorter"
    elif held_in_new >= CONTAINED:
        kind = "same"
    else:
        return None
    return kind, round(new_in_held, 3), round(held_in_new, 3)


def copies_of(
    new: Source, held: Iterable[Source], known: dict[str, tuple[str, ...]] | None = None
) -> list[Copy]:
    """Every held document the new one is a copy of, or holds a copy of.

    `known` keeps the words of held documents by content hash, so adding several files at
    once reads each held document once.
    """
    known = {} if known is None else known
    mine = words(new)
    found = []
    for other in held:
        if other.content_hash not in known:
            known[other.content_hash] = words(other)
        match = relation(mine, known[other.content_hash])
        if match is not None:
            found.append(Copy(other, *match))
    return found


def refusal(new: Source, copy: Copy) -> str:
    """The one line that says why a copy is not added, naming the document already held."""
    held = f"'{copy.held.id}' (“{copy.held.title}”)"
    if copy.relation == "same":
        what = f"the same text as {held}, which is already held"
    elif copy.relation == "shorter":
        what = f"part of the text of {held}, which is already held"
    else:
        what = f"a longer copy of {held}, which is shipped with the assistant and stays as it is"
    return f"'{new.id}' is {what}; nothing was changed"
