"""The participants' questionnaire: its five items, the answer scale and the limits (docs/questionnaire.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Figures (and open comments) are shown only when at least this many people answered: fewer could be
#: recognised. The same threshold holds for a trajectory, for a hub and in ``selectors.item_shares``.
MIN_RESPONSES = 5

#: The five items, in the order they are asked: (code, the statement as an English msgid).
#: Codes are stable: monitoring's indicators ``experience_<code>`` read them.
ITEMS: list[tuple[str, str]] = [
    ("heard", _("I felt heard.")),
    ("clear", _("The question we were asked was clear to me.")),
    ("diverse", _("The group of participants was diverse: different kinds of people took part.")),
    ("see_result", _("I can see what was done with our input.")),
    ("again", _("I would take part again.")),
]
ITEM_CODES = [code for code, _label in ITEMS]


class Answer(models.TextChoices):
    """A five-point scale with a clear positive side, and "don't know". Stored as text: readable in exports."""

    AGREE_STRONGLY = "agree_strongly", _("Fully agree")
    AGREE = "agree", _("Agree")
    NEUTRAL = "neutral", _("Neither agree nor disagree")
    DISAGREE = "disagree", _("Disagree")
    DISAGREE_STRONGLY = "disagree_strongly", _("Fully disagree")
    DONT_KNOW = "dont_know", _("I don't know")


#: The answers that count as positive (the share shown is positive / all answers except "don't know").
POSITIVE = (Answer.AGREE_STRONGLY, Answer.AGREE)

#: Days between the publication of the feedback and the invitation: participants first get the feedback
#: e-mail and have time to read it; then they are asked (among other things) whether they can see what was
#: done with their input.
INVITE_AFTER_DAYS = 3
#: A link works this many weeks after the invitation was sent.
LINK_VALID_WEEKS = 8
#: Invitations are made only for feedback published at most this long ago (the same weeks: an older
#: trajectory is no longer fresh in the participants' minds, and its links would already have expired).
INVITE_WITHIN_WEEKS = LINK_VALID_WEEKS
#: The longest open comment, in characters.
COMMENT_MAX_LENGTH = 2000

#: Rate limits (core/ratelimit.py), per client address: unknown links opened, and answers sent.
UNKNOWN_LINK_LIMIT = "questionnaire-unknown"
UNKNOWN_LINK_TRIES = 20
SUBMIT_LIMIT = "questionnaire-submit"
SUBMIT_TRIES = 30
LIMIT_WINDOW = 600  # seconds

#: The outbox purpose of the invitation e-mails.
EMAIL_PURPOSE = "questionnaire_invitation"
#: What replaces the personal link in a stored e-mail once it has been sent.
LINK_REMOVED = "[persoonlijke link verwijderd na verzending]"
#: Data version bumped by every answer (ADR 0004), for pages that cache the figures.
RESPONSES_VERSION = "experience-responses"
