"""The widget in a real browser: Debian's Chromium driven by Playwright, real uvicorn servers.

The intranet example page is served from one origin and the API from another, as on a real
intranet. `localhost` and `127.0.0.1` are different origins to a browser, so the same host server
also plays a site that is not on the allow-list. axe-core checks the WCAG 2.0-2.2 A and AA rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Frame, Page, expect, sync_playwright
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from assistant.config import REPO_ROOT, Settings
from assistant.http.access import mint_token
from assistant.http.app import create_app
from assistant.service import Assistant
from tests.servers import api_settings, free_port, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXAMPLE = (REPO_ROOT / "examples" / "intranet.html").read_text(encoding="utf-8")
EXAMPLE_API = "http://127.0.0.1:8000"
QUESTION = "What do councils think of pooled budgets?"
TITLE = "Ask about the integration white paper"
SECRET = "browser-test-secret"  # noqa: S105 (a test value, not a credential)


class Sites:
    """The URLs the tests visit."""

    def __init__(self, host_port: int, api: str, token_api: str) -> None:
        self.allowed = f"http://127.0.0.1:{host_port}"
        self.other = f"http://localhost:{host_port}"
        self.api = api
        self.token_api = token_api
        self.tokens_minted = 0


def host_app(sites: Sites) -> Starlette:
    """The intranet's own server: the example page, and a token endpoint as a host would run."""

    def page(request: object) -> HTMLResponse:
        return HTMLResponse(EXAMPLE.replace(EXAMPLE_API, sites.api))

    def token_page(request: object) -> HTMLResponse:
        html = EXAMPLE.replace(EXAMPLE_API, sites.token_api)
        return HTMLResponse(
            html.replace("<div data-assistant", '<div data-token-url="/token" data-assistant')
        )

    def token(request: object) -> PlainTextResponse:
        sites.tokens_minted += 1
        return PlainTextResponse(mint_token(SECRET, "officer-7", 120))

    return Starlette(
        routes=[
            Route("/intranet.html", page),
            Route("/intranet-token.html", token_page),
            Route("/token", token),
        ]
    )


@pytest.fixture(scope="module")
def sites(built_settings: Settings, assistant: Assistant) -> Iterator[Sites]:
    host_port = free_port()
    allowed = [f"http://127.0.0.1:{host_port}"]
    api = create_app(api_settings(built_settings, allowed_origins=allowed), assistant)
    token_api = create_app(
        api_settings(built_settings, allowed_origins=allowed, token_secret=SECRET), assistant
    )
    with serving(api) as api_url, serving(token_api) as token_url:
        s = Sites(host_port, api_url, token_url)
        with serving(host_app(s), host_port):
            yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    p = context.new_page()
    p.set_default_timeout(60_000)
    yield p
    context.close()


@pytest.fixture(scope="module")
def api_answer(sites: Sites) -> dict:
    """The same question through the JSON API, to compare with what the widget shows."""
    return httpx.post(f"{sites.api}/v1/ask", json={"question": QUESTION}, timeout=60).json()


def widget(page: Page) -> Frame:
    handle = page.wait_for_selector(f'iframe[title="{TITLE}"]')
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_selector("#wpa-question")
    return frame


def ask(frame: Frame, question: str) -> None:
    frame.fill("#wpa-question", question)
    frame.click("#wpa-ask")
    wait_for_answer(frame)


def wait_for_answer(frame: Frame | Page) -> None:
    frame.wait_for_function("() => document.getElementById('wpa-status').textContent.length > 0")
    assert frame.locator("#wpa-status").text_content() == "Answer ready"


def axe_violations(frame: Frame | Page, iframes: bool = True) -> list[str]:
    """axe-core's WCAG A and AA violations on the page, one line each."""
    frame.evaluate(AXE)
    result = frame.evaluate(
        """([tags, iframes]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes})
            .then(r => ({passes: r.passes.length, violations: r.violations.map(v => v.id +
                ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))}))""",
        [WCAG_TAGS, iframes],
    )
    assert result["passes"] >= 10, "axe ran too few rules to mean anything"
    return result["violations"]


