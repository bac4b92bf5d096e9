"""Who is speaking: rules checked on invented documents the rules were not written from."""

from __future__ import annotations

from assistant.analysis.attribution import attribute_speakers
from assistant.analysis.bodies import Directory
from assistant.config import REPO_ROOT
from assistant.ingest.splitting import split_sentences
from assistant.models import Source

DIRECTORY = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")


def _attribute(text: str, kind: str = "news", speaks_for: str | None = None,
               author: str | None = None) -> list[tuple[str, str | None, str | None]]:
    source = Source(id="doc", title="Doc", kind=kind, text=text, content_hash="x",
                    speaks_for=speaks_for, author=author)
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans += [(s.start, s.end, False) for s in split_sentences(text, pos, pos + len(line))]
        pos += len(line) + 1
    return [(text[s.start : s.end], s.speaker, s.body)
            for s in attribute_speakers(source, spans, DIRECTORY)]


def test_said_with_a_role_at_an_unknown_body_names_that_body() -> None:
    rows = _attribute("“Community nurses are stretched,” said Ann Jones, chief executive of the "
                      "Queen’s Nursing Institute.")
    assert rows[0][1:] == ("Ann Jones", "Queen’s Nursing Institute")


def test_follow_on_quotes_and_pronouns_continue_the_last_speaker() -> None:
    rows = _attribute(
        "The plan is new.\n"
        "Saffron Cordery, deputy chief executive of NHS Providers, said: “Trusts are worried.\n"
        "“Money is short.”\n"
        "But she added: “We will engage.”"
    )
    assert rows[0][2] is None  # the reporter speaks for nobody
    assert [r[2] for r in rows[1:]] == ["NHS Providers"] * 3


def test_for_the_body_surname_said_uses_the_body() -> None:
    rows = _attribute("For the County Councils Network, Tett said that councils should lead.")
    assert rows[0][1:] == ("Martin Tett", "County Councils Network")


def test_a_bracketed_body_after_a_quote_is_the_speaker_inside_another_bodys_article() -> None:
    rows = _attribute("We welcome the plan.\n• “Staff are the key.” (Royal College of Physicians)",
                      kind="response", speaks_for="British Healthcare Trades Association (BHTA)")
    assert rows[0][2] == "British Healthcare Trades Association"
    assert rows[1][2] == "Royal College of Physicians"


def test_a_quoted_paragraph_after_an_introducer_belongs_to_the_body_introduced() -> None:
    rows = _attribute("On this we echo the Local Government Association:\n“Councils must lead.”\n"
                      "We agree with them.", kind="commentary", speaks_for="The Lowdown")
    assert [r[2] for r in rows] == ["The Lowdown", "Local Government Association", "The Lowdown"]


def test_an_unknown_quotation_in_a_bodys_article_is_nobodys_view() -> None:
    rows = _attribute("The plan reads as follows:\n“Everything will be joined up.”",
                      kind="commentary", speaks_for="The Lowdown")
    assert rows[1][2] is None


def test_news_reporters_speak_for_nobody_and_the_government_speaks_for_itself() -> None:
    rows = _attribute("The white paper was published yesterday. The government said it would "
                      "tackle delays.")
    assert rows[0][2] is None
    assert rows[1][2] == "Department of Health and Social Care"


def test_reader_comments_are_not_sector_bodies() -> None:
    source = Source(id="d", title="D", kind="news", text="NHS Providers said this is awful.",
                    content_hash="x")
    sentences = attribute_speakers(source, [(0, len(source.text), True)], DIRECTORY)
    assert sentences[0].body is None and sentences[0].speaker is None


def test_a_warning_as_a_noun_is_not_speech_by_the_person_named() -> None:
    text = "The plan has an early warning of its content: pictures of a grinning Sajid Javid."
    source = Source(id="d", title="D", kind="commentary", text=text, content_hash="x",
                    speaks_for="The Lowdown")
    sentences = attribute_speakers(source, [(0, len(text), False)], DIRECTORY)
    assert sentences[0].speaker is None
    assert sentences[0].body == "The Lowdown"


