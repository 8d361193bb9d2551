"""Lessons between hubs: their status, the tags they carry and the limits of the public forms (docs/learning.md).

Forms of participation and agreements (the themes IZA/AZWA, WOZO, GALA, TAZ) reuse the hubs' own choices,
so a lesson is tagged with the same words a hub uses for its design choices. The phase is the hub's status
at the time (without "stopped"); the target groups are the lessons' own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.hubs.constants import STATUS_ORDER, Agreement, HubStatus, ParticipationForm


class LessonStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class EventKind(models.TextChoices):
    CREATED = "created", _("Written")
    EDITED = "edited", _("Changed")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Taken offline")


class TargetGroup(models.TextChoices):
    ALL_RESIDENTS = "all_residents", _("All residents")
    YOUNG_PEOPLE = "young_people", _("Young people")
    OLDER_PEOPLE = "older_people", _("Older people")
    CHRONIC_ILLNESS = "chronic_illness", _("People with a chronic illness or disability")
    MENTAL_HEALTH = "mental_health", _("People with mental health problems")
    LOW_LITERACY = "low_literacy", _("People who find reading and writing hard")
    MIGRATION_BACKGROUND = "migration_background", _("People with a migration background")
    LOW_INCOME = "low_income", _("People with little money")
    INFORMAL_CARERS = "informal_carers", _("Informal carers")
    OTHER = "other", _("Other")


#: The phase of the hub a lesson comes from: the hub statuses on the way to an operational hub.
PHASE_CHOICES = [(status.value, status.label) for status in STATUS_ORDER if status != HubStatus.STOPPED]
PHASES = {value for value, _label in PHASE_CHOICES}

#: The tags a lesson carries: the key used in filters and in ``Lesson.tag_keys`` → (field, choices).
TAG_KINDS = {
    "form": ("participation_forms", ParticipationForm.choices),
    "theme": ("themes", Agreement.choices),
    "phase": ("phase", PHASE_CHOICES),
    "target": ("target_groups", TargetGroup.choices),
}

#: The parts of a lesson a reader needs before it may be published.
REQUIRED_TO_PUBLISH = ("context", "tried", "advice")

#: The longest text of each part, in characters (a lesson is read on a screen, not a report).
TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 6000

#: The data version of every public page that shows lessons (core.services.data_version; ADR 0004).
LESSONS_VERSION = "lessons"

#: How many related lessons a lesson's page shows, and recent lessons on the overview and a hub page.
RELATED_COUNT = 4
RECENT_COUNT = 5
RECENT_ON_HUB_PAGE = 3

#: "Ask this hub": the longest message, and the rate limits (core/ratelimit.py) per address and per hub.
ASK_MESSAGE_MAX_LENGTH = 2000
ASK_LIMIT = "lesson-ask"
ASK_TRIES_PER_ADDRESS = 5
ASK_TRIES_PER_HUB = 30
ASK_WINDOW = 3600  # seconds
ASK_EMAIL_PURPOSE = "lesson_question"

#: The query parameter of the search box; the longest query read.
QUERY_MAX_LENGTH = 200
