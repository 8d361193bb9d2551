"""Who may do what in funding, as django-rules predicates (found by ``AutodiscoverRulesConfig``).

Views and services ask ``user.has_perm("funding.…", obj)``. The object is the hub for starting an
application, the application for reading and editing it, and nothing for the office's pages.
"""

import rules

from participatiehub.accounts.rules import is_coordinator_of_hub, is_programme_office
from participatiehub.accounts.selectors import roles_for_user


@rules.predicate
def is_applicant_of(user, application) -> bool:
    """A coordinator of the application's hub (the lead applicant is one of them: docs/funding.md)."""
    return application is not None and application.hub_id in roles_for_user(user).hub_ids


@rules.predicate
def is_any_coordinator(user) -> bool:
    return roles_for_user(user).is_coordinator


# The office: calls, the completeness check and every application.
rules.add_perm("funding.manage_calls", is_programme_office)
rules.add_perm("funding.check_applications", is_programme_office)
rules.add_perm("funding.view_all_applications", is_programme_office)
# Funding pages at all (the menu): the office and every coordinator.
rules.add_perm("funding.view_funding", is_programme_office | is_any_coordinator)
# Applying (the object is the hub) and one application (the object is the application).
rules.add_perm("funding.apply", is_coordinator_of_hub)
rules.add_perm("funding.view_application", is_programme_office | is_applicant_of)
rules.add_perm("funding.change_application", is_applicant_of)