def test_a_passive_speech_verb_does_not_make_a_body_named_beside_it_the_speaker() -> None:
    rows = _attribute(
        "No remedies for these gaps (identified by the Rural Health Forum) are suggested.",
        kind="response", speaks_for="Association of Care Providers",
    )
    assert rows[0][2] == "Association of Care Providers"


def test_what_the_white_paper_proposes_or_promises_is_the_governments() -> None:
    rows = _attribute(
        "The white paper proposes one plan per place.\n"
        "It promises a review of the pooling rules.\n"
        "The white paper states that the Quality Regulation Commission will inspect places.\n"
        "Our members want more detail.",
        kind="response", speaks_for="Association of Care Providers",
    )
    assert [r[2] for r in rows] == [DIRECTORY.government] * 3 + ["Association of Care Providers"]


def test_its_director_speaks_for_the_body_named_just_before() -> None:
    rows = _attribute(
        "The Rural Care Employers Forum said it was disappointed.\n"
        'Its director, Owen Pryce, said: "Pay is the problem."\n'
        '"Passports are a sideshow," Mr Pryce said.'
    )
    assert [r[1:] for r in rows[1:]] == [("Owen Pryce", "Rural Care Employers Forum")] * 2


def test_its_unnamed_chair_speaks_for_the_body_named_just_before() -> None:
    rows = _attribute(
        "The Wexley Hospice Network welcomes the plan.\n"
        "Its chair said the network would share every record by the summer.",
        kind="response",
    )
    assert rows[1][1:] == (None, "Wexley Hospice Network")


def test_a_name_that_runs_on_into_another_capitalised_word_is_not_a_body() -> None:
    rows = _attribute(
        "Integration will only succeed if funding raised through the Health and Social Care "
        "Levy reaches care homes.",
        kind="response", speaks_for="Association of Care Providers",
    )
    assert rows[0][2] == "Association of Care Providers"


def test_interview_answers_belong_to_the_person_in_the_label() -> None:
    rows = _attribute(
        "Kate Ode spoke to Dr Lena Hart, chief executive of Fenside Community NHS Trust, and "
        "Rob Vale, director of the Upland Care Homes Association.\n"
        "**Q: Will shared outcomes help?**\n"
        "**Lena Hart:** Yes. I think they will.\n"
        "**Rob Vale:** I doubt it.\n"
        "Purpose: to set out the trust's view."
    )
    bodies = [r[2] for r in rows]
    assert bodies[1] is None  # the interviewer's question is the publisher's own voice
    assert bodies[2:4] == ["Fenside Community NHS Trust"] * 2
    assert bodies[4] == "Upland Care Homes Association"
    assert bodies[5] is None  # a heading with a colon is not a speaker label


def test_a_short_name_the_document_defines_is_that_body() -> None:
    rows = _attribute(
        "The Northern Care Workers Union (NCWU) met today.\n"
        "NCWU general secretary Jo Kane said the plan was thin.\n"
        '"It is all talk," Ms Kane said.'
    )
    assert [r[2] for r in rows[1:]] == ["Northern Care Workers Union"] * 2


def test_part_of_a_longer_body_name_is_never_a_person() -> None:
    rows = _attribute(
        "The Department of Health and Social Care said the reforms would help.\n"
        "For the Rural Care Leaders Network, its chair, Jo Bell, said the plan was risky."
    )
    assert rows[0][1:] == (None, DIRECTORY.government)
    assert rows[1][1:] == ("Jo Bell", "Rural Care Leaders Network")


def test_transcript_turns_belong_to_the_speaker_and_body_in_the_label() -> None:
    rows = _attribute(
        "Councillor Ann Hale (Chair, Health Scrutiny Committee): The white paper proposes one "
        "leader. Who would that be?\n"
        "Mr Dan Oke (Chief Executive, Northfield Integrated Care Board): That is undecided.\n"
        "Councillor Hale: But a joint board is not one person."
    )
    bodies = [r[2] for r in rows]
    assert bodies == [
        DIRECTORY.government, "Health Scrutiny Committee", "Northfield Integrated Care Board",
        "Health Scrutiny Committee",
    ]


