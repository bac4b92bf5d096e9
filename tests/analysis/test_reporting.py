"""Plain reports of what the government's paper says are descriptions, not the writer's view."""

from __future__ import annotations

import pytest

from assistant.analysis.bodies import Directory
from assistant.analysis.reporting import plainly_reports
from assistant.config import REPO_ROOT
from assistant.ingest.builder import as_reported

# Invented sentences in the shapes real reports use.
REPORTS = (
    "It argues that joint working has been tested and strengthened over the winter.",
    "It also stresses the need for a preventative approach in every area.",
    "The white paper proposes that each area agrees a small set of outcomes.",
    "In its guidance, the department advised councils to agree a plan in two stages.",
    "However, the government says places will have the freedom to choose.",
)
NOT_REPORTS = (
    "The white paper sets out a compelling case for joined-up care.",  # the writer's judgement
    "The white paper says far too little about unpaid carers.",
    "It said: “We are confident these reforms will improve care for everyone.”",  # a quotation
    "We support the ambition to join up care.",
    "Councils argue that the timetable is too tight.",
)


@pytest.mark.parametrize("sentence", REPORTS)
def test_a_plain_report_of_the_paper(sentence: str) -> None:
    assert plainly_reports(sentence)


@pytest.mark.parametrize("sentence", NOT_REPORTS)
def test_a_judgement_quotation_or_other_subject_is_no_plain_report(sentence: str) -> None:
    assert not plainly_reports(sentence)


def test_a_plain_report_given_to_the_government_is_neutral() -> None:
    directory = Directory.load(REPO_ROOT / "knowledge" / "bodies.yaml")
    government = directory.government
    sentence = REPORTS[0]
    assert as_reported("support", sentence, government, directory) == "neutral"
    assert as_reported("support", sentence, "Local Government Association", directory) == "support"
    assert as_reported("concern", NOT_REPORTS[1], government, directory) == "neutral"
    assert as_reported("support", NOT_REPORTS[0], government, directory) == "support"
