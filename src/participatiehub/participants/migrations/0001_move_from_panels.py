"""The resident side's models leave ``panels`` for ``participants`` (ADR 0006).

State only: the tables keep their ``panels_*`` names and every row stays where it is. On a new
database ``panels`` 0001–0004 create the tables and this migration hands them over.
"""

from django.db import migrations

from participatiehub.core.migrations_ops import MoveModelState

MOVED = [
    "HubPanelSettings",
    "AttributeDefinition",
    "ConsentText",
    "Participant",
    "SpecialAttributes",
    "Consent",
    "InvitationBatch",
    "InvitationCode",
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [("panels", "0004_selection_one_run_per_pool_heartbeat")]

    operations = [MoveModelState("panels", "participants", MOVED)]