def test_a_roundup_section_and_a_byline_under_a_quotation_name_the_speaker() -> None:
    rows = _attribute(
        "## Home Care Alliance\n"
        "‘A skills passport is a sensible idea. It will not fill a rota.’\n"
        "The alliance said it was disappointed.\n"
        "**Rural Carers Forum**\n"
        "‘Carers are mentioned only in passing.’\n"
        "— Jo Dale, chief executive, Society of Care Treasurers\n"
        "Dale said the review was overdue."
    )
    bodies = {r[0]: r[2] for r in rows}
    assert bodies["‘A skills passport is a sensible idea."] == "Home Care Alliance"
    assert bodies["It will not fill a rota.’"] == "Home Care Alliance"
    assert bodies["The alliance said it was disappointed."] == "Home Care Alliance"
    assert bodies["‘Carers are mentioned only in passing.’"] == "Society of Care Treasurers"
    assert bodies["Dale said the review was overdue."] == "Society of Care Treasurers"


def test_a_body_named_by_its_kind_is_the_latest_body_of_that_kind() -> None:
    rows = _attribute(
        "The Rural Care Network met ministers.\n"
        "Ann Bee, president of the Westshire Carers Association, spoke first.\n"
        "The network said it was worried."
    )
    assert rows[2][2] == "Rural Care Network"


def test_a_source_cited_in_support_leaves_the_point_with_the_writer() -> None:
    rows = _attribute(
        "No remedy is offered – and, as the Rural Health Forum points out, money is short.",
        kind="response", speaks_for="Association of Care Providers",
    )
    assert rows[0][2] == "Association of Care Providers"


def test_a_list_the_white_paper_sets_out_is_the_governments() -> None:
    rows = _attribute(
        "The white paper sets out the following timetable. Some dates may change.\n"
        "- shared outcomes framework to be implemented\n"
        "- shared care records for every person\n"
        "We doubt the second date.",
        kind="response", speaks_for="Association of Care Providers",
    )
    bodies = {r[0]: r[2] for r in rows}
    assert bodies["shared outcomes framework to be implemented"] == DIRECTORY.government
    assert bodies["shared care records for every person"] == DIRECTORY.government
    assert bodies["We doubt the second date."] == "Association of Care Providers"


def test_a_straight_quoted_remark_runs_on_across_sentences() -> None:
    rows = _attribute(
        '"Records would help," says Priya Nair, who runs Oakfield Home Care in Derby. "We wait '
        "an hour for a summary. But I doubt 2024.\"\n"
        'Tom Ade, director of Brookvale Care Homes, was sceptical. "Homes are an afterthought," '
        "he told us."
    )
    assert [r[2] for r in rows[:3]] == ["Oakfield Home Care"] * 3
    assert [r[2] for r in rows[3:]] == ["Brookvale Care Homes"] * 2


def test_a_body_asked_to_act_is_not_the_speaker() -> None:
    rows = _attribute(
        "Cabinet is asked to:\n(a) ask the Health Overview and Scrutiny Committee to meet.",
        kind="response", speaks_for="Wendlebury County Council",
    )
    assert rows[1][2] == "Wendlebury County Council"


def test_judging_what_the_white_paper_says_is_the_writers_own_view() -> None:
    rows = _attribute(
        "The white paper says little about funding.\n"
        "On carers the white paper says too little.",
        kind="response", speaks_for="Association of Care Providers",
    )
    assert [r[2] for r in rows] == ["Association of Care Providers"] * 2


def test_a_quotation_that_runs_on_keeps_its_speaker_even_in_the_first_person() -> None:
    rows = _attribute(
        'Said Dan Acre, chair of the National Guild of Social Workers: "Social workers broker '
        'care every day. We are cautiously optimistic about joint roles."',
        kind="response", speaks_for="Hearthside Carers Trust",
    )
    assert [r[2] for r in rows] == ["National Guild of Social Workers"] * 2


