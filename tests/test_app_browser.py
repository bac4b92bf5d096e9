"""The chat as an officer meets it: `streamlit run app.py` in a real, headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from assistant.config import REPO_ROOT, Settings

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


WCAG_22_AA = {"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}


def _accessibility_problems(page: Page) -> list[str]:
    """WCAG 2.2 AA failures axe-core finds on the page as it stands."""
    results = Axe().run(page, options={"resultTypes": ["violations"], **WCAG_22_AA})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not start:\n{log.read_text()[-2000:]}")


@pytest.fixture
def running_app(built_settings: Settings, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(built_settings.data_dir)}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(REPO_ROOT / "app.py"),
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--server.headless=true",
                "--browser.gatherUsageStats=false",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_an_officer_asks_in_the_browser_and_sees_the_cited_answer(
    running_app: str, tmp_path: Path
) -> None:
    assert CHROMIUM.exists(), "install Debian's chromium (apt-get install -y chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="en-GB")
            opened = time.perf_counter()
            page.goto(running_app)
            expect(
                page.get_by_role("heading", name="Integration white paper assistant")
            ).to_be_visible(timeout=120_000)
            box = page.get_by_placeholder("Ask about the white paper or the responses to it")
            expect(box).to_be_visible(timeout=120_000)
            ready = time.perf_counter() - opened
            box.fill("What is the single accountable person?")
            box.press("Enter")
            first_card = page.locator("summary", has_text="[1] ").first
            expect(first_card).to_be_visible(timeout=120_000)
            answered = time.perf_counter() - opened
            expect(page.get_by_role("heading", name="Sources")).to_be_visible()
            assert page.locator("[data-testid='stChatMessage']").count() >= 2
            answer_text = page.locator("[data-testid='stChatMessage']").nth(1).inner_text()
            assert "[1]" in answer_text
            first_card.click()
            expect(page.locator("mark").first).to_be_visible()
            expect(page.get_by_text("Published by").first).to_be_visible()
            page.wait_for_timeout(600)  # let the card finish opening before the picture
            problems = {"Ask a question": _accessibility_problems(page)}
            shot = tmp_path / "cited-answer.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            for tab in ("Where bodies stand", "About the sources", "Add a document"):
                page.get_by_role("tab", name=tab).click()
                expect(page.get_by_role("heading", name=tab, level=2)).to_be_visible()
                problems[tab] = _accessibility_problems(page)
            assert not any(problems.values()), problems
            print(f"page ready {ready:.1f}s, cited answer {answered:.1f}s after opening; {shot}")
        finally:
            browser.close()
