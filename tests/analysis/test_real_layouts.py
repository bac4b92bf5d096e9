"""Who says each sentence in the layouts real documents have, read as an officer adds them.

Each text is invented (no real document is copied) but set out the way its kind is published:
a press statement, a body's own unsigned briefing, a parliamentary debate, a trade-press report
of a department's guidance and a news item summarising a government plan. Every document goes
through the real path: a Markdown file with front matter, `read_document`, then the same
`passages_of` (cleaning, splitting, attribution) an index build runs, with the shipped
knowledge/bodies.yaml.
"""

from __future__ import annotations

from pathlib import Path

from assistant.analysis.bodies import Directory
from assistant.ingest.builder import passages_of, token_counter
from assistant.ingest.documents import read_document
from tests.conftest import KNOWLEDGE

DIRECTORY = Directory.load(KNOWLEDGE / "bodies.yaml")
GOVERNMENT = "Department of Health and Social Care"
Said = dict[str, tuple[str | None, str | None]]


def _said(tmp_path: Path, front: str, body: str) -> Said:
    """(speaker, body) of every indexed sentence, keyed by the sentence's first six words."""
    path = tmp_path / "document.md"
    path.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    source = read_document(path)
    found: Said = {}
    for passage in passages_of(source, 160, token_counter(), DIRECTORY):
        for s in passage.sentences:
            words = source.text[s.start : s.end].lstrip("“\"‘").split()
            found[" ".join(words[:6])] = (s.speaker, s.body)
    return found


PRESS_STATEMENT = """Care homes welcome the plan but want the money to match

12 March 2026

Responding to the publication of the government's integration plans, the chief executive of the \
Hartwell Care Association, Priya Lomax, said:

"Our members have long wanted health and care to plan together, and this is a step forward.

"But joint budgets are no substitute for paying for care properly. We will press ministers on this.

"We look forward to working with councils and the NHS on the detail."
"""


def test_a_press_statement_is_the_quoted_persons_and_its_framing_line_the_bodys(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Care homes welcome the plan"\npublisher: "Hartwell Care Association"\n'
        'author: "Priya Lomax"\nkind: response\nspeaks_for: "Hartwell Care Association"',
        PRESS_STATEMENT,
    )
    body = "Hartwell Care Association"
    assert said["Responding to the publication of the"] == (None, body)
    assert said["Our members have long wanted health"] == ("Priya Lomax", body)
    assert said["But joint budgets are no substitute"] == ("Priya Lomax", body)
    assert said["We will press ministers on this."] == ("Priya Lomax", body)
    assert said["We look forward to working with"] == ("Priya Lomax", body)


def test_a_press_statement_naming_the_person_before_their_role_reads_the_same(
    tmp_path: Path,
) -> None:
    text = (
        "Commenting on the white paper, Tom Ridley, director of policy at the Fenmoor Hospice "
        'Alliance, said:\n\n"Hospices are ready to play their part in every place.\n\n'
        '"Yet the plan says little about end of life care."\n'
    )
    said = _said(
        tmp_path,
        'title: "Hospices respond"\nkind: response\nspeaks_for: "Fenmoor Hospice Alliance"',
        text,
    )
    assert said["Commenting on the white paper, Tom"] == (None, "Fenmoor Hospice Alliance")
    assert said["Hospices are ready to play their"] == ("Tom Ridley", "Fenmoor Hospice Alliance")
    assert said["Yet the plan says little about"] == ("Tom Ridley", "Fenmoor Hospice Alliance")


BRIEFING = """Our response to the integration white paper

This briefing sets out our initial view of the white paper. We welcome its focus on shared \
outcomes, but councils will need stable funding to deliver them.

The white paper sets out plans for a single person accountable for each place. It also \
emphasises the role of prevention. Its aim is to speed up joint working.

We will respond in full in the spring.

For further information, please contact Ruth Okoye, senior adviser: ruth.okoye@example.org
"""


def test_a_bodys_unsigned_briefing_speaks_for_it_and_the_contact_is_not_its_speaker(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Briefing"\npublisher: "Association of Shire Councils"\n'
        'author: "Association of Shire Councils"\nkind: response\n'
        'speaks_for: "Association of Shire Councils"',
        BRIEFING,
    )
    own = (None, "Association of Shire Councils")
    assert said["This briefing sets out our initial"] == own
    assert said["We welcome its focus on shared"] == own
    assert said["Its aim is to speed up"] == own
    assert said["We will respond in full in"] == own
    assert said["For further information, please contact Ruth"] == own
    # what the white paper itself sets out, and "it" carrying on from it, is the government's
    assert said["The white paper sets out plans"] == (None, GOVERNMENT)
    assert said["It also emphasises the role of"] == (None, GOVERNMENT)


LORDS = """Care Integration

Wednesday 4th March 2026

Lords Chamber

Baroness Ashcombe Portrait Baroness Ashcombe (Lab)

My Lords, the Government have given us another plan without the money to make it work. \
Carers are barely mentioned.

Lord Hebden Portrait Lord Hebden (LD)

My Lords, does the Minister accept that councils cannot pool budgets they do not have?

The Minister of State, Department of Health and Social Care (Lord Fairlie) (Con)

My Lords, I do not accept that. The plan sets out shared outcomes for every place.
"""

COMMONS = """Health and Social Care Integration

Volume 712: debated on Monday 9 March 2026

Elena Marsh Portrait Elena Marsh (Bradwell South) (Lab)

Mr Speaker, will the Secretary of State tell the House when the funding will follow?

Tobias Grant Portrait The Secretary of State for Health and Social Care (Tobias Grant)

The funding will follow the outcomes, and we will set it out in the spending review.

Elena Marsh Portrait Elena Marsh

That is not an answer, and families deserve one.
"""


def test_lords_members_speak_for_their_party_and_the_minister_for_the_government(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Care Integration (House of Lords)"\npublisher: "Hansard"\nkind: news',
        LORDS,
    )
    assert said["My Lords, the Government have given"] == ("Baroness Ashcombe", "Labour Party")
    assert said["Carers are barely mentioned."] == ("Baroness Ashcombe", "Labour Party")
    assert said["My Lords, does the Minister accept"] == ("Lord Hebden", "Liberal Democrats")
    assert said["The plan sets out shared outcomes"] == ("Lord Fairlie", GOVERNMENT)
    assert all(body != "Hansard" for _, body in said.values())


def test_commons_members_lose_their_constituency_and_a_minister_needs_no_party(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Health and Social Care Integration (Commons)"\npublisher: "Hansard"\nkind: news',
        COMMONS,
    )
    assert said["Mr Speaker, will the Secretary of"] == ("Elena Marsh", "Labour Party")
    assert said["The funding will follow the outcomes,"] == ("Tobias Grant", GOVERNMENT)
    # a later turn by the same member, whose line now gives only the name
    assert said["That is not an answer, and"] == ("Elena Marsh", "Labour Party")