def test_the_government_asked_to_act_is_not_speaking() -> None:
    rows = _attribute(
        "Budgets are short, and we urge the government to set out a funding plan.",
        kind="response", speaks_for="Brightwater Patients Network",
    )
    assert rows[0][2] == "Brightwater Patients Network"


def test_he_is_the_last_person_quoted_not_the_white_paper() -> None:
    rows = _attribute(
        "Dr Rhys Penn, director of public health at Wyvern County Council, spoke next.\n"
        "The white paper states that places will agree a plan.\n"
        "He said the plan would give people someone to point at."
    )
    assert rows[2][1:] == ("Dr Rhys Penn", "Wyvern County Council")


def test_the_acronym_of_a_body_named_earlier_is_that_body() -> None:
    rows = _attribute(
        "Fiona Cole attended for the Northmoor Integrated Care Board.\n"
        "The ICB representative explained that places would be set up in April.",
        kind="response", speaks_for="Northmoor Health Scrutiny Committee",
    )
    assert rows[1][2] == "Northmoor Integrated Care Board"


def test_a_first_name_and_a_party_spokesperson_are_attributed() -> None:
    rows = _attribute(
        "We were joined by Gareth Llew, Head of Care Commissioning at Ashbridge County Council.\n"
        "Gareth said the council welcomed the direction.\n"
        "Mr Callow, the Civic Party's health spokesperson, dismissed the plans.",
        kind="response", speaks_for="Ashbridge Carers Forum",
    )
    assert rows[1][1:] == ("Gareth Llew", "Ashbridge County Council")
    assert rows[2][2] == "Civic Party"


def test_a_minister_speaks_for_the_government_and_a_shadow_minister_for_their_party() -> None:
    rows = _attribute(
        "Ros Tremm, the Minister for Care and Integration, opened the debate.\n"
        "The shadow minister, Dec Ash of the Commonwealth Party, was not convinced.\n"
        '"It is a glossy apology," Mr Ash said.\n'
        '"Patients have waited long enough," Ms Tremm said.'
    )
    assert rows[2][2] == "Commonwealth Party"
    assert rows[3][2] == DIRECTORY.government


def test_bodies_named_together_as_the_speaker_all_speak() -> None:
    sentences = [
        "Both the Local Government Association (LGA) and NHS Confederation advise that they "
        "broadly welcome the direction.",
        "The Health Foundation said the LGA and NHS Providers were wrong.",
    ]
    text = "\n".join(sentences)
    source = Source(id="d", title="d", kind="news", text=text, content_hash="x")
    spans = [(text.index(s), text.index(s) + len(s), False) for s in sentences]
    joint, single = attribute_speakers(source, spans, DIRECTORY)
    assert (joint.body, joint.also) == ("Local Government Association", ["NHS Confederation"])
    assert (single.body, single.also) == ("The Health Foundation", [])


def test_a_workplace_named_in_a_role_is_a_body_even_without_a_telling_last_word() -> None:
    rows = _attribute(
        "Analysts are watching. Priya Vance, head of research at Kingsmere Ratings, said the "
        "plan was neutral for councils.\n"
        "“It changes nothing for the sums,” she said."
    )
    assert rows[1][1:] == ("Priya Vance", "Kingsmere Ratings")
    assert rows[2][2] == "Kingsmere Ratings"


def test_a_body_named_in_the_possessive_before_a_person_is_their_body() -> None:
    rows = _attribute(
        "Pinewood's Carla Mendes on the plan\n"
        "Carla Mendes runs Pinewood Home Care from a small office.\n"
        "Mendes says the plan is welcome."
    )
    assert rows[2][1:] == ("Carla Mendes", "Pinewood Home Care")


