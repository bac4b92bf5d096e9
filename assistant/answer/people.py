"""Answers to "who is X?": the person's body and role, in the documents' own words.

The opening names the body the person speaks for and quotes the sentence that introduces them
("Saffron Cordery, deputy chief executive of NHS Providers, said ..."), because that is where a
document states a role; then the person's own statements that best answer the question. Nothing
is said of a person beyond what the documents say.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from assistant.analysis.bodies import Directory
from assistant.answer.compose import citation_for
from assistant.answer.evidence import Evidence
from assistant.answer.statements import carries_content
from assistant.index.versions import IndexData
from assistant.models import Answer, Citation
from assistant.text import markdown_text, quoted

_ROLE = re.compile(
    r"\b(?:chief executive|director|chair\w*|president|secretary|minister|head of|executive|"
    r"officer|spokes\w*|leader|lead\b|manager|councillor|cllr|professor|dr\b|founder|"
    r"editor|correspondent|reporter|policy|adviser|advisor|member|mp\b|baroness|lord)",
    re.IGNORECASE,
)
MAX_STATEMENTS = 3


class PersonAnswerer:
    """Finds what the documents say of a person and what the person said."""

    def __init__(self, data: IndexData, directory: Directory, people: dict[str, str]) -> None:
        self.data = data
        self.directory = directory
        self.people = people  # full name -> the body they speak for

    def _sentences(self):  # noqa: ANN202 (a generator of (passage, sentence, text))
        for i, passage in enumerate(self.data.passages):
            text = self.data.sources[passage.source_id].text
            for j, sentence in enumerate(passage.sentences):
                yield i, j, sentence, text[sentence.start : sentence.end]

    def speaker_for(self, body: str) -> str | None:
        """The person quoted most often for `body`, or None when nobody is."""
        counts: Counter[str] = Counter(
            s.speaker for _, _, s, _ in self._sentences() if s.speaker and s.body == body
        )
        return counts.most_common(1)[0][0] if counts else None

    def answer(self, question: str, person: str, query: np.ndarray) -> Answer | None:
        """The person's body and role, then their statements; None when no document names them."""
        surname = person.split()[-1]
        naming = re.compile(rf"\b(?:{re.escape(person)}|{re.escape(surname)})\b")
        spoken: list[tuple[float, int, int]] = []
        introduced: list[tuple[int, int]] = []
        bodies: Counter[str] = Counter()
        named_for: Counter[str] = Counter()
        for i, j, sentence, text in self._sentences():
            if sentence.speaker and naming.search(sentence.speaker):  # "Councillor Jo Bloggs"
                if sentence.body:
                    bodies[sentence.body] += 1
                if carries_content(text, self.directory):
                    row = self.data.sentence_offsets[i] + j
                    spoken.append((float(self.data.sentence_vectors[row] @ query), i, j))
            if naming.search(text) and _ROLE.search(text):
                introduced.append((i, j))
                if sentence.body:
                    named_for[sentence.body] += 1
        if not spoken and not introduced:
            return None
        # Who they speak for: their own statements' body, else what bodies.yaml or the index
        # knows, else the body of the sentences that introduce them with a role ("Our chief
        # executive, X, said").
        known = bodies or Counter({self.people[person]: 1} if person in self.people else {})
        known = known or named_for
        body = known.most_common(1)[0][0] if known else None
        spoken.sort(key=lambda s: (-s[0], s[1], s[2]))
        chosen = introduced[:1] + [(i, j) for _, i, j in spoken if (i, j) not in introduced[:1]]
        citations = [
            citation_for(self.data, Evidence(i, j, 0.0, 0.0), n)
            for n, (i, j) in enumerate(chosen[: MAX_STATEMENTS + 1], start=1)
        ]
        return Answer(
            question=question,
            answerable=True,
            answer=_text(person, body, citations),
            citations=citations,
            index_version=self.data.version,
        )


def _text(person: str, body: str | None, citations: list[Citation]) -> str:
    name = markdown_text(person)
    first = citations[0]
    where = f"speaks for {markdown_text(body)}" if body else "is quoted"
    lines = [f"{name} {where} in the documents I hold: {quoted(first.quote)} [{first.n}].", ""]
    if len(citations) > 1:
        lines.append(f"**What {name} said**\n")
        lines += [f"- *{markdown_text(c.title)}*: {quoted(c.quote)} [{c.n}]" for c in citations[1:]]
    return "\n".join(lines).strip()
