"""Who may see what of the questionnaire (django-rules predicates; the object is the hub).

Answering needs no account: the personal link is the key (views.answer). The figures (shares and counts)
are for the hub's coordinators and the programme office; the open comments for the hub's coordinators only.
"""

import rules

from participatiehub.accounts.rules import is_coordinator_of_hub, is_programme_office

rules.add_perm("experience.view_results", is_programme_office | is_coordinator_of_hub)
rules.add_perm("experience.view_comments", is_coordinator_of_hub)
