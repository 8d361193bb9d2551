"""Selection runs end to end: the task, failure leaves nothing, verify_selection, replacements, the report."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse

import fairlot as engine
import pytest
from pypdf import PdfReader

from participatiehub.panels import services
from participatiehub.panels import urls as panel_urls
from participatiehub.panels.constants import SelectionStatus
from participatiehub.panels.models import SelectedMember, Selection
from participatiehub.participants.models import Participant
from tests.factories import HubFactory, coordinator, programme_officer
from tests.panels.test_pools_support import (  # noqa: F401
    _english,
    coord,
    coord_client,
    hub,
    lottery,
    other_hub,
    small_pool,
)

pytestmark = pytest.mark.django_db


def test_selection_end_to_end(coord_client, hub, coord, django_capture_on_commit_callbacks, run_tasks):
    pool = small_pool(hub, seats=4, size=8)
    with django_capture_on_commit_callbacks(execute=True):
        response = coord_client.post(
            reverse("panels:selection_create", args=[hub.slug, pool.pk]),
            {"seed": "12345", "algorithm": "leximin", "panel_count": 100},
        )
    assert run_tasks() == 1
    selection = Selection.objects.get()
    assert response.status_code == 302
    assert selection.status == SelectionStatus.DONE, selection.error
    seated = SelectedMember.objects.filter(selection=selection, seated=True)
    assert seated.count() == pool.panel_size
    genders = [m.participant.attributes["gender"] for m in seated.select_related("participant")]
    assert genders.count("woman") == 2 and genders.count("man") == 2
    total = sum(SelectedMember.objects.filter(selection=selection).values_list("probability", flat=True))
    assert total == pytest.approx(pool.panel_size, abs=1e-6)
    assert selection.engine_version == engine.ENGINE_VERSION
    assert selection.result["published"]["m"] == 100
    assert selection.progress == 1.0
    page = coord_client.get(reverse("panels:selection_detail", args=[hub.slug, selection.pk])).content.decode()
    assert "The selection is done." in page


def test_progress_partial_polls_while_running(coord_client, hub, coord):
    pool = small_pool(hub)
    selection = services.selection_start(pool=pool, actor=coord, seed="1")  # queued: on_commit never runs here
    page = coord_client.get(reverse("panels:selection_detail", args=[hub.slug, selection.pk])).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    response = coord_client.get(
        reverse("panels:selection_progress", args=[hub.slug, selection.pk]), HTTP_HX_REQUEST="true"
    )
    assert "<progress" in response.content.decode() and "HX-Refresh" not in response


def test_a_failing_engine_leaves_nothing_half_done(hub, coord, monkeypatch, lottery):
    pool = small_pool(hub)

    def broken(*args, **kwargs):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(engine, "round_to_uniform", broken)
    selection = lottery(pool, coord)
    assert selection.status == SelectionStatus.FAILED
    assert "Nothing was saved" in selection.error or "niets opgeslagen" in selection.error
    assert not SelectedMember.objects.exists()
    assert selection.result is None


def test_an_engine_error_is_stored_in_dutch(hub, coord, monkeypatch, lottery):
    pool = small_pool(hub)

    def infeasible(*args, **kwargs):
        raise engine.InfeasibleQuotas([engine.Issue("infeasible.no_panel")])

    monkeypatch.setattr(engine, "select", infeasible)
    selection = lottery(pool, coord)
    assert selection.status == SelectionStatus.FAILED
    assert selection.error == "Er is geen panel mogelijk dat aan alle quota voldoet."
    assert not SelectedMember.objects.exists()


def test_verify_selection_matches_and_detects_tampering(hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    out = io.StringIO()
    call_command("verify_selection", str(selection.pk), stdout=out)
    text = out.getvalue()
    assert "Klopt:" in text
    for code in selection.result["panel"]:
        assert code in text
    # Another seed may draw another panel number; if it does, the command says so and exits 1.
    m = selection.result["published"]["m"]
    other = next(s for s in range(1000) if engine.seed_to_index(str(s), m) != selection.result["drawn_index"])
    panels = selection.result["published"]["panels"]
    if sorted(panels[engine.seed_to_index(str(other), m)]) != sorted(selection.result["panel"]):
        with pytest.raises(SystemExit) as exc:
            call_command("verify_selection", str(selection.pk), "--seed", str(other), stdout=io.StringIO())
        assert exc.value.code == 1
    # Tampered published panels: the fingerprint no longer matches.
    result = selection.result
    result["published"]["panels"][0] = list(reversed(result["published"]["panels"][0]))[:-1] + ["P-XXXXXXXXXX"]
    Selection.objects.filter(pk=selection.pk).update(result=result)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("verify_selection", str(selection.pk), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 1
    assert "vingerafdruk" in err.getvalue()


def test_verify_detects_a_tampered_stored_panel(hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    member = SelectedMember.objects.filter(selection=selection, seated=True).first()
    SelectedMember.objects.filter(pk=member.pk).update(seated=False)
    with pytest.raises(SystemExit) as exc:
        call_command("verify_selection", str(selection.pk), stdout=io.StringIO())
    assert exc.value.code == 1


def test_replacement_keeps_the_members_who_stay(
    coord_client, hub, coord, django_capture_on_commit_callbacks, lottery, run_tasks
):
    pool = small_pool(hub, seats=4, size=8)
    first = lottery(pool, coord)
    seated = list(SelectedMember.objects.filter(selection=first, seated=True))
    dropped = seated[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = coord_client.post(
            reverse("panels:selection_replace", args=[hub.slug, first.pk]),
            {
                "seed": "tweede ronde",
                "algorithm": "leximin",
                "panel_count": 20,
                "dropped_out": [str(dropped.participant_id)],
            },
        )
    assert response.status_code == 302
    run_tasks()
    second = Selection.objects.exclude(pk=first.pk).get()
    assert second.status == SelectionStatus.DONE, second.error
    assert second.replaces == first
    stay = {m.participant_id for m in seated[1:]}
    assert set(second.fixed_members.values_list("pk", flat=True)) == stay
    new_seated = set(
        SelectedMember.objects.filter(selection=second, seated=True).values_list("participant_id", flat=True)
    )
    assert stay <= new_seated and len(new_seated) == 4 and dropped.participant_id not in new_seated
    # Whoever dropped out is not in the second draw at all (not merely unlucky this time).
    from participatiehub.panels.selectors import member_pseudonym

    gone = member_pseudonym(pool.pk, dropped.participant_id)
    assert gone not in second.result["probabilities"]
    assert all(gone not in panel for panel in second.result["published"]["panels"])
    genders = [Participant.objects.get(pk=pk).attributes["gender"] for pk in new_seated]
    assert genders.count("woman") == 2


def test_one_per_household(hub, coord, lottery):
    pool = small_pool(hub, seats=4, size=8, household=True)  # households of 2: H0..H3
    selection = lottery(pool, coord)
    assert selection.status == SelectionStatus.DONE, selection.error
    codes = [
        m.participant.household_code
        for m in SelectedMember.objects.filter(selection=selection, seated=True).select_related("participant")
    ]
    assert len(set(codes)) == 4


def test_transparency_page_and_pdf_contain_no_names(coord_client, hub, coord, lottery):
    pool = small_pool(hub)
    selection = lottery(pool, coord)
    names = list(Participant.objects.values_list("display_name", flat=True))
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, selection.pk])).content.decode()
    assert selection.seed in page and engine.ENGINE_VERSION in page and "<svg" in page
    for code in selection.result["panel"]:
        assert code in page
    for name in names:
        assert name not in page and name.split()[1] not in page
    response = coord_client.get(reverse("panels:transparency_pdf", args=[hub.slug, selection.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert selection.result["panel"][0] in text
    for name in names:
        assert name not in text and name.split()[1] not in text


def test_transparency_query_count_is_flat(coord_client, hub, coord, lottery):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = lottery(small_pool(hub, seats=2, size=4), coord)
    big = lottery(small_pool(hub, seats=4, size=12), coord)
    counts = []
    for selection in (small, big):
        url = reverse("panels:transparency", args=[hub.slug, selection.pk])
        coord_client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert coord_client.get(url).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# --- permissions over every URL of this part ------------------------------------------------------


def _url(pattern, hub_slug, objects):
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "hub_slug":
            kwargs[key] = hub_slug
        elif key == "participant_pk":
            kwargs[key] = objects["participant"]
        elif key == "pk":
            kwargs[key] = objects["selection"] if "selecties" in str(pattern.pattern) else objects["pool"]
    return reverse(f"panels:{pattern.name}", kwargs=kwargs)


#: The coordinator's pages (the public report pages are under hubs/ and tested in test_public_report).
COORDINATOR_PATTERNS = [p for p in panel_urls.urlpatterns if str(p.pattern).startswith("panels/")]


@pytest.fixture
def objects(hub, coord, lottery):
    pool = small_pool(hub)
    selection = lottery(pool, coord)
    return {"pool": pool.pk, "selection": selection.pk, "participant": pool.memberships.first().participant_id}


@pytest.mark.parametrize("pattern", COORDINATOR_PATTERNS, ids=lambda p: p.name)
def test_other_hub_and_other_roles_get_403(client, hub, objects, pattern):
    stranger_hub = HubFactory(slug="vreemd")
    for user in (coordinator(stranger_hub), programme_officer()):
        client.force_login(user)
        assert client.get(_url(pattern, hub.slug, objects)).status_code == 403
        assert client.post(_url(pattern, hub.slug, objects)).status_code == 403
    client.logout()
    assert client.get(_url(pattern, hub.slug, objects)).status_code == 302  # to the log-in page


@pytest.mark.parametrize("pattern", COORDINATOR_PATTERNS, ids=lambda p: p.name)
def test_the_hubs_coordinator_has_access(coord_client, hub, objects, pattern):
    assert coord_client.get(_url(pattern, hub.slug, objects)).status_code in (200, 405)


def test_a_record_of_another_hub_is_404(coord_client, hub, other_hub):
    foreign = small_pool(other_hub)
    assert coord_client.get(reverse("panels:pool_detail", args=[hub.slug, foreign.pk])).status_code == 404


def test_the_run_uses_the_budget_and_the_report_states_the_precision(
    coord_client, hub, coord, settings, monkeypatch, lottery
):
    seen = {}
    real_select = engine.select

    def spy(*args, **kwargs):
        seen.update(tolerance=kwargs.get("tolerance"), exact_seconds=kwargs.get("exact_seconds"))
        return real_select(*args, **kwargs)

    monkeypatch.setattr(services.engine, "select", spy)
    settings.SELECTION_EXACT_SECONDS = 240
    selection = lottery(small_pool(hub), coord)
    # A budget, no tolerance: exact if done in time, else stopped with the exact smallest chance.
    assert seen == {"tolerance": None, "exact_seconds": 240}
    # A small pool is done exactly long before the time is up.
    assert selection.result["precision"]["exact"] is True
    assert selection.result["precision"]["smallest_exact"] is True
    assert selection.result["precision"]["tolerance"] == 0.0
    url = reverse("panels:transparency", args=[hub.slug, selection.pk])
    page = coord_client.get(url).content.decode()
    assert "Exact: no chance can be made larger" in page

    # A run that the budget stopped says so: the smallest chance exact, the others how close.
    selection.result["precision"].update(exact=False, max_shortfall=0.00041, exact_seconds=240)
    selection.save(update_fields=["result"])
    page = coord_client.get(url).content.decode()
    assert "The smallest chance is exact: no lottery can make it larger." in page
    assert "stopped after 4 minutes; each is at most 0.00041 below its target" in page
    assert "Exact: no chance" not in page
    pdf = coord_client.get(reverse("panels:transparency_pdf", args=[hub.slug, selection.pk]))
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "The smallest chance is exact" in text

    # Level 1's safety cap stopped it (twice the budget): how far the smallest chance may be off.
    selection.result["precision"].update(smallest_exact=False, smallest_gap=0.00002, exact_seconds=480)
    selection.save(update_fields=["result"])
    page = coord_client.get(url).content.decode()
    assert "The calculation stopped after 8 minutes. The smallest chance is at most 0.00002 below" in page

    # Runs of an older engine that settled for a tolerance keep their own sentence.
    selection.result["precision"].update(tolerance=0.0005, smallest_exact=True)
    selection.save(update_fields=["result"])
    page = coord_client.get(url).content.decode()
    assert "At most 0.0005 below the fairest chance" in page
    assert "the largest difference is 0.00041" in page and "longer than 8 minutes" in page


def test_maximin_is_called_exact_without_the_leximin_promise(coord_client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord, algorithm="maximin")
    assert selection.result["precision"]["exact"] is True
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, selection.pk])).content.decode()
    assert "Exact: the smallest chance is as large as possible." in page
    assert "without making a smaller chance" not in page


def test_the_legacy_draw_has_no_precision_line(coord_client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord, algorithm="legacy")
    assert "precision" not in selection.result
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, selection.pk])).content.decode()
    assert "Precision" not in page


def test_the_budget_setting_defaults_to_the_engines_value():
    from participatiehub import settings as project_settings

    assert project_settings.SELECTION_EXACT_SECONDS == engine.DEFAULT_EXACT_SECONDS


def test_the_start_page_says_how_long_exact_is_tried(coord_client, hub, settings):
    pool = small_pool(hub)
    url = reverse("panels:selection_create", args=[hub.slug, pool.pk])
    settings.SELECTION_EXACT_SECONDS = 300
    page = coord_client.get(url).content.decode()
    assert "It stops after 5 minutes of calculation at the latest. The smallest chance is always exact" in page
    settings.SELECTION_EXACT_SECONDS = 0  # always exact, however long: nothing to explain
    assert "It stops after" not in coord_client.get(url).content.decode()
