"""All permission checks live here, as django-rules predicates.

Views ask ``request.user.has_perm("hubs.change_hub", hub)`` and never look at roles themselves.
"""

import rules

from .selectors import roles_for_user


@rules.predicate
def is_programme_office(user) -> bool:
    return roles_for_user(user).is_programme_office


@rules.predicate
def is_evaluator(user) -> bool:
    return roles_for_user(user).is_evaluator


@rules.predicate
def is_any_coordinator(user) -> bool:
    return roles_for_user(user).is_coordinator


@rules.predicate
def is_coordinator_of_hub(user, hub) -> bool:
    if hub is None:
        return False
    hub_id = hub if isinstance(hub, int) else hub.pk
    return hub_id in roles_for_user(user).hub_ids


@rules.predicate
def is_coordinator_of_object_hub(user, obj) -> bool:
    """For network objects (organisation, body, contact): coordinator of the hub that holds it."""
    if obj is None:
        return False
    return obj.hub_id in roles_for_user(user).hub_ids


# Hubs
rules.add_perm("hubs.view_hub_dashboard", is_programme_office | is_coordinator_of_hub)
rules.add_perm("hubs.add_hub", is_programme_office)
rules.add_perm("hubs.change_hub", is_programme_office | is_coordinator_of_hub)
rules.add_perm("hubs.change_hub_status", is_programme_office)
rules.add_perm("hubs.change_hub_coverage", is_programme_office)
rules.add_perm("hubs.add_designchoices", is_programme_office | is_coordinator_of_hub)

# Network (the object passed is the hub whose network it is)
rules.add_perm("network.view_network", is_coordinator_of_hub)
rules.add_perm("network.change_network", is_coordinator_of_hub)
rules.add_perm("network.change_network_object", is_coordinator_of_object_hub)

# Accounts
rules.add_perm("accounts.invite_user", is_programme_office)


# Questions and trajectories (the object passed is the PolicyQuestion)
@rules.predicate
def is_coordinator_of_question_hub(user, question) -> bool:
    return question is not None and question.hub_id in roles_for_user(user).hub_ids


@rules.predicate
def is_asker_of_question(user, question) -> bool:
    return question is not None and question.asking_organisation_id in roles_for_user(user).organisation_ids


@rules.predicate
def is_any_decision_maker(user) -> bool:
    return roles_for_user(user).is_decision_maker


rules.add_perm("questions.submit_question", is_any_decision_maker)
rules.add_perm("questions.view_question", is_coordinator_of_question_hub | is_asker_of_question)
rules.add_perm("questions.handle_question", is_coordinator_of_question_hub)
rules.add_perm("questions.view_inbox", is_coordinator_of_hub)
rules.add_perm("trajectories.change_trajectory", is_coordinator_of_question_hub)
rules.add_perm("trajectories.answer_recommendations", is_asker_of_question)
rules.add_perm("trajectories.publish_feedback", is_coordinator_of_question_hub)
rules.add_perm("hubs.view_influence", is_programme_office | is_coordinator_of_hub | is_evaluator)


# Panels (the object passed is the hub)
rules.add_perm("panels.manage_panels", is_coordinator_of_hub)
