"""Per-answer checks, computed offline (no LLM judge): what eval/README.md defines and why.

Each function takes plain data (answer text, citation dicts, source texts) so the same checks
score the assistant and the plain baseline alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# The support measure, its thresholds and the text normalising it needs are the assistant's own
# (assistant/answer/grounding.py), so "supported" here means what the fluent-answer checks mean.
from assistant.answer.grounding import (  # noqa: F401 (re-exported for the runner and tests)
    MARKER,
    SUPPORT_OVERLAP,
    SUPPORT_OVERLAP_WITH_SIMILARITY,
    SUPPORT_SIMILARITY,
    Embed,
    content_words,
    plain_text,
    supports,
)


# ------------------------------------------------------------------------------ retrieval
def retrieval_scores(
    groups: list[set[str]], ranked: Sequence[str], k: int = 5
) -> tuple[float, float]:
    """(recall@k, reciprocal rank) of gold sources in a ranked list of passages' source ids.

    recall@k is the share of gold source groups with a passage among the first k; the
    reciprocal rank is 1/rank of the first passage from any gold source (0 if none).
    """
    if not groups:
        return 0.0, 0.0
    top = set(ranked[:k])
    recall = sum(bool(g & top) for g in groups) / len(groups)
    gold = set().union(*groups)
    rank = next((i for i, s in enumerate(ranked, start=1) if s in gold), None)
    return recall, (1.0 / rank if rank else 0.0)


# ------------------------------------------------------------------------------ citations
def citation_problems(answer: str, citations: list[dict], texts: dict[str, str]) -> list[str]:
    """Why the citations of an answer cannot be trusted; empty when all are sound.

    Every [n] marker must name a citation, every citation's quote must be the source text at
    its offsets, and an answer that claims to answer must cite something.
    """
    problems = []
    by_n = {c["n"]: c for c in citations}
    markers = [int(m) for m in MARKER.findall(answer)]
    if not markers:
        problems.append("the answer has no citation markers")
    for n in sorted(set(markers) - set(by_n)):
        problems.append(f"marker [{n}] names no citation")
    for c in citations:
        text = texts.get(c["source_id"])
        if text is None:
            problems.append(f"[{c['n']}] cites an unknown source '{c['source_id']}'")
        elif text[c["start"] : c["end"]] != c["quote"]:
            problems.append(f"[{c['n']}] quote is not the source text at {c['start']}-{c['end']}")
    return problems


@dataclass(frozen=True)
class Statement:
    text: str
    cites: tuple[int, ...]


def statements(answer: str) -> list[Statement]:
    """The claims of an answer: each run of text up to and including its markers.

    Headings (a line in bold, or ending with a colon) are not claims; trailing text with no
    marker and at least four words is a claim that cites nothing.
    """
    found: list[Statement] = []
    for line in answer.splitlines():
        line = line.strip()
        bare = line.strip("*#-: ").strip()
        if not bare or (line.startswith("**") and line.endswith("**")) or line.endswith(":"):
            continue
        pos = 0
        for run in re.finditer(r"(?:\s*\[\d+\])+[.,;:!?]?", line):
            text = line[pos : run.start()].strip(" -")
            pos = run.end()
            if text:
                found.append(Statement(text, tuple(int(n) for n in MARKER.findall(run.group()))))
        rest = line[pos:].strip(" -")
        if len(rest.split()) >= 4:
            found.append(Statement(rest, ()))
    return found


@dataclass
class Support:
    statements: int = 0
    supported: int = 0
    citations: int = 0
    precise: int = 0
    unsupported: list[str] = field(default_factory=list)


def citation_support(
    answer: str, citations: list[dict], texts: dict[str, str], embed: Embed
) -> Support:
    """ALCE-style citation recall (statements supported by what they cite, together) and
    citation precision (citations that support their statement on their own)."""
    by_n = {c["n"]: c for c in citations}
    result = Support()

    def passage(n: int) -> str:
        """What a reader checking [n] sees: who published it and who speaks, then the passage.

        The body the assistant attributed is left out: that is the claim being checked.
        """
        c = by_n[n]
        text = texts.get(c["source_id"], "")
        byline = " ".join(str(c.get(k) or "") for k in ("title", "publisher", "author", "speaker"))
        start, end = c.get("passage_start", c["start"]), c.get("passage_end", c["end"])
        return f"{byline}\n{text[start:end]}"

    claims = statements(answer)
    if claims:
        # One batch for every text the checks below compare, not one model call per pair.
        cited = [[n for n in st.cites if n in by_n] for st in claims]
        embed(
            [plain_text(MARKER.sub("", st.text)) for st in claims]
            + [plain_text(passage(n)) for ns in cited for n in ns]
            + [plain_text(" ".join(passage(n) for n in ns)) for ns in cited if len(ns) > 1]
        )
    for st in claims:
        result.statements += 1
        cited = [n for n in st.cites if n in by_n]
        if cited and supports(st.text, " ".join(passage(n) for n in cited), embed)[0]:
            result.supported += 1
        else:
            result.unsupported.append(st.text[:160])
        for n in cited:
            result.citations += 1
            result.precise += supports(st.text, passage(n), embed)[0]
    return result


# ------------------------------------------------------------------------------ content
def facts_missing(patterns: list[str], answer: str) -> list[str]:
    """The fact patterns the answer does not state (case-insensitive, on plain text)."""
    text = plain_text(answer)
    return [p for p in patterns if not re.search(p, text, re.IGNORECASE)]


def opening(answer: str) -> str:
    """An answer's opening: its first paragraph, where the answer itself should be."""
    return answer.strip().split("\n\n", 1)[0]


_NOT_ADDRESSED = (
    r"{name}\W+(?:did not address|is not quoted on|was not quoted on|said nothing)",
    r"(?:hold no statements by|mention|nothing (?:from|by))\W+{name}",
)


def said_not_addressed(body: str, answer: str, listed: list[str]) -> bool:
    """Whether an answer says `body` did not address the question.

    Answers list such bodies in `not_addressed`; the wording is checked too, so an answer
    (or the plain pipeline) that says it in words without listing it is still caught.
    """
    if any(_body_key(b) == _body_key(body) for b in listed):
        return True
    text = plain_text(answer)
    name = re.escape(re.sub(r"^the\s+", "", body, flags=re.IGNORECASE))
    return any(re.search(p.format(name=name), text, re.IGNORECASE) for p in _NOT_ADDRESSED)


def forbidden_found(patterns: list[str], answer: str) -> list[str]:
    text = plain_text(answer)
    return [p for p in patterns if re.search(p, text, re.IGNORECASE)]


def _body_key(name: str) -> str:
    name = plain_text(name).lower()
    name = re.sub(r"\(.*?\)", "", name)
    return re.sub(r"^the\s+", "", name).strip()


def stances_missing(expected: list[dict], positions: list[dict]) -> list[str]:
    """Expected (body, topic, stance) triples that the answer's positions do not report."""
    missing = []
    for want in expected:
        hit = any(
            _body_key(p.get("body", "")) == _body_key(want["body"])
            and p.get("stance") == want["stance"]
            and (want.get("topic") is None or p.get("topic") == want["topic"])
            for p in positions
        )
        if not hit:
            topic = f" on {want['topic']}" if want.get("topic") else ""
            missing.append(f"{want['body']}{topic}: {want['stance']}")
    return missing