# ------------------------------------------------------------------------------ asking
def test_a_question_in_the_embedded_widget_streams_a_cited_answer(
    page: Page, sites: Sites, api_answer: dict
) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    frame.evaluate(
        """() => { window.busyStates = [];
        new MutationObserver(() => busyStates.push(
            document.getElementById('wpa-new').getAttribute('aria-busy')))
        .observe(document.getElementById('wpa-new'), {attributes: true}); }"""
    )
    with page.expect_response(lambda r: r.url.endswith("/v1/ask/stream")) as streamed:
        frame.fill("#wpa-question", QUESTION)
        frame.click("#wpa-ask")
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    wait_for_answer(frame)

    assert frame.evaluate("busyStates") == ["true", "false"]
    answer = frame.locator("#wpa-new article.wpa-turn")
    expect(answer.locator("h3")).to_contain_text(QUESTION)
    assert frame.evaluate("document.activeElement.id") == "wpa-turn-1-answer"

    titles = answer.locator(".wpa-source__title").all_inner_texts()
    assert titles == [f"[{c['n']}] {c['title']}" for c in api_answer["citations"]]
    first = api_answer["citations"][0]
    cite = answer.locator(".wpa-answer__body a.wpa-cite").first
    assert cite.get_attribute("href") == "#wpa-turn-1-source-1"
    source = answer.locator("#wpa-turn-1-source-1")
    expect(source.locator("blockquote")).to_be_hidden()
    source.locator("summary").click()
    expect(source.locator("blockquote")).to_have_text(first["quote"])
    if first["url"]:
        link = source.locator("a.wpa-link")
        assert link.get_attribute("target") == "_blank"
        expect(link).to_contain_text("opens in new tab")

    summary = answer.locator(".wpa-positions")
    assert api_answer["positions"], "a question about views should come with positions"
    expect(summary.locator("h4")).to_have_text("Where bodies stand")
    for position in api_answer["positions"]:
        expect(summary).to_contain_text(position["body"])

    # The frame grew to fit the answer, through postMessage from the widget.
    height = page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
    content = frame.evaluate("document.getElementById('wpa').getBoundingClientRect().height")
    assert height >= content > 600


