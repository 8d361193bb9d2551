"""Who may see and change what in monitoring, as django-rules predicates (found by ``AutodiscoverRulesConfig``).

- The national dashboard and its downloads: the programme office and the evaluator (national roles).
- One hub's dashboard (the object is the hub): the office, the evaluator and that hub's coordinators.
- The indicator catalogue: the office reads it and adds and edits self-reported indicators (computed
  ones are defined in code). The dashboards show each indicator's definition to whoever sees them.
- Correcting a hub's figures (a new snapshot version with its reason; the object is the hub): the office.
- The public figures need no permission.
"""

import rules

from participatiehub.accounts.rules import is_coordinator_of_hub, is_evaluator, is_programme_office

rules.add_perm("monitoring.view_national", is_programme_office | is_evaluator)
rules.add_perm("monitoring.view_hub", is_programme_office | is_evaluator | is_coordinator_of_hub)
rules.add_perm("monitoring.view_catalogue", is_programme_office)
rules.add_perm("monitoring.change_catalogue", is_programme_office)
rules.add_perm("monitoring.correct_snapshot", is_programme_office)
