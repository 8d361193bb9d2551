"""The trajectory pages in Chromium: axe-core (WCAG 2.1 AA) clean, and usable on a 360 px phone."""

from __future__ import annotations

import pytest

from participatiehub.trajectories.models import Advice
from tests.browser.conftest import Visitor, assert_accessible

from .factories import ParticipantFactory
from .helpers import delivered, started, with_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visitor(page, live_server):
    page.set_default_timeout(15000)
    return Visitor(page, live_server.url)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Visitor(page, live_server.url)
    context.close()


def _open_all_details(visitor):
    visitor.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert_accessible(visitor.page)


def test_workspace_answer_and_unsubscribe_are_accessible(visitor, question, coordinator_user, dm_user):
    trajectory = started(question, coordinator_user)
    with_activity(trajectory, coordinator_user)
    participant = ParticipantFactory(trajectory=trajectory)

    visitor.login(coordinator_user.email)
    visitor.goto(f"/trajecten/{question.pk}/")
    _open_all_details(visitor)
    delivered(trajectory, coordinator_user, n=2)
    visitor.goto(f"/trajecten/{question.pk}/")
    _open_all_details(visitor)

    visitor.page.context.clear_cookies()
    visitor.login(dm_user.email)
    visitor.goto(f"/trajecten/{question.pk}/reactie/")
    recs = list(Advice.objects.get().recommendations.all())
    # Submit with a missing reason: the error page must be accessible too.
    visitor.page.locator(f"#id_rec-{recs[0].pk}-decision_1").check()
    visitor.page.locator("main form button[type=submit]").last.click()
    visitor.page.wait_for_load_state("networkidle")
    visitor.check()
    assert visitor.page.locator(".utrecht-form-field-error-message").count() >= 1

    visitor.page.context.clear_cookies()
    visitor.goto(f"/trajecten/afmelden/{participant.unsubscribe_token}/")
    visitor.page.locator("main form button[type=submit]").click()
    visitor.page.wait_for_load_state("networkidle")
    visitor.check()
    participant.refresh_from_db()
    assert participant.wants_feedback is False


def test_workspace_fits_a_phone(phone, question, coordinator_user):
    trajectory = started(question, coordinator_user)
    with_activity(trajectory, coordinator_user)
    phone.login(coordinator_user.email)
    phone.goto(f"/trajecten/{question.pk}/")
    _open_all_details(phone)
    overflow = phone.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
