"""Browser-test helpers: axe-core on every page visited, logging in through the real form, one browser
context per person, buttons and links found by their Dutch (or English) name, the phone-width check and
the consent texts the panels journeys need."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def assert_accessible(page) -> None:
    """Run axe-core with the WCAG 2.1 A/AA rules and fail with a readable report on any violation."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def bilingual(english: str, dutch: str, *, whole: bool = True) -> re.Pattern:
    """An accessible name in Dutch, or still in English while the catalogue is being updated.

    ``whole``: the name is exactly that text; otherwise it contains it."""
    either = f"({re.escape(dutch)}|{re.escape(english)})"
    return re.compile(rf"^\s*{either}\s*$" if whole else either, re.I)


def button(scope, english: str, dutch: str):
    return scope.get_by_role("button", name=bilingual(english, dutch))


def link(scope, english: str, dutch: str, *, whole: bool = True):
    return scope.get_by_role("link", name=bilingual(english, dutch, whole=whole))


#: The outermost elements that stick out on the right (to say what to fix when the check fails).
STICKING_OUT = """() => {
  const out = e => e.getBoundingClientRect().right > window.innerWidth + 0.5;
  return [...document.body.querySelectorAll('*')]
    .filter(e => out(e) && !(e.parentElement && out(e.parentElement)))
    .slice(0, 8)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)}px)`);
}"""
PHONE_WIDTH = 360


def assert_fits_phone(visitor) -> None:
    """The page does not scroll sideways on a 360 px phone."""
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (
        f"{visitor.page.url}: the page is {width}px wide on a {PHONE_WIDTH}px phone; "
        f"sticking out: {visitor.page.evaluate(STICKING_OUT)}"
    )


def consent_texts() -> None:
    """Migration 0002 adds the consent texts; a transactional test may run after a flush removed them."""
    from participatiehub.participants.models import ConsentText

    texts = importlib.import_module("participatiehub.panels.migrations.0002_initial_consent_texts").TEXTS
    for purpose, text in texts.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text": text, "valid_from": dt.date(2025, 1, 1)}
        )


def eventually(condition, *, what: str, timeout: float = 60) -> None:
    """Wait for what the task worker does out of sight (an e-mail leaving), as a user waits for it."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not done within {timeout:.0f} s: {what}"
        time.sleep(0.2)


class Visitor:
    """Wraps a Playwright page: every navigation is followed by an accessibility check."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"{path}: {response and response.status}"
        self.check()
        return response

    def check(self):
        self.page.wait_for_load_state("networkidle")
        assert_accessible(self.page)
        self.checked.append(self.page.url)

    def click(self, locator):
        """Click (a link or a submit button) and check the page it leads to."""
        locator.click()
        self.page.wait_for_load_state("networkidle")
        self.check()

    def login(self, email: str, password: str = "demo-wachtwoord-123"):
        self.goto("/account/login/")
        self.page.locator("#id_login").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state("networkidle")
        assert "/account/login/" not in self.page.url, self.page.content()[:2000]
        self.check()


@pytest.fixture
def visitor(page, live_server):
    page.set_default_timeout(15000)
    return Visitor(page, live_server.url)


@pytest.fixture
def new_visitor(browser, live_server):
    """Each call opens a separate browser context: a separate person with their own cookies."""
    contexts = []

    def make() -> Visitor:
        context = browser.new_context(locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return Visitor(page, live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone_visitor(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()
