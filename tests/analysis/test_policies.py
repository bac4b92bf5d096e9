"""Which policy paper a document is about, from its title, address, date and text.

The texts are invented, short and to the point: a response to another paper must be recognised,
and a response to CP 573 that mentions the earlier papers in passing must stay about CP 573.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.analysis.policies import Policies
from assistant.config import REPO_ROOT
from assistant.ingest.documents import read_document
from tests.conftest import KNOWLEDGE

POLICIES = Policies.load(KNOWLEDGE / "policies.yaml")

ABOUT_2021 = """The Ashby Care Partnership has set out its response to Integration and Innovation.
The 2021 white paper proposes that integrated care systems become statutory bodies.
We support the plan in Integration and Innovation to remove competition rules from procurement.
The white paper, published in February 2021, also gives the Secretary of State new powers.
Integration and innovation says little about social care funding, and we want more detail.
"""
CP573_NAMING_2021_IN_PASSING = """The Ashby Care Partnership welcomes the integration white paper.
Joining up care for people, places and populations builds on Integration and innovation, the
white paper of February 2021, and on the Health and Care Bill now before Parliament.
We support shared outcomes for every place, and the single accountable person for each place.
The integration white paper is right to put people at the centre of services.
Budgets should be pooled only where councils and the NHS both agree.
"""
GENERIC = """We welcome the government's plans for adult social care.
The white paper sets out a ten-year vision for care and support.
Care workers need better pay, and unpaid carers need more respite.
"""


def test_a_response_to_the_2021_white_paper_is_recognised_from_its_text() -> None:
    verdict = POLICIES.judge("Ashby Care Partnership responds", ABOUT_2021)
    assert verdict.about == "integration-and-innovation"
    assert verdict.title == "Integration and innovation (February 2021)"
    assert verdict.reason.endswith(
        "in 5 sentences and the integration white paper (CP 573) in none."
    )


def test_a_response_to_cp573_that_names_the_2021_paper_in_passing_stays_about_cp573() -> None:
    verdict = POLICIES.judge("Ashby Care Partnership responds", CP573_NAMING_2021_IN_PASSING)
    assert verdict.about is None
    assert verdict.title is None
    assert "in passing" in verdict.reason


def test_the_white_paper_counts_for_cp573_against_an_act_and_not_against_a_white_paper() -> None:
    bill = (
        "The white paper leaves much to the Health and Care Bill.\n"
        "The Health and Care Bill creates integrated care boards.\n"
        "Under the Health and Care Bill, councils sit on integrated care partnerships.\n"
        "The white paper asks each place to agree shared outcomes.\n"
        "We doubt the white paper's timetable.\n"
    )
    assert POLICIES.judge("Our view", bill).about is None
    act = bill.replace("The white paper", "The Act").replace("the white paper", "the Act")
    assert POLICIES.judge("Our view", act).about == "health-and-care-act-2022"
    # "the white paper" beside a white paper it names is that paper, not CP 573
    assert POLICIES.judge("Our view", ABOUT_2021 + "The white paper is welcome.").about == (
        "integration-and-innovation"
    )


def test_a_title_naming_another_paper_is_enough() -> None:
    verdict = POLICIES.judge("Our response to People at the Heart of Care", GENERIC)
    assert verdict.about == "people-at-the-heart-of-care"
    assert verdict.title == "People at the Heart of Care (December 2021)"
    assert verdict.reason.startswith("Its title names")


def test_a_web_address_naming_another_paper_counts_as_its_title() -> None:
    url = "https://example.org/news/people-at-the-heart-of-care-our-response"
    assert POLICIES.judge("Our response", GENERIC, url=url).about == "people-at-the-heart-of-care"


def test_a_title_naming_cp573_settles_it_whatever_the_text_names() -> None:
    verdict = POLICIES.judge("Our view of the integration white paper", ABOUT_2021)
    assert verdict.about is None


def test_a_document_dated_before_cp573_is_about_the_paper_it_names() -> None:
    text = "We welcome the Health and Care Bill and its plans for integrated care boards."
    assert POLICIES.judge("Our view", text, date="2021-11-02").about == "health-and-care-act-2022"
    assert POLICIES.judge("Our view", text, date="2022-03-01").about is None


def test_a_month_only_date_in_cp573s_month_is_not_before_it() -> None:
    text = "We welcome the Health and Care Bill and its plans for integrated care boards."
    assert POLICIES.judge("Our view", text, date="2022-02").about is None


def test_a_document_naming_no_paper_is_about_cp573() -> None:
    verdict = POLICIES.judge("Our view", GENERIC)
    assert verdict.about is None and "no other policy paper" in verdict.reason


def test_a_date_alone_does_not_name_a_paper() -> None:
    text = "In February 2021 we opened a new clinic.\nIn February 2021 we hired staff.\n" * 3
    assert POLICIES.judge("Our year", text).about is None


def test_an_officers_word_overrides_the_judgement() -> None:
    assert POLICIES.declared("cp573", "Marked by hand as").about is None
    verdict = POLICIES.declared("build-back-better", "Marked by hand as")
    assert verdict.about == "build-back-better"
    assert verdict.reason.startswith("Marked by hand as about Build Back Better")
    with pytest.raises(KeyError):
        POLICIES.declared("no-such-paper", "Marked by hand as")


@pytest.mark.parametrize(
    "path",
    sorted(
        [
            *(KNOWLEDGE / "sources").glob("*.md"),
            *(REPO_ROOT / "eval" / "fixtures").glob("*.md"),
            *(REPO_ROOT / "eval" / "positions_docs").glob("*.md"),
        ]
    ),
    ids=lambda p: p.name,
)
def test_every_shipped_and_evaluation_document_stays_about_cp573(path: Path) -> None:
    source = read_document(path)
    verdict = POLICIES.judge(source.title, source.text, source.url, source.date)
    assert verdict.about is None, verdict.reason
