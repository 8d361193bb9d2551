"""Demo data for the participants' questionnaire: the showcase hub's trajectories with published feedback.

Everything goes through the product's own services, on the demo's timeline: three days after each
publication the invitations are sent (the e-mails land, as sent, in the in-memory mailbox the demo uses,
dated as they would have been), and some participants answer with the link from their e-mail within a few
weeks. The demo cannot add participants (every participant who wants to hear back got the feedback
e-mail), so a trajectory gets as many answers as it had participants willing: trajectories with few
participants stay below the threshold of 5 and show why nothing is shown there.

Links are kept only as hashes, so no demo link can be printed afterwards. The last step therefore gives one
participant of the most recent trajectory a fresh link, valid from now: its address is returned under
"voorbeeldlink" so a tester can open the questionnaire.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from participatiehub.core.models import OutgoingEmail
from participatiehub.experience import services
from participatiehub.experience.constants import (
    EMAIL_PURPOSE,
    INVITE_AFTER_DAYS,
    ITEMS,
    LINK_VALID_WEEKS,
    MIN_RESPONSES,
    Answer,
)
from participatiehub.experience.models import Invitation, QuestionnaireResponse
from participatiehub.trajectories.models import Feedback

#: How an item usually compares with a trajectory's overall satisfaction (diversity is the hardest).
ITEM_OFFSET = {"heard": 0.05, "clear": 0.1, "diverse": -0.2, "see_result": -0.05, "again": 0.05}
COMMENTS = [
    "Fijn dat er echt naar ons geluisterd werd.",
    "De bijeenkomst was goed geregeld, maar de avond was erg lang.",
    "Ik miste jongeren en mensen met een migratieachtergrond aan tafel.",
    "Het verslag was duidelijk. Ik zie terug wat wij gezegd hebben.",
    "Jammer dat niet alle aanbevelingen zijn overgenomen. De uitleg waarom was wel helder.",
    "Graag de volgende keer ook een bijeenkomst overdag.",
    "De vragen vooraf waren wat ingewikkeld. Met hulp van de begeleider lukte het wel.",
    "Ik doe graag weer mee!",
]
LINK = re.compile(r"/ervaring/v/([A-Za-z0-9_-]+)/")


def _answer(rng: random.Random, p: float) -> str:
    if rng.random() < 0.07:
        return Answer.DONT_KNOW
    if rng.random() < p:
        return Answer.AGREE_STRONGLY if rng.random() < 0.4 else Answer.AGREE
    return rng.choices([Answer.NEUTRAL, Answer.DISAGREE, Answer.DISAGREE_STRONGLY], weights=[5, 3.5, 1.5])[0]


def _tokens_sent(since: int) -> dict[str, str]:
    """Recipient → token of the invitation e-mails the in-memory mailbox received after position ``since``."""
    tokens = {}
    for message in getattr(mail, "outbox", [])[since:]:
        found = LINK.search(message.body)
        if found and message.to:
            tokens[message.to[0]] = found.group(1)
    return tokens


def demo_experience_build(*, showcase_hub, seed: int) -> dict[str, int | str]:
    rng = random.Random(f"{seed}-experience")
    now = timezone.now()
    root = (getattr(settings, "PH_SITE_URL", "") or "http://localhost:8000").rstrip("/")
    counts = {"trajecten": 0, "uitnodigingen": 0, "antwoorden": 0, "trajecten met cijfers": 0}
    feedback = list(
        Feedback.objects.filter(trajectory__hub=showcase_hub, published_at__isnull=False)
        .select_related("trajectory")
        .order_by("published_at", "pk")
    )
    for item in feedback:
        trajectory_id = item.trajectory_id
        send_at = item.published_at + dt.timedelta(days=INVITE_AFTER_DAYS)
        if send_at > now:  # published in the last days: the invitations wait for their moment
            services.invitations_create(trajectory_id, now=item.published_at + dt.timedelta(minutes=1))
            continue
        services.invitations_create(trajectory_id, now=send_at)
        since = len(getattr(mail, "outbox", []))
        last_email = OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        sent = services.invitations_send(base_url=root, now=send_at, trajectory_ids=[trajectory_id])
        OutgoingEmail.objects.filter(pk__gt=last_email, purpose=EMAIL_PURPOSE).update(
            created_at=send_at, sent_at=send_at + dt.timedelta(minutes=2)
        )
        if not sent:
            continue
        counts["trajecten"] += 1
        counts["uitnodigingen"] += sent
        tokens = list(_tokens_sent(since).values())
        rng.shuffle(tokens)
        satisfaction = rng.uniform(0.45, 0.9)
        answering = tokens[: round(len(tokens) * rng.uniform(0.55, 0.95))]
        deadline = min(now, send_at + dt.timedelta(weeks=LINK_VALID_WEEKS)) - send_at
        if deadline < dt.timedelta(hours=2):  # sent just now: nobody has answered yet
            answering = []
        for token in answering:
            moment = send_at + dt.timedelta(seconds=rng.randint(3600, max(3601, int(deadline.total_seconds()) - 60)))
            answers = {code: _answer(rng, satisfaction + ITEM_OFFSET[code]) for code, _label in ITEMS}
            comment = rng.choice(COMMENTS) if rng.random() < 0.35 else ""
            services.response_submit(token=token, answers=answers, comment=comment, now=moment)
        counts["antwoorden"] += len(answering)
        counts["trajecten met cijfers"] += len(answering) >= MIN_RESPONSES
    counts["voorbeeldlink"] = _sample_link(showcase_hub, root, now)
    return counts


def _sample_link(hub, root: str, now: dt.datetime) -> str:
    """A fresh link for one participant who has not answered, of the hub's most recent trajectory with one."""
    invitation = (
        Invitation.objects.filter(trajectory__hub=hub, used=False, participant__wants_feedback=True)
        .order_by("-trajectory__feedback__published_at", "pk")
        .first()
    )
    if invitation is None:
        return "–"
    token = services.token_new()
    invitation.token_hash = services.token_hash(token)
    invitation.send_after = min(invitation.send_after, now)
    invitation.sent_at = now
    invitation.expires_at = now + dt.timedelta(weeks=LINK_VALID_WEEKS)
    invitation.cancelled = False
    invitation.save(update_fields=["token_hash", "send_after", "sent_at", "expires_at", "cancelled"])
    return root + reverse("experience:answer", args=[token])


def wipe_experience() -> int:
    """Delete every questionnaire answer and invitation (for ``--reset``). Returns how many rows went."""
    answers, _ = QuestionnaireResponse.objects.all().delete()
    invitations, _ = Invitation.objects.all().delete()
    return answers + invitations
