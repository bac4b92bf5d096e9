"""A debate record: members speak for their party, ministers for the government, the publisher
for nobody; a body's own unsigned page is the body speaking with no person behind it."""

from __future__ import annotations

from assistant.analysis.attribution import attribute_speakers
from assistant.analysis.bodies import Directory
from assistant.analysis.debates import is_debate, turns
from assistant.ingest.splitting import split_sentences
from assistant.models import Source
from tests.conftest import KNOWLEDGE

DIRECTORY = Directory.load(KNOWLEDGE / "bodies.yaml")
DEBATE = """Care Reform

Tuesday 3rd March 2026

Lords Chamber

Lady Marsh Portrait Lady Marsh (Lab)

My Lords, the plan leaves carers waiting again. We have asked for a date for three years.

Lord Penrose (CB)

My Lords, I share the noble Baroness's worry about the workforce.

The Parliamentary Under-Secretary of State for Health (Lord Ashdown) (Con)

My Lords, the Government will publish the workforce plan this year.
"""


def _attributed(text: str, **meta: str) -> dict[str, tuple[str | None, str | None]]:
    source = Source(id="doc", title="Debate", kind=meta.pop("kind", "news"), text=text,
                    content_hash="x", **meta)
    spans = [
        (s.start, s.end, False)
        for line_start, line in _lines(text)
        for s in split_sentences(text, line_start, line_start + len(line))
    ]
    sentences = attribute_speakers(source, spans, DIRECTORY)
    return {text[s.start : s.end]: (s.speaker, s.body) for s in sentences}


def _lines(text: str):  # noqa: ANN202
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def test_a_debate_is_recognised_by_its_speaker_lines() -> None:
    source = Source(id="d", title="x", kind="news", text=DEBATE, content_hash="x")
    assert is_debate(source)
    plain = Source(id="n", title="x", kind="news", text="Lady Marsh (Lab) said it was late.",
                   content_hash="x")
    assert not is_debate(plain)


def test_members_speak_for_their_party_and_ministers_for_the_government() -> None:
    said = _attributed(DEBATE, publisher="Hansard")
    assert said["We have asked for a date for three years."] == ("Lady Marsh", "Labour Party")
    assert said["My Lords, I share the noble Baroness's worry about the workforce."] == (
        "Lord Penrose",
        "Crossbench peers",
    )
    minister = said["My Lords, the Government will publish the workforce plan this year."]
    assert minister == ("Lord Ashdown", DIRECTORY.government)


def test_the_debates_headings_and_speaker_lines_speak_for_nobody() -> None:
    said = _attributed(DEBATE, publisher="Hansard")
    assert said["Lords Chamber"] == (None, None)
    assert said["Lady Marsh Portrait Lady Marsh (Lab)"] == (None, None)
    assert all(body != "Hansard" for _, body in said.values())


def test_turns_run_to_the_next_speaker_line() -> None:
    found = turns(DEBATE, DIRECTORY)
    assert [t.speaker for t in found] == ["Lady Marsh", "Lord Penrose", "Lord Ashdown"]
    assert all(a.end <= b.line[0] for a, b in zip(found, found[1:], strict=False))


def test_a_bodys_own_unsigned_page_has_the_body_and_no_speaker() -> None:
    text = "We welcome the ambition of the white paper.\nWe are concerned about funding."
    said = _attributed(
        text,
        kind="response",
        author="Local Government Association",
        publisher="Local Government Association",
        speaks_for="Local Government Association",
    )
    assert set(said.values()) == {(None, "Local Government Association")}


def test_a_member_named_alone_on_a_later_line_takes_the_floor_again() -> None:
    debate = """Care Reform Statement

The Secretary of State for Health and Social Care (Tobias Grant)

With permission, Mr Speaker, I will make a statement on the care plan.

Elena Marsh (Bradwell South) (Lab)

Where is the money for carers?

Tobias Grant

The hon. Lady asks about funding. We are putting more into carers' breaks.

Elena Marsh

That is not enough.
"""
    said = _attributed(debate, publisher="Hansard")
    minister = ("Tobias Grant", DIRECTORY.government)
    assert said["We are putting more into carers' breaks."] == minister
    assert said["That is not enough."] == ("Elena Marsh", "Labour Party")
    assert said["Tobias Grant"] == (None, None)


def test_a_name_alone_before_the_member_speaks_is_not_a_speaker_line() -> None:
    debate = DEBATE.replace("Lords Chamber", "Lord Penrose")
    found = turns(debate, DIRECTORY)
    assert [t.speaker for t in found] == ["Lady Marsh", "Lord Penrose", "Lord Ashdown"]


def test_the_houses_courtesies_take_no_side_and_carry_no_view() -> None:
    from assistant.analysis.debates import procedural
    from assistant.answer.statements import carries_content
    from assistant.ingest.builder import as_reported

    courtesy = "I thank the Secretary of State for advance sight of his statement."
    assert procedural(courtesy)
    assert as_reported("concern", courtesy, "Labour Party", DIRECTORY) == "neutral"
    assert procedural("With permission, Mr Speaker, I will make a statement on the care plan.")
    assert not carries_content(courtesy, DIRECTORY)
    point = "I thank the Minister for her answer, but carers have waited three years for a plan."
    assert not procedural(point)
    assert carries_content(point, DIRECTORY)


def test_a_minister_speaks_for_the_government_when_a_later_line_gives_their_party() -> None:
    debate = DEBATE + "\nLady Marsh (Lab)\n\nWhen this year?\n\nLord Ashdown (Con)\n\n" \
        "My Lords, before the summer recess.\n"
    said = _attributed(debate, publisher="Hansard")
    assert said["My Lords, before the summer recess."] == ("Lord Ashdown", DIRECTORY.government)
    assert said["When this year?"] == ("Lady Marsh", "Labour Party")


def test_a_reply_that_only_names_the_members_question_carries_no_view() -> None:
    from assistant.answer.statements import carries_content

    assert not carries_content("The hon. Gentleman asks about funding.", DIRECTORY)
    assert carries_content("We are putting more into carers' breaks this year.", DIRECTORY)
