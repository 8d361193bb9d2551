"""Who may do what with lessons (django-rules; found by ``AutodiscoverRulesConfig``).

A hub's coordinators write, change, publish and take offline their own hub's lessons and see its drafts.
A published lesson is public; a draft is seen by its hub's coordinators only (not by the office either:
a draft is the hub's own work in progress).
"""

import rules

from participatiehub.accounts.rules import is_coordinator_of_hub
from participatiehub.accounts.selectors import roles_for_user

from .constants import LessonStatus


@rules.predicate
def is_coordinator_of_lesson_hub(user, lesson) -> bool:
    return lesson is not None and lesson.hub_id in roles_for_user(user).hub_ids


@rules.predicate
def is_published(user, lesson) -> bool:
    return lesson is not None and lesson.status == LessonStatus.PUBLISHED


# The object is the hub.
rules.add_perm("learning.manage_lessons", is_coordinator_of_hub)
# The object is the lesson.
rules.add_perm("learning.change_lesson", is_coordinator_of_lesson_hub)
rules.add_perm("learning.view_lesson", is_published | is_coordinator_of_lesson_hub)
