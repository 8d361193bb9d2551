"""Writes for participants, consent and invitations. Each function is one transaction and writes
its processing-log row in that transaction. Bad input raises ServiceError and changes nothing.

What other apps keep about a participant (pool memberships, allowances) is reached through
``registry``: those apps register what happens to their records at sign-up, withdrawal and erasure.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.storage import unfinished_dir

from . import registry, selectors, tasks
from .constants import (
    AGE_BANDS,
    EDUCATION_LEVELS,
    GENDERS,
    ConsentPurpose,
    LettersStatus,
    StandardAttribute,
)
from .models import (
    Consent,
    InvitationBatch,
    InvitationCode,
    Participant,
    SpecialAttributes,
    new_invitation_code,
)

SUBJECT = selectors.SUBJECT_TYPE
PURPOSE_PANEL = "inwonerspanel en eerlijke loting"
MAX_BATCH_SIZE = 10_000


def _log_participant(actor, activity: str, operation: str, participant: Participant, *, hub_id: int) -> None:
    """One processing-log row: ``actor`` processed this participant's data for the panel."""
    processing_log_write(
        actor=actor,
        activity=activity,
        purpose=PURPOSE_PANEL,
        operation=operation,
        subject_type=SUBJECT,
        subject_ids=[participant.pk],
        hub_id=hub_id,
    )


# --- sign-up ------------------------------------------------------------------------------------


def code_check(*, code: str) -> InvitationCode:
    """The usable code for ``code``; ServiceError with a clear message otherwise."""
    found = selectors.code_for_signup(code)
    if found is None:
        raise ServiceError(_("We do not know this code. Check the code on your letter and try again."))
    if found.used_at is not None:
        raise ServiceError(_("This code has already been used. Each code works only once."))
    return found


def participant_signup(*, code: str, email: str, display_name: str = "", consents: Iterable[str]) -> Participant:
    """Create the account, the participant and the consents, and use up the code (once, ever)."""
    purposes = set(consents)
    if ConsentPurpose.PANEL not in purposes:
        raise ServiceError(_("To take part you must agree to the first point."))
    unknown = purposes - set(ConsentPurpose.values)
    if unknown:
        raise ServiceError(_("Unknown choice."))
    email = get_user_model().objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ServiceError(_("Fill in your e-mail address."))
    texts = selectors.current_consent_texts()
    if any(purpose not in texts for purpose in purposes):
        raise ServiceError(_("The consent texts are missing. Please contact the hub."))

    User = get_user_model()
    try:
        with transaction.atomic():
            invitation = (
                InvitationCode.objects.select_for_update(of=("self",))
                .select_related("batch__hub", "batch__pool")
                .filter(code=selectors.normalise_code(code))
                .first()
            )
            if invitation is None:
                raise ServiceError(_("We do not know this code. Check the code on your letter and try again."))
            if invitation.used_at is not None:
                raise ServiceError(_("This code has already been used. Each code works only once."))
            if User.objects.filter(email__iexact=email).exists():
                raise ServiceError(
                    _("There is already an account with this e-mail address. Log in with that address instead.")
                )
            user = User.objects.create_user(email=email, full_name=display_name.strip())
            batch = invitation.batch
            participant = Participant.objects.create(hub=batch.hub, user=user, display_name=display_name.strip())
            Consent.objects.bulk_create(
                [Consent(participant=participant, purpose=p, text=texts[p]) for p in sorted(purposes)]
            )
            # Compare-and-set: only one sign-up can turn an unused code into a used one.
            claimed = InvitationCode.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                used_at=timezone.now(), participant=participant
            )
            if claimed != 1:
                raise ServiceError(_("This code has already been used. Each code works only once."))
            for records in registry.registered():  # e.g. panels: join the batch's pool while it is open
                records.signed_up(participant, batch)
            _log_participant(user, "panels.participant_signup", "write", participant, hub_id=batch.hub_id)
    except IntegrityError as exc:
        raise ServiceError(_("This code has already been used. Each code works only once.")) from exc
    return participant


# --- attributes ---------------------------------------------------------------------------------


def standard_options(hub) -> dict[str, list[tuple[str, str]]]:
    return {
        StandardAttribute.AGE_BAND: list(AGE_BANDS),
        StandardAttribute.GENDER: [(code, str(label)) for code, label in GENDERS],
        StandardAttribute.EDUCATION: [(code, str(label)) for code, label in EDUCATION_LEVELS],
        StandardAttribute.MUNICIPALITY: [(m.code, m.name) for m in selectors.hub_municipalities(hub)],
    }


def _check(answers: dict, allowed: dict[str, set[str]]) -> dict:
    clean = {}
    for key, value in answers.items():
        if value in (None, ""):
            continue
        if key not in allowed or str(value) not in allowed[key]:
            raise ServiceError(_("One of the answers is not one of the choices. Please choose again."))
        clean[key] = str(value)
    return clean


