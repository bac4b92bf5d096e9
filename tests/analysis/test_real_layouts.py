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
            words = source.text[s.start : s.end].lstrip('“"‘').split()
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

For further information on our response, please contact Ruth Okoye, senior adviser, by email.

Media enquiries: contact Ruth Okoye, policy adviser at the Association of Shire Councils, on \
020 7946 0000.
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
    assert said["For further information on our response,"] == own
    assert said["Media enquiries: contact Ruth Okoye, policy"] == own
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

Madam Deputy Speaker (Dame Ada Rowe)

Order. I call the shadow Minister.

The Shadow Minister for Care (Ann Bell) (Lab)

I thank the hon. Member for her question, and I share her worry about the money.
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


def test_commons_members_lose_their_constituency_ministers_need_no_party_and_the_chair_is_nobody(
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
    # the chair speaks for nobody; a shadow minister is named in brackets, for their party
    assert said["I call the shadow Minister."] == ("Dame Ada Rowe", None)
    assert said["I thank the hon. Member for"] == ("Ann Bell", "Labour Party")


TRADE_PRESS = """Councils told to publish joint plans by April

By Sam Keller

3 June 2026

Places will be expected to publish joint delivery plans by April, the Department of Health and \
Social Care (DHSC) has said.

In new guidance, the DHSC advised that partnerships should agree a small number of shared \
priorities.

It clarified that a plan may take the form of board minutes or a signed agreement.

The DHSC said: ‘Places that started early show that agreeing priorities together takes time.’

Under this approach, each place would first agree its priorities and then its measures.

It added that councils should involve community care commissioned by councils and the \
voluntary sector.

The Local Government Association welcomed the guidance but warned that councils lack the staff.

It said the deadline would be hard to meet for smaller councils.

Community care commissioned by councils has grown by a fifth since 2020.

A DHSC spokesperson said: ‘We are giving places the time they need.’
"""


def test_trade_press_gives_the_departments_reported_words_to_it_and_the_reporter_none(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Councils told to publish joint plans"\npublisher: "Care Sector Weekly"\n'
        'author: "Sam Keller"\nkind: news',
        TRADE_PRESS,
    )
    assert said["Places will be expected to publish"] == (None, GOVERNMENT)
    assert said["In new guidance, the DHSC advised"] == (None, GOVERNMENT)
    assert said["It clarified that a plan may"] == (None, GOVERNMENT)
    assert said["The DHSC said: ‘Places that started"] == (None, GOVERNMENT)
    # the reporter's own summary speaks for nobody, and no publisher is ever a body
    assert said["Under this approach, each place would"] == (None, None)
    # "It" still refers to the department; a lower-case phrase is never a body's name
    assert said["It added that councils should involve"] == (None, GOVERNMENT)
    assert said["The Local Government Association welcomed the"] == (
        None,
        "Local Government Association",
    )
    # "It" after another body was quoted is that body, not the department
    assert said["It said the deadline would be"] == (None, "Local Government Association")
    assert said["Community care commissioned by councils has"] == (None, None)
    assert said["A DHSC spokesperson said: ‘We are"] == (None, GOVERNMENT)
    assert all(body not in ("Care Sector Weekly", "Community Care") for _, body in said.values())


NEWS_SUMMARY = """Publish date: 5 April 2026

Last year, the Government published Caring Together: A Plan for Adult Care, which sets out \
a ten-year programme for joining up services.

It argues that joint teams have shown what is possible during the winter.

The white paper was published on 1 March 2026 and is open for comments until June.

This page summarises the key proposals and the questions the paper asks.
"""


def test_a_news_summary_gives_what_the_government_plan_argues_to_the_department(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "The adult care plan"\npublisher: "Northern Care Network"\n'
        'author: "Northern Care Network"\nkind: news',
        NEWS_SUMMARY,
    )
    assert said["It argues that joint teams have"] == (None, GOVERNMENT)
    # the publisher's own neutral summary speaks for nobody
    assert said["The white paper was published on"] == (None, None)
    assert said["This page summarises the key proposals"] == (None, None)


MINISTERS_IN_NEWS = """Plan to join up care published

Health Secretary Tobias Grant said the plan would end the divide between health and care.

Care minister Lena Marsh told MPs: "Every place will have the support it needs."

She added that the first outcomes would be agreed within a year.

Shadow health secretary Ann Bell, of the Labour Party, said the plan lacked money.

According to the department, most places have already begun work.
"""


def test_a_minister_named_by_office_before_the_name_speaks_for_the_government(
    tmp_path: Path,
) -> None:
    said = _said(
        tmp_path,
        'title: "Plan published"\npublisher: "Care Sector Weekly"\nkind: news',
        MINISTERS_IN_NEWS,
    )
    assert said["Health Secretary Tobias Grant said the"] == ("Tobias Grant", GOVERNMENT)
    assert said["Care minister Lena Marsh told MPs:"] == ("Lena Marsh", GOVERNMENT)
    assert said["She added that the first outcomes"] == ("Lena Marsh", GOVERNMENT)
    # a shadow minister is the opposition, not the government
    assert said["Shadow health secretary Ann Bell, of"] == ("Ann Bell", "Labour Party")
    assert said["According to the department, most places"] == (None, GOVERNMENT)


BOARD_STATEMENT = """Councils respond to the integration white paper

10 February 2026

Responding to the white paper, Cllr Dana Whitlow, Chair of the LGA's Community Wellbeing \
Board, said:

“Councils have always been ready to work with the NHS.

“But a single accountable person risks blurring democratic accountability.”

Commenting on funding, the Shire Councils Association's chief executive, Mark Ellery, said: \
"Without money for social care, integration will stall."
"""


def test_a_board_named_after_its_body_speaks_for_that_body(tmp_path: Path) -> None:
    said = _said(
        tmp_path,
        'title: "Councils respond"\npublisher: "Local Government Association"\n'
        'kind: response\nspeaks_for: "Local Government Association"',
        BOARD_STATEMENT,
    )
    lga = "Local Government Association"
    assert said["Responding to the white paper, Cllr"] == (None, lga)
    assert said["Councils have always been ready to"] == ("Cllr Dana Whitlow", lga)
    assert said["But a single accountable person risks"] == ("Cllr Dana Whitlow", lga)
    assert said["Commenting on funding, the Shire Councils"] == (
        "Mark Ellery",
        "Shire Councils Association",
    )


def test_a_cue_set_off_by_commas_gives_the_sentence_to_the_person_it_refers_to(
    tmp_path: Path,
) -> None:
    text = (
        "Plans for joined-up care\n\n"
        "Helen Marr, chief executive of the Wyvern Care Partnership, welcomed the plans.\n\n"
        "Shared records would save staff hours every week, she explained, and families would "
        "no longer repeat their story.\n\n"
        "The timetable was tight, she conceded, but achievable.\n\n"
        "The catch, she adds, is who pays for it.\n"
    )
    said = _said(tmp_path, 'title: "Plans"\npublisher: "Care Sector Weekly"\nkind: news', text)
    partnership = "Wyvern Care Partnership"
    assert said["Helen Marr, chief executive of the"] == ("Helen Marr", partnership)
    assert said["Shared records would save staff hours"] == ("Helen Marr", partnership)
    assert said["The timetable was tight, she conceded,"] == ("Helen Marr", partnership)
    assert said["The catch, she adds, is who"] == ("Helen Marr", partnership)


def test_a_person_introduced_by_a_role_at_the_body_owns_the_quotation_after_a_colon(
    tmp_path: Path,
) -> None:
    text = (
        "Pharmacists respond to the white paper\n\n"
        "The Guild of Rural Pharmacists has responded to the white paper.\n\n"
        "Ffion Carew, the Guild's Head of Policy and Standards, took a more guarded view:\n\n"
        '"We support the aim, but rural pharmacies have heard promises before.\n\n'
        '"Without funding for connection, shared records will pass our members by."\n'
    )
    said = _said(
        tmp_path,
        'title: "Pharmacists respond"\nkind: response\nspeaks_for: "Guild of Rural Pharmacists"',
        text,
    )
    guild = "Guild of Rural Pharmacists"
    assert said["We support the aim, but rural"] == ("Ffion Carew", guild)
    assert said["Without funding for connection, shared records"] == ("Ffion Carew", guild)


def test_a_person_named_as_its_spokesperson_speaks_for_the_body_named_before(
    tmp_path: Path,
) -> None:
    text = (
        "What people are saying\n\n"
        "The Union of Rural Councils, which represents 80 councils, gave the plans a cool "
        "reception.\n\n"
        '"Councils will judge this plan on whether it respects local democracy," said '
        "Councillor Bryn Talfan, its spokesperson on adult social care.\n\n"
        'He added: "Scrutiny committees need real powers."\n'
    )
    said = _said(tmp_path, 'title: "Reactions"\npublisher: "Daily Courier"\nkind: news', text)
    union = "Union of Rural Councils"
    assert said["Councils will judge this plan on"] == ("Councillor Bryn Talfan", union)
    assert said['He added: "Scrutiny committees need real'] == ("Councillor Bryn Talfan", union)


def test_sector_bodies_without_a_telling_last_word_are_found_and_a_magazine_is_nobody(
    tmp_path: Path,
) -> None:
    text = (
        "Carers left out of integration plans, charities warn\n\n"
        "Morag Devlin, director of policy at Carers UK, said the plan barely mentioned unpaid "
        "carers.\n\n"
        "Speaking to HSJ, Owen Pike of Age UK said older people needed care closer to home.\n\n"
        "The white paper was welcomed by the BMA, which said it would study the detail.\n"
    )
    said = _said(tmp_path, 'title: "Carers"\npublisher: "Care Sector Weekly"\nkind: news', text)
    assert said["Morag Devlin, director of policy at"] == ("Morag Devlin", "Carers UK")
    assert said["Speaking to HSJ, Owen Pike of"] == ("Owen Pike", "Age UK")
    assert said["The white paper was welcomed by"] == (None, "British Medical Association")
    assert all(body not in ("HSJ", "Health Service Journal") for _, body in said.values())


def test_a_contact_block_at_the_foot_of_a_briefing_claims_nothing(tmp_path: Path) -> None:
    text = (
        "Briefing on the white paper\n\n"
        "We welcome the ambition for shared outcomes across every place.\n\n"
        "\u201cWe will hold the government to its word on funding,\u201d the briefing ends.\n\n"
        "Contact\n\n"
        "Alyson Brook, Senior Adviser, Local Government Association\n"
    )
    said = _said(
        tmp_path,
        'title: "Briefing"\nauthor: "Local Government Association"\nkind: response\n'
        'speaks_for: "Local Government Association"',
        text,
    )
    own = (None, "Local Government Association")
    assert said["We welcome the ambition for shared"] == own
    assert said["Alyson Brook, Senior Adviser, Local Government"] == own
    assert all(speaker != "Alyson Brook" for speaker, _ in said.values())


def test_a_sentence_opening_with_a_quoted_phrase_is_still_the_writers(tmp_path: Path) -> None:
    text = (
        "Briefing on the white paper\n\n"
        "We welcome the ambition for shared outcomes across every place.\n\n"
        '"Shared outcomes" must be agreed locally, not set nationally by the government.\n\n'
        "\u2018Joining up care\u2019 is the third white paper on care in a year.\n\n"
        '"We will work with every council," said Rhian Hale, chair of the association.\n'
    )
    said = _said(
        tmp_path,
        'title: "Briefing"\nauthor: "Association of Shire Councils"\nkind: response\n'
        'speaks_for: "Association of Shire Councils"',
        text,
    )
    own = (None, "Association of Shire Councils")
    # keys drop the opening quotation mark (see _said)
    assert said['Shared outcomes" must be agreed locally,'] == own
    assert said["Joining up care\u2019 is the third"] == own
    assert said['We will work with every council,"'] == ("Rhian Hale", own[1])
