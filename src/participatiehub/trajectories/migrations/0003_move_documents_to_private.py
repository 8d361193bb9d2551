"""Move the trajectory documents uploaded before 0002 from the public media folder to private storage.

Each file keeps its name (``trajectories/<id>/<random>-<name>``), so the rows stay valid. A file that is
already in private storage with the same size (a run that stopped half-way) is only removed from the
media folder; a file missing from both is left alone (the download view answers 404 for it).
"""

from django.core.files.storage import storages
from django.db import migrations


def _move(source, target, name: str) -> str | None:
    """Move ``name`` from ``source`` to ``target``; returns the name it has there (None if absent)."""
    if not source.exists(name):
        return name if target.exists(name) else None
    if target.exists(name) and target.size(name) == source.size(name):
        source.delete(name)
        return name
    with source.open(name, "rb") as handle:
        stored = target.save(name, handle, max_length=200)
    source.delete(name)
    return stored


def _move_all(apps, source, target) -> None:
    Document = apps.get_model("trajectories", "Document")
    for document in Document.objects.exclude(file="").only("pk", "file").iterator():
        name = document.file.name
        stored = _move(source, target, name)
        if stored is not None and stored != name:
            Document.objects.filter(pk=document.pk).update(file=stored)


def documents_to_private(apps, schema_editor):
    _move_all(apps, storages["default"], storages["private"])


def documents_to_media(apps, schema_editor):
    _move_all(apps, storages["private"], storages["default"])


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0002_document_private_storage")]

    operations = [migrations.RunPython(documents_to_private, documents_to_media, elidable=True)]
