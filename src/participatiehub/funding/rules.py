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


# --- assessment (services_assessment, selectors_assessment, views_assessment) -----------------
# An assessor is "clear" for an application once they declared no conflict of interest; with a
# conflict they cannot open it. The committee sees scores and referee names; applicants see the
# reports anonymised and no scores; a referee sees only their own report (docs/funding.md).


def _clear_assignments(user, **filters):
    from .models import RefereeAssignment

    if user is None or not user.is_authenticated:
        return RefereeAssignment.objects.none()
    return RefereeAssignment.objects.filter(user=user, declared_conflict=False, declared_at__isnull=False, **filters)


@rules.predicate
def is_clear_assessor_of(user, application) -> bool:
    """Assigned to the application (referee or committee), declared no conflict of interest."""
    return application is not None and _clear_assignments(user, application=application).exists()


@rules.predicate
def is_clear_committee_member_of(user, application) -> bool:
    from .constants import AssignmentRole

    return (
        application is not None
        and _clear_assignments(user, application=application, role=AssignmentRole.COMMITTEE).exists()
    )


@rules.predicate
def is_committee_member_of_call(user, call) -> bool:
    """On the committee (no conflict) for at least one application of the call."""
    from .constants import AssignmentRole

    return call is not None and _clear_assignments(user, application__call=call, role=AssignmentRole.COMMITTEE).exists()


@rules.predicate
def is_assessor(user) -> bool:
    """Holds the role referee or committee member (the assessor's inbox)."""
    from participatiehub.accounts.constants import Role

    return bool(roles_for_user(user).roles & {Role.REFEREE, Role.COMMITTEE_MEMBER})


# The office assigns assessors, moves the steps on and decides.
rules.add_perm("funding.manage_assessment", is_programme_office)
rules.add_perm("funding.decide", is_programme_office)
# The assessor's inbox.
rules.add_perm("funding.view_assessments", is_assessor)
# Scores and referee names (the object is the application): the office and its clear committee members.
rules.add_perm("funding.view_scores", is_programme_office | is_clear_committee_member_of)
# The committee's table and ranking (the object is the call).
rules.add_perm("funding.view_committee", is_programme_office | is_committee_member_of_call)
rules.add_perm("funding.rank_applications", is_programme_office | is_committee_member_of_call)
# The applicant reads the anonymised reports and writes the rebuttal (the object is the application).
rules.add_perm("funding.read_reports", is_programme_office | is_applicant_of)
rules.add_perm("funding.rebut", is_applicant_of)
# Clear assessors read the application and its attachments (F1's application and attachment pages).
rules.set_perm("funding.view_application", is_programme_office | is_applicant_of | is_clear_assessor_of)