def test_a_role_given_as_the_bodys_possessive_links_the_person() -> None:
    rows = _attribute(
        "Councillor Ola Banjo-Reid, Elmford City Council's cabinet member for care, spoke.\n"
        "Banjo-Reid said councils were not junior partners."
    )
    assert rows[1][1:] == ("Councillor Ola Banjo-Reid", "Elmford City Council")


def test_a_bold_byline_names_a_workplace_whose_quote_follows() -> None:
    rows = _attribute(
        "**Ilse Marwood, chief executive, Quillfield Systems**\n\n"
        "Quillfield sells software to care homes.\n\n"
        "“We welcome the 2024 target.”"
    )
    assert rows[-1][2] == "Quillfield Systems"


def test_a_body_named_again_by_the_end_of_its_name_is_the_same_body() -> None:
    rows = _attribute(
        "The meeting was run by the Elmbury Carers' Forum.\n"
        "The Carers' Forum said it would write to the council."
    )
    assert rows[1][2] == "Elmbury Carers' Forum"


def test_a_member_of_the_public_quoted_after_a_body_speaks_for_nobody() -> None:
    rows = _attribute(
        "Ruth Colley, manager of Birchgate House care home, said homes were left out.\n"
        "Owen Tarrant, 81, who cares for his brother, said he was tired of repeating himself.\n"
        "“Tell it once, then good,” he said."
    )
    assert rows[0][2] == "Birchgate House"
    assert rows[2][1:] == ("Owen Tarrant", None)


def test_a_body_named_by_its_kind_before_the_verb_is_the_speaker_not_one_named_after() -> None:
    rows = _attribute(
        "Dr Lena Stroud, chief executive of the Marsh Valley Hospice Network, spoke first.\n"
        "The network welcomed plans for the Care Quality Commission to review systems."
    )
    assert rows[1][2] == "Marsh Valley Hospice Network"


def test_a_person_who_is_a_role_at_a_body_speaks_for_it_after_a_fronted_place() -> None:
    rows = _attribute(
        "Rhian Tallis is director of place at Westbury Integrated Care Board.\n"
        "Over in Dunmere, Piers Ockham, the council’s director of adult services, is blunter.\n"
        "“We cannot pool what we have not got,” he said."
    )
    assert rows[0][1:] == ("Rhian Tallis", "Westbury Integrated Care Board")
    assert rows[1][2] is None  # no council has been named, so "the council" is nobody yet
    rows = _attribute(
        "Dunmere Borough Council met on Monday.\n"
        "Over in Dunmere, Piers Ockham, the council’s director of adult services, is blunter.\n"
        "“We cannot pool what we have not got,” he said."
    )
    assert rows[2][1:] == ("Piers Ockham", "Dunmere Borough Council")


def test_capitalised_transcript_labels_name_people_introduced_earlier() -> None:
    rows = _attribute(
        "The presenter was joined by Councillor Ada Lusk, cabinet member for care at Fenby "
        "County Council, and by Tom Rayne, who owns Holm Lodge, a care home.\n\n"
        "CLLR LUSK: It is a step in the right direction.\n\n"
        "TOM: I still cannot fill my night shifts.\n\n"
        "JUNE: My mum waited weeks to come home."
    )
    assert [r[2] for r in rows[1:]] == ["Fenby County Council", "Holm Lodge", None]


def test_the_white_paper_saying_far_too_little_is_the_writers_criticism() -> None:
    rows = _attribute("The white paper says far too little about carers.", kind="response",
                      speaks_for="Carebridge Patients' Alliance")
    assert rows[0][2] == "Carebridge Patients' Alliance"


def test_an_answer_label_is_the_person_the_interview_is_with() -> None:
    rows = _attribute(
        "Fenwick Care Network brings together 30 home care agencies. Its chief executive, "
        "Ruth Calder, spent years as a nurse. Tom Hale asked the questions.\n\n"
        "**Q: Is this the document you wanted?**\n\n"
        "**A:** Not quite, but it is closer than I expected."
    )
    assert rows[-1][1:] == ("Ruth Calder", "Fenwick Care Network")


