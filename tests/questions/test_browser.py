"""The question pages in Chromium: axe-core (WCAG 2.1 AA) on every page, and no sideways scrolling on a phone."""

from __future__ import annotations

import pytest

from participatiehub.questions import services
from tests.browser.conftest import Visitor

from .factories import PolicyQuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(visitor: Visitor, user) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    visitor.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": visitor.base_url}]
    )


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


@pytest.fixture
def questions(hub, org, coord, utrecht):
    earlier = PolicyQuestionFactory(
        hub=hub,
        asking_organisation=org,
        title="Eenzaamheid onder ouderen in de wijk",
        summary="Eenzame ouderen bereiken.",
    )
    services.question_accept(user=coord, question=earlier)
    earlier.municipalities.add(utrecht)
    waiting = PolicyQuestionFactory(
        hub=hub, asking_organisation=org, title="Ouderen en eenzaamheid", summary="Eenzame ouderen in onze wijken."
    )
    asked = PolicyQuestionFactory(hub=hub, asking_organisation=org, title="Mantelzorg")
    services.question_ask_clarification(user=coord, question=asked, reason="Welke wijken bedoelt u?")
    return {"public": earlier, "waiting": waiting, "asked": asked}


def coordinator_paths(hub, questions):
    return [
        f"/inbox/{hub.slug}/",
        f"/inbox/{hub.slug}/nieuw/",
        f"/inbox/{hub.slug}/{questions['waiting'].pk}/",
        f"/inbox/{hub.slug}/{questions['waiting'].pk}/bewerken/",
    ]


def asker_paths(questions):
    return [
        "/vraagstukken/indienen/",
        "/vraagstukken/mijn/",
        f"/vraagstukken/mijn/{questions['asked'].pk}/",
        f"/vraagstukken/mijn/{questions['asked'].pk}/bewerken/",
    ]


def public_paths(questions):
    return ["/vraagstukken/", f"/vraagstukken/{questions['public'].pk}/"]


def test_question_pages_are_accessible(visitor, hub, coord, asker, questions):
    for path in public_paths(questions):
        visitor.goto(path)
        assert visitor.page.locator("h1").count() == 1
    log_in(visitor, coord)
    for path in coordinator_paths(hub, questions):
        visitor.goto(path)
        assert visitor.page.locator("h1").count() == 1
    # a refused step shows its error on the page, accessibly
    visitor.goto(f"/inbox/{hub.slug}/{questions['waiting'].pk}/")
    visitor.page.locator("form", has=visitor.page.locator("input[name=action][value=decline]")).locator(
        "button"
    ).click()
    visitor.check()
    visitor.page.context.clear_cookies()
    log_in(visitor, asker)
    for path in asker_paths(questions):
        visitor.goto(path)
    visitor.page.locator("main form button[type=submit]").first.click()  # submit the clarification empty
    visitor.check()


def test_question_pages_on_a_phone(phone_visitor, hub, coord, asker, questions):
    def fits(path):
        phone_visitor.goto(path)
        width = phone_visitor.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways on a phone: {width}px"

    for path in public_paths(questions):
        fits(path)
    log_in(phone_visitor, coord)
    for path in coordinator_paths(hub, questions):
        fits(path)
    phone_visitor.page.context.clear_cookies()
    log_in(phone_visitor, asker)
    for path in asker_paths(questions):
        fits(path)
