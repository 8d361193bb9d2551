"""A GIN index on the lessons' text-search vector, on PostgreSQL only (ADR 0008).

SQLite has no GIN indexes and no tsvector: there the search reads the stored Dutch stems instead. The
index is therefore made here by hand and is not part of the model's state.
"""

from django.db import migrations

INDEX = "learning_lesson_search_vector_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON learning_lesson USING gin (search_vector)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_lessons")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