def test_the_host_page_themes_the_widget(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    expect(frame.locator("h1")).to_have_text(TITLE)
    colour = frame.evaluate("getComputedStyle(document.getElementById('wpa-ask')).backgroundColor")
    assert colour == "rgb(0, 112, 60)"  # data-accent="#00703c" in the example page
    starters = frame.locator("#wpa-starters button")
    assert starters.count() == 2
    starters.nth(1).click()
    wait_for_answer(frame)
    expect(frame.locator("#wpa-new h3")).to_contain_text(starters.nth(1).inner_text())
    expect(frame.locator("#wpa-starters")).to_be_hidden()


def test_the_frame_obeys_size_messages_only_from_the_assistant(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    frame.wait_for_load_state("load")
    page.wait_for_timeout(200)  # let the frame's own size report land first
    page.evaluate("window.postMessage({type: 'wpa:resize', height: 4321}, '*')")  # not the frame
    frame.evaluate("window.parent.postMessage({type: 'wpa:resize', height: 1234}, '*')")
    expect(page.locator("iframe")).to_have_css("height", "1234px")
    page.evaluate("window.postMessage({type: 'wpa:resize', height: 4321}, '*')")
    page.wait_for_timeout(300)
    assert page.locator("iframe").evaluate("f => f.style.height") == "1234px"


def test_a_follow_up_sends_the_earlier_question_and_keeps_the_transcript(
    page: Page, sites: Sites
) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    ask(frame, "What is a place?")
    with page.expect_request(lambda r: r.url.endswith("/v1/ask/stream")) as sent:
        frame.fill("#wpa-question", "And what do councils think of it?")
        frame.click("#wpa-ask")
    wait_for_answer(frame)
    assert json.loads(sent.value.post_data)["history"] == ["What is a place?"]
    expect(frame.locator("#wpa-history article")).to_have_count(1)
    expect(frame.locator("#wpa-history h3")).to_contain_text("What is a place?")
    assert frame.evaluate("document.activeElement.id") == "wpa-turn-2-answer"


def test_markup_in_a_question_is_shown_as_text_and_runs_nothing(page: Page, sites: Sites) -> None:
    attack = '<img src=x onerror="window.pwned=1"> pooled budgets'
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    ask(frame, attack)
    expect(frame.locator("#wpa-new h3")).to_contain_text(attack)
    assert frame.locator("#wpa-main img").count() == 0
    assert frame.evaluate("window.pwned") is None and page.evaluate("window.pwned") is None
    assert dialogs == []


def test_errors_are_shown_prefixed_and_take_focus(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    frame.click("#wpa-ask")
    assert frame.evaluate("document.activeElement.id") == "wpa-error-summary"
    expect(frame.locator("#wpa-question-error")).to_have_text("Error: Enter a question")
    frame.fill("#wpa-question", "?!")
    frame.click("#wpa-ask")  # refused by the server, in its words
    expect(frame.locator("#wpa-question-error")).to_contain_text("in words")
    assert frame.evaluate("document.title").startswith("Error: ")


def test_the_character_count_follows_the_typing(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    frame.fill("#wpa-question", "What is a place?")
    expect(frame.locator("#wpa-question-count")).to_have_text("You have 1,984 characters remaining")
    frame.fill("#wpa-question", "x" * 2003)
    expect(frame.locator("#wpa-question-count")).to_have_text("You have 3 characters too many")


# ------------------------------------------------------------------------ origins and tokens
def test_a_site_not_on_the_allow_list_cannot_embed_or_call_the_api(
    page: Page, sites: Sites
) -> None:
    page.goto(f"{sites.other}/intranet.html")
    expect(page.locator(".wpa-widget-fallback")).to_contain_text("cannot be shown")
    assert not any(
        f.url.startswith(sites.api) and f.query_selector("#wpa-question") for f in page.frames
    )
    script = """url => fetch(url + '/v1/sources').then(r => 'status ' + r.status, e => 'blocked')"""
    assert page.evaluate(script, sites.api) == "blocked"
    page.goto(f"{sites.allowed}/intranet.html")
    assert page.evaluate(script, sites.api) == "status 200"


def test_the_widget_gets_tokens_from_the_host_server(page: Page, sites: Sites) -> None:
    before = sites.tokens_minted
    page.goto(f"{sites.allowed}/intranet-token.html")
    frame = widget(page)
    ask(frame, "What is a place?")
    assert frame.locator("#wpa-new .wpa-source").count() > 0
    assert sites.tokens_minted == before + 1
    refused = httpx.post(f"{sites.token_api}/v1/ask", json={"question": "What is a place?"})
    assert refused.status_code == 401


# ------------------------------------------------------------------------------ accessibility
def test_the_widget_and_its_host_page_pass_axe_after_an_answer(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)
    ask(frame, QUESTION)
    frame.locator("#wpa-new summary").first.click()
    assert axe_violations(frame) == []
    assert axe_violations(page, iframes=False) == []
    frame.fill("#wpa-question", "")
    frame.click("#wpa-ask")  # the error state too
    assert axe_violations(frame) == []


def test_the_page_without_javascript_passes_axe(browser: Browser, sites: Sites) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sites.api}/embed")
    page.fill("#wpa-question", QUESTION)
    page.click("#wpa-ask")
    expect(page.locator("#wpa-status")).to_have_text("Answer ready")
    expect(page.locator("#wpa-new .wpa-source").first).to_be_visible()
    context.close()
    context = browser.new_context()  # axe itself needs JavaScript: scan the same page with it
    page = context.new_page()
    page.route(
        f"{sites.api}/embed.js",
        lambda route: route.fulfill(body="", content_type="text/javascript"),
    )
    page.goto(f"{sites.api}/embed")
    page.fill("#wpa-question", QUESTION)
    page.click("#wpa-ask")
    expect(page.locator("#wpa-status")).to_have_text("Answer ready")
    assert axe_violations(page) == []
    context.close()


def test_the_streamed_answer_reads_the_same_as_the_page_without_javascript(
    browser: Browser, sites: Sites
) -> None:
    texts = []
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{sites.api}/embed")
        page.fill("#wpa-question", QUESTION)
        page.click("#wpa-ask")
        expect(page.locator("#wpa-status")).to_have_text("Answer ready", timeout=60_000)
        for summary in page.locator("#wpa-new summary").all():
            summary.click()
        texts.append(" ".join(page.locator("#wpa-new .wpa-answer").inner_text().split()))
        context.close()
    assert texts[0] == texts[1]
    assert "Where bodies stand" in texts[0] and "[1]" in texts[0]


def test_keyboard_only_asks_and_reads_an_answer(page: Page, sites: Sites) -> None:
    page.goto(f"{sites.allowed}/intranet.html")
    frame = widget(page)

    def focused() -> str:
        return frame.evaluate("document.hasFocus() ? document.activeElement.id : ''")

    for _ in range(12):
        page.keyboard.press("Tab")
        if focused() == "wpa-question":
            break
    assert focused() == "wpa-question"
    page.keyboard.type("What is the single accountable person?")
    page.keyboard.press("Tab")
    assert focused() == "wpa-ask"
    page.keyboard.press("Enter")
    wait_for_answer(frame)
    assert focused() == "wpa-turn-1-answer"
    page.keyboard.press("Tab")  # the first citation marker, then on through the answer
    assert frame.evaluate("document.activeElement.className") == "wpa-cite"
    for _ in range(40):
        if frame.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert frame.evaluate("document.activeElement.parentElement.open") is True


def test_focus_is_never_hidden_under_the_pinned_question_box(page: Page, sites: Sites) -> None:
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(f"{sites.api}/embed")
    page.fill("#wpa-question", QUESTION)
    page.click("#wpa-ask")
    wait_for_answer(page)
    assert (
        page.evaluate("getComputedStyle(document.getElementById('wpa-form')).position") == "sticky"
    )
    page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
    checked = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        hidden = page.evaluate(
            """() => { const el = document.activeElement;
            const form = document.getElementById('wpa-form');
            if (form.contains(el) || el === document.body) return false;  // wrapped round
            const a = el.getBoundingClientRect(), f = form.getBoundingClientRect();
            return a.top >= f.top || a.bottom > window.innerHeight; }"""
        )
        assert not hidden, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        checked += 1
    assert checked == 30


@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 256}, {"width": 360, "height": 740}],
    ids=["400-percent-zoom", "narrow-phone"],
)
def test_the_page_reflows_at_400_percent_zoom_and_on_a_narrow_screen(
    browser: Browser, sites: Sites, viewport: dict
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{sites.api}/embed")
    page.fill("#wpa-question", QUESTION)
    page.click("#wpa-ask")
    wait_for_answer(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    box = page.locator("#wpa-ask").bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24
    context.close()
