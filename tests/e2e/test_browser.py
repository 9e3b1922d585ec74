"""The review page in a real browser: Debian's chromium, driven by Playwright by executable path.

Starts `streamlit run app.py` on a free loopback port with a temporary review store and output
folder, then, as a reviewer would: signs in, uploads a sample contract, edits a term,
resolves the open judgments, marks the memo reviewed and downloads it. Screenshots of each
step go to test-artifacts/e2e/ (gitignored; CI keeps them as artifacts).

`make test` installs chromium through apt when it is missing; this test never downloads a
browser (`playwright install` is not used).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

expect: Any = None

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "eval_set" / "pdf" / "f_tfc_auto_renewal.pdf"
ARTIFACTS = REPO / "test-artifacts" / "e2e"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STEP_MS = 20_000

pytestmark = pytest.mark.timeout(120)


def _chromium_missing_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    if shutil.which("apt-get"):
        return f"{CHROMIUM} is absent: run `make test` (installs Debian's chromium through apt)"
    return f"{CHROMIUM} is absent and apt is unavailable to install Debian's chromium"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REVREC_", "OPENAI_", "AZURE_OPENAI_"))
    }
    env.update(
        HOME=str(tmp_path / "home"),
        REVREC_OUT_DIR=str(tmp_path / "out"),
        REVREC_DATABASE_URL=f"sqlite:///{tmp_path / 'store.db'}",
        REVREC_EXTRACTOR="rules",
    )
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("streamlit did not start:\n" + (tmp_path / "server.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_review_a_contract_in_the_browser(server: str, tmp_path: Path) -> None:
    reason = _chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    global expect
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = iter(range(1, 100))

    def shot(page: object, name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{next(shots):02d}-{name}.png"), full_page=True)  # type: ignore[attr-defined]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600}, accept_downloads=True)
            page.set_default_timeout(STEP_MS)
            page.goto(server)

            # Sign in (no OIDC, no team password: a local reviewer name).
            page.get_by_label("Your name (recorded in the audit log)").fill("Ada Lovelace")
            page.get_by_role("button", name="Sign in").click()
            settle(page)
            expect(page.get_by_text("Offline extractor in use")).to_be_visible()
            shot(page, "signed-in")

            # Upload the sample contract; the review runs with progress.
            page.locator("input[type=file]").first.set_input_files(str(SAMPLE))
            expect(page.get_by_role("heading", name="f_tfc_auto_renewal")).to_be_visible()
            expect(page.get_by_text("f_tfc_auto_renewal: reviewed")).to_be_visible()
            settle(page)
            expect(page.get_by_role("img").first).to_be_visible()
            shot(page, "uploaded")

            # Edit a term: the platform fee's amount; the engine re-runs at once.
            price = page.get_by_test_id("stMetricValue").nth(1)
            before = price.inner_text()
            choose(page, "Term", "Fee 1")
            choose(page, "Value to edit", "amount")
            new_value = page.get_by_role("textbox", name="New value", exact=True)
            new_value.fill("15000.00")
            new_value.press("Enter")
            settle(page)
            page.get_by_role("button", name="Apply edit").click()
            settle(page)
            expect(price).not_to_have_text(before)
            shot(page, "edited")

            # Resolve every open judgment, then sign off.
            while (ack := page.get_by_role("button", name="Acknowledge")).count():
                note = page.get_by_role("textbox", name="Acknowledgement note").first
                note.fill("Considered; acceptable for this customer.")
                note.press("Enter")
                settle(page)
                open_count = ack.count()
                ack.first.click()
                expect(page.get_by_role("button", name="Acknowledge")).to_have_count(open_count - 1)
                settle(page)
            shot(page, "judgments-resolved")
            page.get_by_role("button", name="Mark reviewed").click()
            expect(page.get_by_text("Reviewed by Ada Lovelace.", exact=True)).to_be_visible()
            shot(page, "reviewed")

            # Download the memo.
            with page.expect_download() as info:
                page.get_by_role("button", name="Markdown").click()
            download = info.value
            target = tmp_path / download.suggested_filename
            download.save_as(target)
            memo = target.read_text(encoding="utf-8")
            shot(page, "downloaded")
        except BaseException:
            shot(page, "failure")
            raise
        finally:
            browser.close()

    assert download.suggested_filename == "f_tfc_auto_renewal-memo.md"
    assert re.search(r"\| Status \| reviewed by Ada Lovelace on \d{4}-\d\d-\d\d", memo)
    assert "reviewer-edited" in memo
    assert "15,000.00" in memo


def settle(page: Any) -> None:
    """Wait until the script run that the last interaction started has finished (the pause
    lets that run start; until it ends Streamlit keeps the previous elements on the page)."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def choose(page: Any, label: str, option: str) -> None:
    """Pick the first option containing `option` in the selectbox labelled `label` (typed:
    the dropdown's list is virtualised, so off-screen options are not in the DOM)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option)
    box.press("Enter")
    settle(page)
    expect(box).to_have_count(1)
    expect(box).to_have_value(re.compile(re.escape(option)))
