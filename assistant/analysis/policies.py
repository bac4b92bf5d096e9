"""Which policy paper a document is about: CP 573, the integration white paper, or another one.

Officers add whatever they find, and a response to the February 2021 white paper or to the
adult social care reform paper reads much like a response to CP 573. Presented as a view on
CP 573 it would mislead, so each document is judged as it is ingested, from what names it:

1. Its title and web address. A title that names a paper is the strongest sign there is, and
   one that names CP 573 settles it.
2. Its text: the sentences that name each paper (knowledge/policies.yaml: titles, short names,
   and the dates of papers the document names). A document is about another paper only when
   it names that paper in at least `MIN_SENTENCES` sentences and in more than twice as many as
   it names CP 573, so a response to CP 573 that mentions the earlier papers in passing ("it
   builds on the Health and Care Bill") stays about CP 573. Against an Act or a plan, the
   sentences that say only "the white paper" count for CP 573 too: an Act is no white paper.
3. Its date. A document dated before CP 573 was published cannot respond to it, so any other
   paper it names is the one it is about.

Anything else is taken to be about CP 573, the subject of the assistant, and an officer can
say otherwise with `python -m assistant ingest FILE --about POLICY_ID`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_POLICIES_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "policies.yaml"
POLICIES_FILE = "policies.yaml"
# Sentences that must name another paper before a document is taken to be about it.
MIN_SENTENCES = 3
# ...and how many times more often than CP 573 it must be named (strictly more than this).
DOMINANCE = 2
# Sentences that say "the white paper" and name no paper: a document's own subject, whichever
# white paper it is, so they count for CP 573 only against a paper that is not a white paper.
GENERIC = "_white-paper"
_GENERIC = re.compile(r"\bwhite ?papers?\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+|\n\s*\n|\n(?=\s*[-•*]\s)")


@dataclass(frozen=True)
class Policy:
    """One policy paper, as knowledge/policies.yaml describes it."""

    id: str
    title: str
    label: str
    published: str
    date: str
    names: tuple[str, ...]
    dates: tuple[str, ...]
    short: str = ""  # how reasons name the paper; the label unless policies.yaml gives one
    white_paper: bool = True  # an Act or a plan is not what a document calls "the white paper"

    @property
    def display(self) -> str:
        """How the paper is named to officers: "People at the Heart of Care (December 2021)"."""
        return f"{self.label} ({self.published})"


@dataclass(frozen=True)
class Verdict:
    """What a document is about: `about` is another paper's id, or None for CP 573."""

    about: str | None
    title: str | None  # the other paper's display name, when there is one
    reason: str


@dataclass(frozen=True)
class Policies:
    """The subject paper (CP 573) and the other papers a document may be about."""

    subject: Policy
    others: tuple[Policy, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_POLICIES_PATH) -> Policies:
        return _load(Path(path))

    @property
    def ids(self) -> list[str]:
        return [self.subject.id, *(p.id for p in self.others)]

    def get(self, policy_id: str) -> Policy | None:
        wanted = policy_id.strip().lower()
        return next((p for p in (self.subject, *self.others) if p.id == wanted), None)

    def declared(self, policy_id: str, why: str) -> Verdict:
        """The verdict an officer (or a document's front matter) gave; the id must be known."""
        policy = self.get(policy_id)
        if policy is None:
            raise KeyError(policy_id)
        if policy is self.subject:
            return Verdict(None, None, f"{why} about {self.subject.short}.")
        return Verdict(policy.id, policy.display, f"{why} about {policy.display}.")

    def judge(
        self, title: str, text: str, url: str | None = None, date: str | None = None
    ) -> Verdict:
        """Whether a document is about CP 573 or another paper, with the reason in words."""
        metadata = f"{title} {_words_of_url(url)}"
        named = _named(metadata, self)
        if self.subject.id in named:
            return Verdict(None, None, f"Its title names {self.subject.short}.")
        in_title = [p for p in self.others if p.id in named]
        if in_title:
            best = max(in_title, key=lambda p: named[p.id])
            return Verdict(best.id, best.display, f"Its title names {best.display}.")
        counts = sentence_counts(text, self)
        ranked = sorted(self.others, key=lambda p: -counts.get(p.id, 0))
        best = ranked[0] if ranked and counts.get(ranked[0].id, 0) else None
        if best is None:
            return Verdict(None, None, "It names no other policy paper.")
        most = counts[best.id]
        subject = counts.get(self.subject.id, 0)
        if not best.white_paper:  # "the white paper" cannot be the Act
            subject += counts.get(GENERIC, 0)
        if _before(date, self.subject.date):
            return Verdict(
                best.id,
                best.display,
                f"It is dated {date}, before {self.subject.short} was published, and names "
                f"{best.display}.",
            )
        if most >= MIN_SENTENCES and most > DOMINANCE * subject:
            return Verdict(
                best.id,
                best.display,
                f"It names {best.display} in {_sentences(most)} and {self.subject.short} in "
                f"{_sentences(subject)}.",
            )
        return Verdict(
            None,
            None,
            f"It names {best.display} only in passing (in {_sentences(most)}; "
            f"{self.subject.short} in {_sentences(subject)}).",
        )