def participant_attributes_update(
    *, participant: Participant, actor, attributes: dict, special: dict | None = None, household_code: str = ""
) -> Participant:
    """Store the answers the participant's consents allow; special answers go to their own table."""
    special = special or {}
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.erased_at:
            raise ServiceError(_("This account has been erased."))
        consents = set(selectors.active_consents(participant))
        hub = participant.hub
        if attributes and any(v not in (None, "") for v in attributes.values()):
            if ConsentPurpose.ATTRIBUTES not in consents:
                raise ServiceError(_("You have not agreed to the use of these answers."))
        if special and any(v not in (None, "") for v in special.values()):
            if ConsentPurpose.SPECIAL not in consents:
                raise ServiceError(_("You have not agreed to the use of answers about health or experience."))
        allowed = {key: {code for code, _label in options} for key, options in standard_options(hub).items()}
        allowed.update(
            {d.key: {str(o[0]) for o in d.options} for d in selectors.attribute_definitions(hub, special=False)}
        )
        allowed_special = {
            d.key: {str(o[0]) for o in d.options} for d in selectors.attribute_definitions(hub, special=True)
        }
        clean = _check(attributes, allowed)
        clean_special = _check(special, allowed_special)
        household_code = (household_code or "").strip()
        if len(household_code) > 64:
            raise ServiceError(_("The household code is too long."))

        participant.attributes = clean if ConsentPurpose.ATTRIBUTES in consents else {}
        participant.household_code = household_code
        participant.save(update_fields=["attributes", "household_code"])
        if ConsentPurpose.SPECIAL in consents:
            SpecialAttributes.objects.update_or_create(participant=participant, defaults={"data": clean_special})
        _log_participant(actor, "panels.participant_attributes_update", "write", participant, hub_id=participant.hub_id)
    return participant


# --- consent ------------------------------------------------------------------------------------


def consent_give(*, participant: Participant, actor, purpose: str) -> Consent:
    if purpose not in ConsentPurpose.values:
        raise ServiceError(_("Unknown choice."))
    text = selectors.current_consent_texts().get(purpose)
    if text is None:
        raise ServiceError(_("The consent texts are missing. Please contact the hub."))
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.erased_at:
            raise ServiceError(_("This account has been erased."))
        if participant.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
            raise ServiceError(_("You have already agreed to this."))
        consent = Consent.objects.create(participant=participant, purpose=purpose, text=text)
        _log_participant(actor, "panels.consent_give", "write", participant, hub_id=participant.hub_id)
    return consent


