"""The split of panels into participants and panels keeps every row (ADR 0006).

``MoveModelState`` on a small state of its own, then the real path: a database migrated to the
state before the split, filled by the demo's panel builder (it writes the same tables), migrated
forward: the same rows in every table, the content types renamed in place, the queued letters
pointed at the new task, foreign keys intact, and the pages work on it.
"""

from __future__ import annotations

import importlib
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ModelState, ProjectState
from django.urls import reverse

import pytest

from participatiehub.core.migrations_ops import MoveModelState
from participatiehub.demo.panels import demo_panels_build
from participatiehub.panels.models import Pool, PoolMember, Selection
from participatiehub.participants.models import InvitationBatch, Participant
from tests.factories import HubFactory, HubMunicipalityFactory, MunicipalityFactory, coordinator

MOVED = importlib.import_module("participatiehub.participants.migrations.0001_move_from_panels").MOVED
RETASK = importlib.import_module("participatiehub.participants.migrations.0002_content_types_and_queued_letters")


# --- the operation on a state of its own ------------------------------------------------------------


def _state() -> ProjectState:
    state = ProjectState()
    state.add_model(ModelState("old", "Person", [("id", models.AutoField(primary_key=True))]))
    state.add_model(
        ModelState(
            "old",
            "Answer",
            [
                ("id", models.AutoField(primary_key=True)),
                ("person", models.ForeignKey("old.person", models.CASCADE)),
                ("previous", models.ForeignKey("self", models.SET_NULL, null=True)),
            ],
        )
    )
    state.add_model(
        ModelState(
            "stays",
            "Group",
            [
                ("id", models.AutoField(primary_key=True)),
                ("people", models.ManyToManyField("old.person", through="stays.Member")),
            ],
        )
    )
    state.add_model(
        ModelState(
            "stays",
            "Member",
            [
                ("id", models.AutoField(primary_key=True)),
                ("group", models.ForeignKey("stays.group", models.CASCADE)),
                ("person", models.ForeignKey("old.person", models.CASCADE)),
            ],
        )
    )
    return state


def test_move_model_state_moves_the_models_and_every_relation_to_them():
    state = _state()
    assert state.apps.get_model("old", "Person")  # rendered before the move: none may stay behind
    MoveModelState("old", "new", ["Person", "Answer"]).state_forwards("new", state)

    assert set(state.models) == {("new", "person"), ("new", "answer"), ("stays", "group"), ("stays", "member")}
    assert state.models["new", "person"].options["db_table"] == "old_person"
    assert state.models["new", "answer"].options["db_table"] == "old_answer"
    answer = state.models["new", "answer"].fields
    assert answer["person"].remote_field.model == "new.Person"
    assert answer["previous"].remote_field.model == "new.Answer"  # "self" of a moved model
    assert state.models["stays", "group"].fields["people"].remote_field.model == "new.Person"
    assert state.models["stays", "group"].fields["people"].remote_field.through == "stays.Member"
    assert state.models["stays", "member"].fields["person"].remote_field.model == "new.Person"
    # The rendered models follow: the group's people are the moved Person, in its old table.
    person = state.apps.get_model("new", "Person")
    assert person._meta.db_table == "old_person"
    assert state.apps.get_model("stays", "Group")._meta.get_field("people").related_model is person
    assert state.relations["new", "person"]


def test_move_model_state_touches_no_database_and_keeps_the_source_state():
    before = _state()
    after = before.clone()
    operation = MoveModelState("old", "new", ["Person"])
    operation.state_forwards("new", after)
    assert ("old", "person") in before.models  # the operation changed only the state it was given
    editor = mock.Mock(spec=BaseDatabaseSchemaEditor)
    operation.database_forwards("new", editor, before, after)
    operation.database_backwards("new", editor, after, before)
    assert editor.mock_calls == []
    name, args, kwargs = operation.deconstruct()
    assert (name, args, kwargs) == ("MoveModelState", [], {"from_app": "old", "to_app": "new", "names": ["Person"]})
    assert operation.migration_name_fragment == "move_from_old"


# --- the real path on demo data -----------------------------------------------------------------


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _panels_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t.startswith("panels_")]
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own names
            counts[table] = cursor.fetchone()[0]
    return counts


def _content_types(app_label: str) -> dict[str, int]:
    return dict(
        ContentType.objects.filter(app_label=app_label, model__in=[m.lower() for m in MOVED]).values_list("model", "pk")
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_split_keeps_every_row_of_a_demo_database(private_files, client):
    from django_tasks_db.models import DBTaskResult

    try:
        # The database as it was before the split: the models belong to panels.
        _migrate([("participants", None)])
        before_types = _content_types("panels")
        assert sorted(before_types) == sorted(m.lower() for m in MOVED) and not _content_types("participants")

        hub = HubFactory(slug="utrecht-eo", name="Participatiehub Utrecht")
        HubMunicipalityFactory(hub=hub, municipality=MunicipalityFactory(code="GM0344", name="Utrecht"))
        coord = coordinator(hub)
        demo = demo_panels_build(seed=7, hub=hub, coordinator=coord)
        # Letters the old code queued name the task by its old path.
        waiting = DBTaskResult.objects.filter(task_path=RETASK.NEW_TASK, status="READY")
        assert waiting.exists()
        waiting.update(task_path=RETASK.OLD_TASK)
        queued = DBTaskResult.objects.filter(task_path=RETASK.OLD_TASK).count()
        before = _panels_tables()
        assert all(before[f"panels_{m.lower()}"] for m in ("Participant", "Consent", "InvitationCode", "PoolMember"))
        assert before["panels_selectedmember"] and before["panels_allowance"] and before["panels_engagement"]

        _migrate(_leaves())

        assert _panels_tables() == before  # not one row more or less, in any table
        assert _content_types("participants") == before_types  # the same rows, renamed
        assert not _content_types("panels")
        assert DBTaskResult.objects.filter(task_path=RETASK.NEW_TASK, status="READY").count() == queued
        assert not DBTaskResult.objects.filter(task_path=RETASK.OLD_TASK).exists()

        pool = Pool.objects.get(pk=demo.pool.pk)
        members = list(pool.members.all())
        assert members and all(isinstance(p, Participant) for p in members)
        assert len(members) == PoolMember.objects.filter(pool=pool).count()
        assert InvitationBatch.objects.filter(pool=pool).exists()
        selection = Selection.objects.get(pk=demo.selection.pk)
        seated = selection.members.filter(seated=True).select_related("participant")
        assert seated.count() == pool.panel_size and all(m.participant.hub_id == hub.pk for m in seated)

        client.force_login(coord)
        report = client.get(reverse("panels:transparency", args=[hub.slug, selection.pk]))
        assert report.status_code == 200 and seated[0].pseudonym in report.content.decode()
        assert client.get(reverse("panels:public_report", args=[hub.slug, selection.public_id])).status_code == 200
        resident = seated[0].participant
        client.force_login(resident.user)
        mydata = client.get(reverse("participants:mydata"))
        assert mydata.status_code == 200 and pool.name in mydata.content.decode()
    finally:
        _migrate(_leaves())