def test_a_shortened_or_cut_short_name_is_the_body_named_in_full() -> None:
    rows = _attribute(
        "Ashby Vale Metropolitan Borough Council and the Pryor Lane Partnership met.\n"
        "Ashby Vale Council said it would pool more.\n"
        "Dana Holt, a partner at Pryor Lane, said the rules were unclear."
    )
    assert [r[2] for r in rows[1:]] == [
        "Ashby Vale Metropolitan Borough Council", "Pryor Lane Partnership"]


def test_the_department_reported_is_the_government_even_after_a_fronted_topic() -> None:
    rows = _attribute(
        "The Department intends to review the section 75 regulations.\n"
        "On workforce, it proposes more joint roles.",
        kind="commentary", speaks_for="Pryor Lane Advisory",
    )
    assert [r[2] for r in rows] == ["Department of Health and Social Care"] * 2


def test_a_spokesperson_introduced_after_the_body_speaks_for_it() -> None:
    rows = _attribute(
        "Dunmere Borough Council says it is further ahead than most.\n"
        "Councillor Ada Rowe, cabinet member for adult social care, said: “We welcome it.”"
    )
    assert rows[1][1:] == ("Councillor Ada Rowe", "Dunmere Borough Council")


def test_quotations_after_he_said_belong_to_him() -> None:
    rows = _attribute(
        "Owen Pryce, chief executive of the Fenby Care Alliance, said the plan was welcome.\n\n"
        "The white paper sets out new duties.\n\n"
        "But he said he had reservations about the timetable.\n\n"
        "“April 2023 is very close.”"
    )
    assert rows[-1][1:] == ("Owen Pryce", "Fenby Care Alliance")


def test_she_is_never_the_white_paper() -> None:
    rows = _attribute(
        "The white paper says councils and the NHS should pool more.\n\n"
        "Jo Marsh has run a care home for 17 years.\n\n"
        "“Nothing in it fills a vacancy,” she said."
    )
    assert rows[-1][2] is None


def test_a_job_title_in_capitals_is_not_the_speaker_but_the_person_before_it_is() -> None:
    rows = _attribute(
        "In this article, Wilma Tarrant, Policy and Parliamentary Executive of the Queen’s "
        "Nursing Institute, has welcomed the plans for shared records."
    )
    assert rows[0][1:] == ("Wilma Tarrant", "Queen’s Nursing Institute")


def test_a_series_title_after_a_bodys_possessive_is_not_a_person() -> None:
    rows = _attribute(
        "A theme throughout the LGA’s The Future of Care series is the need for patience. "
        "The government must give systems the time they need, while also ensuring that "
        "funding gets to community care."
    )
    assert [speaker for _, speaker, _ in rows] == [None, None]


def test_a_demand_made_of_the_government_is_not_the_governments_word() -> None:
    rows = _attribute("The government must give systems time to plan, the report argues.")
    assert rows[0][2] is None


def test_a_known_bodys_commentary_speaks_for_it_when_front_matter_does_not_say() -> None:
    text = "I am not convinced that a new layer of accountability is what places need."
    source = Source(id="doc", title="Doc", kind="commentary", text=text, content_hash="x",
                    publisher="Nuffield Trust", author="Ada Morrow")
    spans = [(0, len(text), False)]
    sentence = attribute_speakers(source, spans, DIRECTORY)[0]
    assert sentence.body == "Nuffield Trust"  # as if its front matter had said so
    news = source.model_copy(update={"kind": "news"})
    assert attribute_speakers(news, spans, DIRECTORY)[0].body is None


def test_an_unlisted_publishers_commentary_is_the_writers_own() -> None:
    text = "I am not convinced that a new layer of accountability is what places need."
    source = Source(id="doc", title="Doc", kind="commentary", text=text, content_hash="x",
                    publisher="The Westmoor Review")
    assert attribute_speakers(source, [(0, len(text), False)], DIRECTORY)[0].body is None
