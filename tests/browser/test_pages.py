"""Every page loads without a console error or a Content-Security-Policy violation; favicon and error pages."""

from __future__ import annotations

import pytest

from tests.factories import HubFactory, OrganisationFactory, coordinator

pytestmark = pytest.mark.django_db(transaction=True)

#: Collects CSP violations the page reports (inline style or script refused, and so on).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


@pytest.fixture
def watched(visitor):
    """The visitor's page, with every console error/warning and CSP violation collected."""
    problems: list[str] = []
    page = visitor.page
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console", lambda msg: msg.type in ("error", "warning") and problems.append(f"console {msg.type}: {msg.text}")
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def check(path: str) -> None:
        visitor.goto(path)
        problems.extend(f"CSP {v}" for v in page.evaluate("window.__cspViolations"))
        assert page.locator("html").evaluate("el => !!window.htmx"), f"{path}: htmx did not load"
        assert not problems, f"{path}:\n" + "\n".join(problems)

    visitor.check_clean = check
    return visitor


def test_pages_load_without_csp_violations_or_console_errors(watched):
    hub = HubFactory(name="Hub Zuid", slug="hub-zuid")
    OrganisationFactory(hub=hub, name="Buurtzorg Zuid")
    for path in ("/", "/hubs/", f"/hubs/{hub.slug}/", "/vraagstukken/", "/account/login/"):
        watched.check_clean(path)
    coordinator(hub, email="coordinator@hub-zuid.example")
    watched.login("coordinator@hub-zuid.example")
    watched.check_clean(f"/netwerk/{hub.slug}/organisaties/")
    # An htmx request (the search box updates the list) is served and swapped without a violation.
    page = watched.page
    page.locator("#id_q").fill("Buurtzorg")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Buurtzorg Zuid").count() >= 1
    assert not page.evaluate("window.__cspViolations")


def test_favicon_is_linked_and_served(visitor):
    visitor.goto("/")
    page = visitor.page
    for selector in ('link[rel=icon][type="image/svg+xml"]', 'link[rel=icon][href$=".ico"]'):
        href = page.locator(selector).get_attribute("href")
        response = page.request.get(visitor.base_url + href)
        assert response.status == 200, href
    assert (
        "<svg"
        in page.request.get(
            visitor.base_url + page.locator('link[rel=icon][type="image/svg+xml"]').get_attribute("href")
        ).text()
    )


def test_not_found_page_is_dutch_in_the_site_layout(visitor):
    page = visitor.page
    response = page.goto(visitor.base_url + "/bestaat-niet/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert page.locator("header.ph-header").count() == 1
    assert page.get_by_role("link", name="Naar het overzicht").count() == 1
    visitor.check()
