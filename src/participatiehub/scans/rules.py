"""Who may do what with the participation scan (django-rules; found by ``AutodiscoverRulesConfig``).

The office manages templates and rounds and reads every response; a hub's coordinators (its
coalition's people with the coordinator role) read and fill in their own hub's response only.
"""

import rules

from participatiehub.accounts.rules import is_any_coordinator, is_programme_office
from participatiehub.accounts.selectors import roles_for_user


@rules.predicate
def is_coordinator_of_response(user, response) -> bool:
    return response is not None and response.hub_id in roles_for_user(user).hub_ids


rules.add_perm("scans.manage_scans", is_programme_office)
rules.add_perm("scans.view_my_scans", is_any_coordinator)
rules.add_perm("scans.view_response", is_programme_office | is_coordinator_of_response)
rules.add_perm("scans.change_response", is_coordinator_of_response)
rules.add_perm("scans.reopen_response", is_programme_office)
