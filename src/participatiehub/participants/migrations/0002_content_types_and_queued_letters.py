"""What names the moved models outside their tables follows them (ADR 0006):

- the content types of the moved models get the app label ``participants``, so permissions, admin
  log entries and anything else pointing at a content type keep pointing at the same row;
- letters still waiting in the task queue name their task by its old path; they are pointed at the
  new one so the worker finds it. (``manage.py invitation_letters_requeue`` queues every batch that
  is still waiting in any case.)
"""

from django.db import migrations

MODELS = [
    "hubpanelsettings",
    "attributedefinition",
    "consenttext",
    "participant",
    "specialattributes",
    "consent",
    "invitationbatch",
    "invitationcode",
]
OLD_TASK = "participatiehub.panels.tasks.make_invitation_letters"
NEW_TASK = "participatiehub.participants.tasks.make_invitation_letters"


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=new, model=model).exists():
            continue  # already there (made by an earlier run of post_migrate): keep it
        ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def _retask(apps, old: str, new: str) -> None:
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=old, status="READY").update(task_path=new)


def forwards(apps, schema_editor):
    _relabel(apps, "panels", "participants")
    _retask(apps, OLD_TASK, NEW_TASK)


def backwards(apps, schema_editor):
    _relabel(apps, "participants", "panels")
    _retask(apps, NEW_TASK, OLD_TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0001_move_from_panels"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