def sentence_counts(text: str, policies: Policies) -> dict[str, int]:
    """How many sentences of the text name each paper: by a name, or by the date of a paper
    the text names somewhere (CP 573's date always counts: it is the subject). Sentences that
    say only "the white paper" are counted under `GENERIC`."""
    sentences = [s for s in _SENTENCE_END.split(text) if s and s.strip()]
    found = [_named(s, policies) for s in sentences]
    named_anywhere = {pid for f in found for pid in f}
    counts: dict[str, int] = {}
    for sentence, names in zip(sentences, found, strict=True):
        ids = set(names)
        lower = _plain(sentence)
        for policy in (policies.subject, *policies.others):
            known = policy is policies.subject or policy.id in named_anywhere
            if known and any(_has(lower, d) for d in _dates(policy)):
                ids.add(policy.id)
        if not ids and _GENERIC.search(lower):
            ids.add(GENERIC)
        for pid in ids:
            counts[pid] = counts.get(pid, 0) + 1
    return counts


def _named(text: str, policies: Policies) -> dict[str, int]:
    """Mentions of each paper by name, longest names first and never overlapping, so
    "Joining up care for people, places and populations" counts once, not also as
    "joining up care"."""
    plain = _plain(text)
    taken = [False] * len(plain)
    counts: dict[str, int] = {}
    for name, pid in _names_longest_first(policies):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", plain):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = [True] * (match.end() - match.start())
            counts[pid] = counts.get(pid, 0) + 1
    return counts


def _sentences(n: int) -> str:
    return "none" if n == 0 else "1 sentence" if n == 1 else f"{n} sentences"


def _before(date: str | None, published: str) -> bool:
    """Whether a document's date (YYYY, YYYY-MM or YYYY-MM-DD) is before a paper's: compared
    only as far as the document's date goes, so "2022-02" is not before "2022-02-09"."""
    if not date or not re.match(r"^\d{4}(-\d{2}){0,2}$", str(date)):
        return False
    date = str(date)
    return date < published[: len(date)]


def _has(plain: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", plain) is not None


def _plain(text: str) -> str:
    """Lower case, curly quotes and dashes made plain, runs of space made one."""
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text)


def _words_of_url(url: str | None) -> str:
    """A web address's path as words: ".../people-at-the-heart-of-care" names the paper."""
    if not url:
        return ""
    path = re.sub(r"^[a-z]+://[^/]+", "", str(url).lower())
    return re.sub(r"[-_/.]+", " ", path)


def _dates(policy: Policy) -> tuple[str, ...]:
    return tuple(_plain(d) for d in policy.dates)


@lru_cache(maxsize=8)
def _names_longest_first(policies: Policies) -> tuple[tuple[str, str], ...]:
    pairs = [(_plain(n), p.id) for p in (policies.subject, *policies.others) for n in p.names]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=8)
def _load(path: Path) -> Policies:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    policies = [
        Policy(
            id=str(p["id"]),
            title=str(p["title"]),
            label=str(p.get("label", p["title"])),
            published=str(p["published"]),
            date=str(p["date"]),
            names=tuple(str(n) for n in p.get("names", [])),
            dates=tuple(str(d) for d in p.get("dates", [])),
            short=str(p.get("short") or p.get("label", p["title"])),
            white_paper=bool(p.get("white_paper", True)),
        )
        for p in data["policies"]
    ]
    subject = next(p for p in policies if p.id == data["subject"])
    return Policies(subject, tuple(p for p in policies if p is not subject))
