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


# --- grants and the budget (services_grants, selectors_budget, views_grants) ------------------


@rules.predicate
def is_finance(user) -> bool:
    from participatiehub.accounts.constants import Role

    return Role.FINANCE in roles_for_user(user).roles


@rules.predicate
def is_grantee_of(user, grant) -> bool:
    """A coordinator of the grant's hub (the grantee's side)."""
    return grant is not None and grant.hub_id in roles_for_user(user).hub_ids


# The office runs grants (payments, reviews, settlement); finance reads the budget and exports it.
rules.add_perm("funding.manage_grants", is_programme_office)
rules.add_perm("funding.view_budget", is_programme_office | is_finance)
# One grant (the object is the grant): the office reads every grant, the hub's coordinators their own.
rules.add_perm("funding.view_grant", is_programme_office | is_grantee_of)
rules.add_perm("funding.change_grant", is_grantee_of)
# A hub's applications and grants on its dashboard (the object is the hub).
rules.add_perm("funding.view_hub_grants", is_programme_office | is_coordinator_of_hub)