def consent_withdraw(*, participant: Participant, actor, purpose: str) -> None:
    """Withdraw a consent and delete what it covered: special answers, attributes, pool memberships."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        now = timezone.now()
        updated = participant.consents.filter(purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=now)
        if not updated:
            raise ServiceError(_("You had not agreed to this, or you already withdrew it."))
        if purpose == ConsentPurpose.SPECIAL:
            SpecialAttributes.objects.filter(participant=participant).delete()
        elif purpose == ConsentPurpose.ATTRIBUTES:
            participant.attributes = {}
            participant.save(update_fields=["attributes"])
        for records in registry.registered():  # e.g. panels: the panel consent ends pool memberships
            records.consent_withdrawn(participant, purpose, now)
        _log_participant(actor, "panels.consent_withdraw", "delete", participant, hub_id=participant.hub_id)


# --- erasure ------------------------------------------------------------------------------------


def participant_erase(*, participant: Participant) -> Participant:
    """Remove identity and free text; keep the row so anonymous counts and totals stay right."""
    from participatiehub.core.models import OutgoingEmail

    with transaction.atomic():
        participant = Participant.objects.select_for_update(of=("self",)).select_related("user").get(pk=participant.pk)
        if participant.erased_at:
            return participant
        now = timezone.now()
        user = participant.user
        if user is not None:
            OutgoingEmail.objects.filter(to__iexact=user.email).delete()
        SpecialAttributes.objects.filter(participant=participant).delete()
        participant.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        for records in registry.registered():  # e.g. panels: pool memberships end, allowance notes go
            records.erased(participant, now)
        participant.user = None
        participant.display_name = ""
        participant.attributes = {}
        participant.household_code = ""
        participant.erased_at = now
        participant.save(update_fields=["user", "display_name", "attributes", "household_code", "erased_at"])
        if user is not None:
            user.delete()  # also removes the allauth e-mail addresses and MFA records
        _log_participant(None, "panels.participant_erase", "delete", participant, hub_id=participant.hub_id)
    return participant


# --- staff reads (logged) -----------------------------------------------------------------------


def participants_view_log(*, actor, hub, participants: Iterable[Participant], activity="panels.participants_view"):
    """One processing-log row per participant whose personal data ``actor`` was shown."""
    ids = [p.pk for p in participants if not p.erased_at]
    if not ids:
        return
    with transaction.atomic():
        processing_log_write(
            actor=actor,
            activity=activity,
            purpose=PURPOSE_PANEL,
            operation="read",
            subject_type=SUBJECT,
            subject_ids=ids,
            hub_id=hub.pk,
        )


def participant_special_view_log(*, actor, hub, participant: Participant) -> None:
    participants_view_log(actor=actor, hub=hub, participants=[participant], activity="panels.participant_special_view")


# --- invitations --------------------------------------------------------------------------------


def invitation_batch_create(
    *,
    hub,
    actor,
    name: str,
    size: int,
    municipality=None,
    pool=None,
    letter_text: str = "",
) -> InvitationBatch:
    """A batch of ``size`` unique one-time codes (bulk-inserted). Names or addresses are never stored."""
    if not 1 <= int(size) <= MAX_BATCH_SIZE:
        raise ServiceError(_("Choose a number of letters from 1 to 10,000."))
    if municipality is not None and not selectors.hub_municipalities(hub).filter(pk=municipality.pk).exists():
        raise ServiceError(_("This municipality is not in the hub's area."))
    if pool is not None and pool.hub_id != hub.pk:
        raise ServiceError(_("This pool belongs to another hub."))
    with transaction.atomic():
        batch = InvitationBatch.objects.create(
            hub=hub,
            pool=pool,
            name=name.strip(),
            municipality=municipality,
            size=size,
            letter_text=letter_text.strip(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        codes: set[str] = set()
        while len(codes) < size:
            needed = size - len(codes)
            fresh = {new_invitation_code() for _i in range(needed)} - codes
            taken = set(InvitationCode.objects.filter(code__in=fresh).values_list("code", flat=True))
            codes |= fresh - taken
        InvitationCode.objects.bulk_create(
            [InvitationCode(batch=batch, code=code) for code in sorted(codes)], batch_size=1000
        )
        transaction.on_commit(lambda: _enqueue_letters(batch.pk))
    return batch


# --- the letters PDF (background task: tasks.make_invitation_letters) ----------------------------

#: A batch that is "busy" without progress for this long is taken to have stopped (worker restart).
LETTERS_STALE_AFTER = timedelta(minutes=30)


def _enqueue_letters(batch_id: int) -> None:
    tasks.make_invitation_letters.enqueue(batch_id)


def invitation_letters_retry(*, batch: InvitationBatch, actor) -> InvitationBatch:
    """Queue the letters of a batch whose letters failed once more. The codes stay the same."""
    with transaction.atomic():
        claimed = InvitationBatch.objects.filter(pk=batch.pk, letters_status=LettersStatus.FAILED).update(
            letters_status=LettersStatus.WAITING, letters_done=0, letters_error="", letters_updated_at=timezone.now()
        )
        if not claimed:
            raise ServiceError(_("These letters are already ready or being made. Reload the page."))
        transaction.on_commit(lambda: _enqueue_letters(batch.pk))
    batch.refresh_from_db()
    return batch


def invitation_letters_requeue(*, stale_after: timedelta = LETTERS_STALE_AFTER) -> int:
    """Queue every batch whose letters are waiting, "busy" without progress for ``stale_after``, or
    "ready" while their file is gone (e.g. a lost disk).

    For a worker that was down or restarted; a job that finds its batch taken already does nothing.
    """
    cutoff = timezone.now() - stale_after
    storage = InvitationBatch._meta.get_field("letters_file").storage
    lost = [
        pk
        for pk, name in InvitationBatch.objects.filter(letters_status=LettersStatus.READY).values_list(
            "pk", "letters_file"
        )
        if not name or not storage.exists(name)
    ]
    with transaction.atomic():
        InvitationBatch.objects.filter(letters_status=LettersStatus.BUSY, letters_updated_at__lt=cutoff).update(
            letters_status=LettersStatus.WAITING, letters_done=0
        )
        InvitationBatch.objects.filter(pk__in=lost, letters_status=LettersStatus.READY).update(
            letters_status=LettersStatus.WAITING, letters_done=0, letters_file=""
        )
        ids = list(InvitationBatch.objects.filter(letters_status=LettersStatus.WAITING).values_list("pk", flat=True))
        for pk in ids:
            transaction.on_commit(lambda pk=pk: _enqueue_letters(pk))
    _remove_stale_parts(cutoff)
    return len(ids)


def _remove_stale_parts(cutoff) -> None:
    """Unfinished files that a stopped worker left behind (a running job touches its file after every chunk)."""
    folder = unfinished_dir(InvitationBatch._meta.get_field("letters_file").storage)
    if folder is None:
        return
    for entry in os.scandir(folder):
        if entry.name.endswith(".part") and entry.stat().st_mtime < cutoff.timestamp():
            os.unlink(entry.path)
