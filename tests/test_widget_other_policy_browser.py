"""The widget in a real browser (Debian's Chromium) over an index holding a document about
another policy paper: a citation of it carries the plain label, and others carry none."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from assistant.config import Settings
from assistant.http.app import create_app
from assistant.service import Assistant
from tests import test_widget_browser as browsing
from tests.servers import api_settings, free_port, serving
from tests.test_widget_browser import Sites, ask, axe_violations, host_app, widget

# The same Chromium and pages as the widget's own browser tests.
browser = browsing.browser
page = browsing.page

LABEL = "About another paper: Integration and innovation (February 2021)"
ONLY_OTHER = "Should hospital trusts publish waiting times for community dentistry every quarter?"


@pytest.fixture(scope="module")
def sites(other_policy_settings: Settings, other_policy_assistant: Assistant) -> Iterator[Sites]:
    host_port = free_port()
    allowed = [f"http://127.0.0.1:{host_port}"]
    api = create_app(
        api_settings(other_policy_settings, allowed_origins=allowed), other_policy_assistant
    )
    with serving(api) as api_url:
        s = Sites(host_port, api_url, api_url)
        with serving(host_app(s), host_port):
            yield s


def test_the_widget_labels_a_source_about_another_paper(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    ask(frame, ONLY_OTHER)
    turn = frame.locator("#wpa-new article.wpa-turn").first
    expect(turn.locator(".wpa-answer__body")).to_contain_text(
        "The only source I hold that covers this is about Integration and innovation"
    )
    source = turn.locator("#wpa-turn-1-source-1")
    expect(source.locator(".wpa-about-other")).to_have_text(LABEL)
    assert turn.locator(".wpa-about-other").count() == turn.locator(".wpa-source").count()
    assert axe_violations(frame, iframes=False) == []

    ask(frame, "What is the single accountable person?")
    second = frame.locator("#wpa-new article.wpa-turn").first  # the earlier turn moved up
    expect(second.locator("h3")).to_contain_text("single accountable person")
    expect(second.locator(".wpa-source").first).to_be_visible()
    assert second.locator(".wpa-about-other").count() == 0
