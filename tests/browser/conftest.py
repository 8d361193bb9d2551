"""Browser-test helpers: axe-core on every page visited, and logging in through the real form."""

from __future__ import annotations

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
def phone_visitor(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()
