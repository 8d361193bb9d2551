"""Migration operations of our own.

``MoveModelState`` moves models from one app to another without touching the database: the tables
keep their names (the moved models set ``Meta.db_table`` to the old name), only Django's record of
which app owns them changes. Used when ``panels`` was split into ``participants`` and ``panels``
(ADR 0006); usable for any later split.
"""

from __future__ import annotations

from django.db.migrations.operations.base import Operation
from django.db.migrations.utils import field_references


class MoveModelState(Operation):
    """Move the models ``names`` from ``from_app`` to ``to_app`` in the migration state only.

    Each moved model gets ``db_table`` = the table it had (unless it named one already), and every
    relation pointing at it (foreign keys, one-to-one, many-to-many and their ``through``) is pointed
    at its new app. The database is not touched, forwards or backwards. Put it in a migration of
    ``to_app`` that depends on the last migration of ``from_app`` that knew the models.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, from_app: str, to_app: str, names: list[str] | tuple[str, ...]):
        self.from_app = from_app
        self.to_app = to_app
        self.names = tuple(names)

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"from_app": self.from_app, "to_app": self.to_app, "names": list(self.names)},
        )

    def state_forwards(self, app_label, state):
        origin: dict[tuple[str, str], tuple[str, str]] = {}  # new key → old key
        target: dict[tuple[str, str], str] = {}  # old key → "to_app.Name"
        for name in self.names:
            old_key = (self.from_app, name.lower())
            model_state = state.models.pop(old_key).clone()
            model_state.app_label = self.to_app
            model_state.options.setdefault("db_table", f"{self.from_app}_{model_state.name_lower}")
            new_key = (self.to_app, model_state.name_lower)
            if new_key in state.models:
                raise ValueError(f"{self.to_app}.{model_state.name} exists already")
            state.models[new_key] = model_state
            origin[new_key] = old_key
            target[old_key] = f"{self.to_app}.{model_state.name}"
        for key, model_state in state.models.items():
            # A moved model's own relative references ("self") resolve against its old app.
            resolve_as = origin.get(key, key)
            for field_name, field in list(model_state.fields.items()):
                changed = None
                for old_key, new_label in target.items():
                    reference = field_references(resolve_as, changed or field, old_key)
                    if not reference:
                        continue
                    changed = (changed or field).clone()
                    if reference.to:
                        changed.remote_field.model = new_label
                    if reference.through:
                        changed.remote_field.through = new_label
                if changed is not None:
                    model_state.fields[field_name] = changed
        # Relations and rendered models are rebuilt from the changed state when they are next needed.
        state._relations = None
        state.__dict__.pop("apps", None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return f"Move the state of {', '.join(self.names)} from {self.from_app} to {self.to_app} (tables unchanged)"

    @property
    def migration_name_fragment(self):
        return f"move_from_{self.from_app}"
