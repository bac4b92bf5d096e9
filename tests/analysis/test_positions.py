"""Topic tagging and stance rules, on invented sentences and on the hand-labelled statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.analysis.stance import (
    CONCERN_WORDS,
    SUPPORT_WORDS,
    stance_of,
    stance_strength,
    stances_in_order,
)
from assistant.analysis.topics import Topic, load_topics, tag_topics, topics_of
from assistant.embedding import Encoder
from assistant.models import STANCES
from eval import positions_check

REPO = Path(__file__).resolve().parents[2]
TOPICS = load_topics(REPO / "knowledge" / "topics.yaml")


def _tags(text: str) -> list[str]:
    return tag_topics(text, TOPICS)


# ------------------------------------------------------------------------------------ topics
def test_topics_load_in_file_order_with_terms() -> None:
    assert TOPICS[0].id == "overall"
    assert all(isinstance(t, Topic) and t.terms for t in TOPICS)
    assert len({t.id for t in TOPICS}) == len(TOPICS)


@pytest.mark.parametrize("word", ["pool", "pools", "pooled", "pooling"])
def test_pooling_is_tagged_pooled_budgets(word: str) -> None:
    assert "pooled-budgets" in _tags(f"Two councils are {word} money with their hospital trust.")


def test_multi_word_term_matches_as_phrase_only() -> None:
    assert "accountability" in _tags("Each area would name a single leader for the plan.")
    assert "accountability" not in _tags("A leader of the single council spoke.")


def test_word_boundaries_prevent_partial_matches() -> None:
    assert "funding" not in _tags("The fundamentals of the argument were sound.")


def test_acronyms_match_only_in_capitals() -> None:
    assert "data-sharing" in _tags("New IT systems will be bought.")
    assert "data-sharing" not in _tags("It was raining.")
    assert "place" in _tags("Every ICS publishes a strategy; some ICSs already have.")


def test_generic_overall_terms_yield_to_specific_topics() -> None:
    assert _tags("The integration plans say little about carers.") == ["workforce"]
    assert _tags("The integration plans were published on Wednesday.") == ["overall"]


def test_naming_the_white_paper_is_about_it_as_a_whole_too() -> None:
    """A welcome of the white paper is a view of it overall, whatever else it mentions."""
    assert _tags("The white paper says little about carers.") == ["overall", "workforce"]


def test_specific_overall_terms_still_apply() -> None:
    assert _tags("Its ambition for carers is modest.") == ["overall", "workforce"]


def test_topics_come_in_topics_file_order() -> None:
    tags = _tags("Budget talks covered staff training and shared care records.")
    assert tags == ["data-sharing", "workforce", "funding"]


def test_in_place_idiom_is_not_the_place_topic() -> None:
    assert "place" not in _tags("Shared records should be in place within two years.")


def test_no_term_gives_no_topic() -> None:
    assert _tags("The weather was mild on Tuesday.") == []


# ------------------------------------------------------------------------------------ stance
def test_plain_welcome_is_support() -> None:
    assert stance_of("We welcome the commitment to joint appointments.") == "support"


def test_welcome_then_but_is_mixed() -> None:
    assert stance_of("We welcome the new duty, but the timetable looks unrealistic.") == "mixed"


def test_welcome_then_however_without_concern_words_is_mixed() -> None:
    assert stance_of("The emphasis on prevention is welcome; however, details are thin.") == "mixed"


def test_whilst_welcome_is_mixed() -> None:
    assert stance_of("Whilst the ambition is welcome, the timescale is tight.") == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        "Joint boards are no substitute for a long-term settlement.",
        "New structures are no replacement for paying care workers properly.",
        "A shared plan is of little good when there are no nurses to deliver it.",
        "These reforms will not succeed unless councils are involved.",
        "The document fails to say who pays.",
        "There is no mention of unpaid carers anywhere.",
        "The lack of detail on timescales is striking.",
    ],
)
def test_negated_goods_and_failures_are_concern(text: str) -> None:
    assert stance_of(text) == "concern"


def test_no_substitute_for_is_concern() -> None:
    assert stance_of("Merging teams is no substitute for hiring more therapists.") == "concern"


def test_not_welcome_is_concern() -> None:
    assert stance_of("A further reorganisation is not welcome at this time.") == "concern"


def test_negated_concern_word_is_not_counted() -> None:
    assert stance_of("Records will be less fragmented across hospitals.") == "neutral"


def test_broad_welcome_is_mixed() -> None:
    assert stance_of("Councils broadly welcome the new framework.") == "mixed"
    assert stance_of("Providers welcomed the framework in principle.") == "mixed"


def test_degree_hedged_welcome_stays_support() -> None:
    assert stance_of("The union gave a relatively positive reaction to the plans.") == "support"


@pytest.mark.parametrize(
    "text",
    [
        "The strategy is more brochure than blueprint.",
        "It reads like a shopping list rather than a strategy.",
        "The document is akin to a consultation paper.",
        "These are empty words for staff on the wards.",
        "Renaming the boards is just rearranging the furniture.",
        "The plan falls short on prevention.",
        "The proposals raise difficult questions for district councils.",
        "There is a risk that smaller councils are left behind.",
        "The section on housing is vague.",
    ],
)
def test_criticism_without_stance_words_is_concern(text: str) -> None:
    assert stance_of(text) == "concern"


def test_question_about_proposal_is_concern() -> None:
    assert stance_of("How will this work in practice?") == "concern"


def test_demand_of_government_is_concern() -> None:
    assert stance_of("Ministers must set out a ten-year plan for nursing.") == "concern"


def test_endorsing_someone_elses_call_is_a_demand_not_support() -> None:
    assert stance_of("We support the call from charities for a pause.") == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "The white paper proposes a single accountable person for each place.",
        "Councils pooled their budgets last year.",
        "Shared records will be available to residents by 2024.",
    ],
)
def test_description_is_neutral(text: str) -> None:
    assert stance_of(text) == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "The plans will strengthen local leadership.",
        "Councils have long argued for a bigger role at place.",
        "We agree with the emphasis on prevention.",
        "This is an opportunity to join up services for residents.",
    ],
)
def test_positive_framing_without_welcome_is_support(text: str) -> None:
    assert stance_of(text) == "support"


@pytest.mark.parametrize(
    "text",
    [
        "It is vital that councils have a say in the plan.",
        "We would like to see a clear role for the voluntary sector.",
        "We urge the government to publish the guidance.",
    ],
)
def test_demands_in_response_language_are_concern(text: str) -> None:
    assert stance_of(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "Neighbourhood teams will benefit, unless the money dries up.",
        "The council backs the plans as long as it keeps its say over them.",
        "We support shared records, provided that patients can see who opened theirs.",
        "Bigger partnerships are a step forward, although the rules have been promised before.",
        "So, two cheers for the plan.",
    ],
)
def test_a_view_with_a_condition_or_concession_is_mixed(text: str) -> None:
    assert stance_of(text) == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        "Joint budgets will mean nothing unless the rules change.",
        "Another rearrangement of the furniture, then.",
        "The strategy has little to say about pay.",
        "A shared plan isn't a strategy, it's a wish.",
        "I'll believe it when the records actually join up.",
        "What counts as a good outcome for a carer at 3am?",
    ],
)
def test_conditions_idioms_and_questions_without_a_welcome_are_concern(text: str) -> None:
    assert stance_of(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "We particularly value the focus on rehabilitation.",
        "We share the government's aim of care around the person.",
        "We want these reforms to succeed.",
        "One plan for each area is exactly what councils asked for.",
        "The forum supported the proposals on joint training.",
        "I was glad to see carers mentioned.",
    ],
)
def test_valuing_sharing_aims_and_reported_backing_are_support(text: str) -> None:
    assert stance_of(text) == "support"


@pytest.mark.parametrize(
    "text",
    [
        "It's short on detail.",
        "There isn't a penny in this document for providers.",
        "Not one of them comes with an extra pair of hands.",
        "Joint roles may stretch small teams further.",
    ],
)
def test_plain_spoken_criticism_is_concern(text: str) -> None:
    assert stance_of(text) == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "For us it's exactly the right level.",
        "Adding social care records is the obvious next step.",
        "Broadly, yes.",
        "A review of how a whole system performs is long overdue.",
    ],
)
def test_plain_spoken_approval_is_support(text: str) -> None:
    assert stance_of(text) == "support"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Pooling budgets is not the same as having enough money.", "concern"),
        ("I cannot pool money that I do not have.", "concern"),
        ("The forum questioned whether the paper added much.", "concern"),
        ("She called for carers to be included.", "concern"),
        ("The document restates existing policy.", "concern"),
        ("Rahman was supportive of joint roles.", "support"),
        ("I have no objection to either.", "support"),
        ("I am confident we will meet the date.", "support"),
        ("In principle I can see the attraction.", "mixed"),
        ("We welcome the opportunity to respond to the consultation.", "neutral"),
        ("The focus on outcomes is, on balance, a welcome shift.", "mixed"),
        ("If every area has to do that, it's a step forward.", "mixed"),
        ("The evidence for savings is weak.", "concern"),
        ("Providers appear as partners to be consulted, not as part of the governance.", "concern"),
        ("We welcome shared records by 2024, provided carers can see them.", "mixed"),
        ("Shared outcomes are only as good as the measures behind them.", "concern"),
        ("Only 22% of respondents believed the plan would work.", "concern"),
        ("Our members are not persuaded that one person can do it.", "concern"),
        ("Organising services around places of this size makes sense.", "support"),
    ],
)
def test_reported_and_first_person_views_without_welcome_words(text: str, stance: str) -> None:
    assert stance_of(text) == stance


def test_items_listed_under_a_demand_of_the_government_are_concern() -> None:
    text = (
        "We ask the department to:\n- publish a workforce plan;\n- review section 75.\n"
        "Our members met in March.\n"
        "Cabinet is asked to:\n- note the report."
    )
    sentences = [
        "We ask the department to:", "publish a workforce plan;", "review section 75.",
        "Our members met in March.", "Cabinet is asked to:", "note the report.",
    ]
    spans = [(text.index(s), text.index(s) + len(s)) for s in sentences]
    stances = dict(zip(sentences, stances_in_order(text, spans), strict=True))
    assert stances["publish a workforce plan;"] == "concern"
    assert stances["review section 75."] == "concern"
    assert stances["Our members met in March."] == "neutral"
    assert stances["note the report."] == "neutral"  # a decision asked of a committee


def test_a_view_on_no_particular_topic_is_about_the_white_paper_overall() -> None:
    topics = load_topics()
    assert topics_of("Another rearrangement of the furniture.", "concern", topics) == ["overall"]
    assert topics_of("The meeting closed at six.", "neutral", topics) == []
    assert topics_of("Staffing is short.", "concern", topics) == ["workforce"]


def test_a_word_in_scare_quotes_is_not_support() -> None:
    assert stance_of('Goals to "encourage" pooling are set out.') == "neutral"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Sensibly, the plan leaves the detail to each area.", "support"),
        ("The workforce plan was promised for spring and never arrived.", "concern"),
        ("The promised money did not materialise.", "concern"),
        ("Joining up the records will require years of work in every area.", "concern"),
        ("The paper makes a compelling case that joined-up care is better for residents.",
         "support"),
    ],
)
def test_approval_adverbs_absent_promises_and_requirements(text: str, stance: str) -> None:
    assert stance_of(text) == stance


def test_a_need_the_proposal_recognises_is_not_a_demand() -> None:
    """Recognising a need is accepting it; saying that something needs doing is a demand."""
    assert stance_of("We are glad the paper recognises the need for local choice.") == "support"
    assert stance_of("The board acknowledges that councils need to be involved.") == "neutral"
    assert stance_of("Councils need to be involved from the start.") == "concern"


def test_lexicons_are_lower_case_and_do_not_overlap() -> None:
    for entry in (*SUPPORT_WORDS, *CONCERN_WORDS):
        assert entry == entry.lower()
    assert not set(SUPPORT_WORDS) & set(CONCERN_WORDS)


# ------------------------------------------------------------------------------- strength
def test_strength_of_agreeing_statements_is_full() -> None:
    assert stance_strength(["concern", "concern", "neutral"]) == ("concern", 1.0)


def test_support_and_concern_together_are_mixed() -> None:
    assert stance_strength(["support", "concern"]) == ("mixed", 1.0)
    stance, strength = stance_strength(["concern", "concern", "concern", "support"])
    assert stance == "mixed"
    assert strength == pytest.approx(0.5)


def test_strength_is_share_agreeing_with_winner() -> None:
    stance, strength = stance_strength(["support", "support", "mixed"])
    assert stance == "support"
    assert strength == pytest.approx(2 / 3)


def test_strength_of_nothing_or_only_descriptions() -> None:
    assert stance_strength([]) == ("neutral", 0.0)
    assert stance_strength(["neutral", "neutral"]) == ("neutral", 1.0)


@pytest.mark.parametrize("stances", [["support"], ["mixed", "concern"], ["neutral", "support"]])
def test_strength_is_a_stance_and_in_unit_interval(stances: list[str]) -> None:
    stance, strength = stance_strength(stances)  # type: ignore[arg-type]
    assert stance in STANCES
    assert 0.0 <= strength <= 1.0


# ------------------------------------------------------------------------------- labelled data
def test_macro_f1_on_known_values() -> None:
    assert positions_check.macro_f1(["support", "concern"], ["support", "concern"]) == 1.0
    assert positions_check.macro_f1(["support", "concern"], ["concern", "support"]) == 0.0


def test_labelled_statements_meet_the_accuracy_floor(encoder: Encoder) -> None:
    """A regression floor below the reported numbers: a rule change that breaks these fails."""
    splits = positions_check.score(encoder=encoder)
    tuned, held_out = splits["tuned"], splits["held-out"]
    assert len(tuned.body) >= 60 and len(held_out.body) >= 60
    assert tuned.attribution_accuracy() >= 0.9
    assert tuned.stance_macro_f1() >= 0.8
    assert held_out.attribution_accuracy() >= 0.88
    assert held_out.stance_macro_f1() >= 0.78
