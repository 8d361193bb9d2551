"""Writes to the regional network. Each function is one transaction.

Contact persons are personal data: every read and write by staff is recorded in the
processing log (``audit.services.processing_log_write``) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participatiehub.audit.services import processing_log_write
from participatiehub.geo.models import Municipality

from .constants import (
    ACTIVITY_CONTACT_CREATE,
    ACTIVITY_CONTACT_DELETE,
    ACTIVITY_CONTACT_UPDATE,
    ACTIVITY_CONTACTS_VIEW,
    ACTIVITY_ORGANISATIONS_EXPORT,
    CONTACT_SUBJECT_TYPE,
    CONTACTS_PURPOSE,
    DOMAIN_FIELDS,
    ORGANISATION_SUBJECT_TYPE,
    ImportStatus,
    RowStatus,
)
from .importing import duplicate_keys, existing_keys, rows_check, table_read
from .models import ContactPerson, NetworkImport, Organisation, OrganisationRelation, ParticipationBody


def _changes_network(func):
    """After a successful write, bump the hub's network version (cached list pages follow it)."""
    import functools

    from .selectors import network_version_bump

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        hub = kwargs.get("hub")
        hub_id = hub.pk if hub is not None else None
        if hub_id is None:
            for name in ("organisation", "body", "contact", "relation", "network_import"):
                if kwargs.get(name) is not None:
                    hub_id = kwargs[name].hub_id
                    break
        if hub_id is not None:
            transaction.on_commit(lambda: network_version_bump(hub_id))
        return result

    return wrapper


class ConcurrentEditError(Exception):
    """Someone else saved the record after this form was opened; nothing was written."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or _(
                "Someone else changed this information while you were editing it. "
                "Your changes have not been saved. Reload the page to see the new version and make your changes again."
            )
        )


def _domain_values(domains: Iterable[str]) -> dict[str, bool]:
    chosen = {str(d) for d in domains}
    return {field: domain in chosen for domain, field in DOMAIN_FIELDS.items()}


def _check_same_hub(hub_id: int, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.hub_id != hub_id:
            raise ValidationError(_("This belongs to another hub."))


# --- organisations and participation bodies -----------------------------------------------


class OrganisationFields(TypedDict, total=False):
    """What a coordinator fills in for an organisation (the keyword arguments of its services)."""

    name: Required[str]
    org_type: Required[str]
    kvk_number: str
    municipalities: Iterable[Municipality]
    domains: Iterable[str]
    website: str
    email: str
    phone: str
    notes: str


class BodyFields(TypedDict, total=False):
    """What a coordinator fills in for a participation body (the keyword arguments of its services)."""

    name: Required[str]
    form: Required[str]
    organisation: Organisation | None
    municipalities: Iterable[Municipality]
    domains: Iterable[str]
    description: str
    member_count: int | None
    email: str


class ContactFields(TypedDict, total=False):
    """What a coordinator fills in for a contact person (the keyword arguments of its services)."""

    name: Required[str]
    legal_basis: Required[str]
    function: str
    email: str
    phone: str
    basis_note: str
    review_by: dt.date | None
    organisation: Organisation | None
    body: ParticipationBody | None


#: The defaults of the optional fields; a field without a default is required.
_DEFAULTS: dict[type, dict] = {
    OrganisationFields: {
        "kvk_number": "",
        "municipalities": (),
        "domains": (),
        "website": "",
        "email": "",
        "phone": "",
        "notes": "",
    },
    BodyFields: {
        "organisation": None,
        "municipalities": (),
        "domains": (),
        "description": "",
        "member_count": None,
        "email": "",
    },
    ContactFields: {
        "function": "",
        "email": "",
        "phone": "",
        "basis_note": "",
        "review_by": None,
        "organisation": None,
        "body": None,
    },
}


def _fields(spec: type, given: dict, service: str) -> dict:
    """The fields given to ``service``, completed with the defaults of ``spec``.

    An unknown or a missing field is a TypeError, as it would be with the fields written out in the
    service's signature."""
    defaults = _DEFAULTS[spec]
    if unknown := sorted(given.keys() - spec.__annotations__.keys()):
        raise TypeError(f"{service}() got an unexpected keyword argument {unknown[0]!r}")
    if missing := sorted(spec.__annotations__.keys() - defaults.keys() - given.keys()):
        raise TypeError(f"{service}() missing required keyword argument {missing[0]!r}")
    return {**defaults, **given}


def _record_values(fields: dict) -> tuple[dict, list[Municipality]]:
    """Column values (the domains as their flags) and the municipalities of an organisation or body."""
    values = dict(fields)
    municipalities = list(values.pop("municipalities"))
    values.update(_domain_values(values.pop("domains")))
    return values, municipalities


def _record_create(model, *, hub, fields: dict):
    """Create an organisation or a participation body of ``hub`` with its municipalities."""
    values, municipalities = _record_values(fields)
    with transaction.atomic():
        record = model(hub=hub, **values)
        record.full_clean(exclude=["hub"])
        record.save()
        record.municipalities.set(municipalities)
    return record


def _record_update(record, *, expected_version: int, fields: dict):
    """Save the edit only when nobody saved since ``expected_version``; raise ConcurrentEditError otherwise."""
    model = type(record)
    values, municipalities = _record_values(fields)
    model(pk=record.pk, hub_id=record.hub_id, **values).full_clean(exclude=["hub"], validate_unique=False)
    with transaction.atomic():
        # The version check and the write are one UPDATE: no lost update between reading and writing.
        updated = model.objects.filter(pk=record.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=timezone.now(), **values
        )
        if not updated:
            raise ConcurrentEditError()
        record.municipalities.set(municipalities)
    record.refresh_from_db()
    return record


@_changes_network
def organisation_create(*, hub, actor, **fields: Unpack[OrganisationFields]) -> Organisation:
    return _record_create(Organisation, hub=hub, fields=_fields(OrganisationFields, fields, "organisation_create"))


@_changes_network
def organisation_update(
    *, organisation: Organisation, actor, expected_version: int, **fields: Unpack[OrganisationFields]
) -> Organisation:
    """Save the edit only when nobody saved since ``expected_version``; raise ConcurrentEditError otherwise."""
    values = _fields(OrganisationFields, fields, "organisation_update")
    return _record_update(organisation, expected_version=expected_version, fields=values)


@_changes_network
def body_create(*, hub, actor, **fields: Unpack[BodyFields]) -> ParticipationBody:
    values = _fields(BodyFields, fields, "body_create")
    _check_same_hub(hub.pk, values["organisation"])
    return _record_create(ParticipationBody, hub=hub, fields=values)


@_changes_network
def body_update(
    *, body: ParticipationBody, actor, expected_version: int, **fields: Unpack[BodyFields]
) -> ParticipationBody:
    """Save the edit only when nobody saved since ``expected_version``; raise ConcurrentEditError otherwise."""
    values = _fields(BodyFields, fields, "body_update")
    _check_same_hub(body.hub_id, values["organisation"])
    return _record_update(body, expected_version=expected_version, fields=values)


# --- contact persons (personal data: always logged) -----------------------------------------


def _log_contacts(*, actor, hub_id: int, activity: str, operation: str, ids: Sequence[int]) -> None:
    processing_log_write(
        actor=actor,
        activity=activity,
        purpose=CONTACTS_PURPOSE,
        operation=operation,
        subject_type=CONTACT_SUBJECT_TYPE,
        subject_ids=ids,
        hub_id=hub_id,
    )


def contacts_view_log(*, actor, hub, contacts: Iterable[ContactPerson]) -> None:
    """Record that ``actor`` was shown these contact persons (one log row per person)."""
    ids = [contact.pk for contact in contacts]
    if not ids:
        return
    with transaction.atomic():
        _log_contacts(actor=actor, hub_id=hub.pk, activity=ACTIVITY_CONTACTS_VIEW, operation="read", ids=ids)


def organisations_export_log(*, actor, hub, count: int, fmt: str) -> None:
    """Record an export of the hub's organisations (their e-mail addresses and phone numbers)."""
    processing_log_write(
        actor=actor,
        activity=f"{ACTIVITY_ORGANISATIONS_EXPORT} ({fmt})",
        purpose=CONTACTS_PURPOSE,
        operation="read",
        subject_type=ORGANISATION_SUBJECT_TYPE,
        hub_id=hub.pk,
        object_count=count,
    )


def _contact_save(contact: ContactPerson, *, actor, activity: str) -> ContactPerson:
    contact.full_clean(exclude=["hub"])
    contact.save()
    _log_contacts(actor=actor, hub_id=contact.hub_id, activity=activity, operation="write", ids=[contact.pk])
    return contact


@_changes_network
def contact_create(*, hub, actor, **fields: Unpack[ContactFields]) -> ContactPerson:
    values = _fields(ContactFields, fields, "contact_create")
    _check_same_hub(hub.pk, values["organisation"], values["body"])
    with transaction.atomic():
        return _contact_save(ContactPerson(hub=hub, **values), actor=actor, activity=ACTIVITY_CONTACT_CREATE)


@_changes_network
def contact_update(*, contact: ContactPerson, actor, **fields: Unpack[ContactFields]) -> ContactPerson:
    values = _fields(ContactFields, fields, "contact_update")
    _check_same_hub(contact.hub_id, values["organisation"], values["body"])
    with transaction.atomic():
        contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
        for name, value in values.items():
            setattr(contact, name, value)
        return _contact_save(contact, actor=actor, activity=ACTIVITY_CONTACT_UPDATE)


@_changes_network
def contact_delete(*, contact: ContactPerson, actor) -> None:
    with transaction.atomic():
        pk, hub_id = contact.pk, contact.hub_id
        contact.delete()
        _log_contacts(actor=actor, hub_id=hub_id, activity=ACTIVITY_CONTACT_DELETE, operation="delete", ids=[pk])


# --- relations ------------------------------------------------------------------------------


@_changes_network
def relation_add(
    *, hub, actor, source: Organisation, target: Organisation, kind: str, note: str = ""
) -> OrganisationRelation:
    _check_same_hub(hub.pk, source, target)
    if source.pk == target.pk:
        raise ValidationError(_("An organisation cannot have a relation with itself."))
    with transaction.atomic():
        if OrganisationRelation.objects.filter(source=source, target=target, kind=kind).exists():
            raise ValidationError(_("This relation already exists."))
        relation = OrganisationRelation(hub=hub, source=source, target=target, kind=kind, note=note)
        relation.full_clean(exclude=["hub", "source", "target"], validate_constraints=False)
        relation.save()
    return relation


@_changes_network
def relation_remove(*, relation: OrganisationRelation, actor) -> None:
    with transaction.atomic():
        relation.delete()


# --- import ---------------------------------------------------------------------------------


def network_import_prepare(*, hub, actor, filename: str, data: bytes) -> NetworkImport:
    """Read and check an uploaded file and keep the result for the preview. Writes no organisations.

    Raises ``importing.ImportFileError`` when the file as a whole cannot be used.
    """
    _, rows = table_read(filename, data)
    checked = rows_check(hub, rows)
    counts = {status: sum(1 for row in checked if row.status == status) for status in RowStatus}
    with transaction.atomic():
        return NetworkImport.objects.create(
            hub=hub,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=(filename or "")[-255:],
            rows=[row.as_json() for row in checked],
            new_count=counts[RowStatus.NEW],
            duplicate_count=counts[RowStatus.DUPLICATE],
            error_count=counts[RowStatus.ERROR],
        )


@_changes_network
def network_import_commit(*, network_import: NetworkImport, actor) -> tuple[int, int]:
    """Create all new organisations of a checked file, or none. Returns (created, skipped).

    Refused while the file has errors: the whole file must be fixed and uploaded again.
    Rows that became duplicates since the preview (someone added the organisation meanwhile)
    are skipped as well.
    """
    with transaction.atomic():
        locked = NetworkImport.objects.select_for_update().select_related("hub").get(pk=network_import.pk)
        if locked.status != ImportStatus.PENDING:
            raise ValidationError(_("This file has already been handled."))
        if locked.error_count:
            raise ValidationError(
                _("The file still has errors. Fix them in the file and upload it again. Nothing has been imported.")
            )
        hub = locked.hub
        kvks, keys = existing_keys(hub)
        municipalities = {m.code: m.pk for m in Municipality.objects.only("id", "code")}
        to_create: list[tuple[Organisation, list[int]]] = []
        skipped = 0
        for row in locked.rows:
            if row["status"] != RowStatus.NEW:
                skipped += 1
                continue
            data = row["data"]
            row_keys = duplicate_keys(data["name"], data["municipalities"])
            if (data["kvk_number"] and data["kvk_number"] in kvks) or (keys & row_keys):
                skipped += 1
                continue
            organisation = Organisation(
                hub=hub,
                name=data["name"],
                org_type=data["org_type"],
                kvk_number=data["kvk_number"],
                website=data["website"],
                email=data["email"],
                phone=data["phone"],
                **_domain_values(data["domains"]),
            )
            to_create.append((organisation, [municipalities[code] for code in data["municipalities"]]))
        created = Organisation.objects.bulk_create([organisation for organisation, _ids in to_create], batch_size=500)
        through = Organisation.municipalities.through
        through.objects.bulk_create(
            [
                through(organisation_id=organisation.pk, municipality_id=municipality_id)
                for organisation, (_org, ids) in zip(created, to_create, strict=True)
                for municipality_id in ids
            ],
            batch_size=1000,
        )
        locked.status = ImportStatus.COMMITTED
        locked.committed_at = timezone.now()
        locked.save(update_fields=["status", "committed_at"])
    network_import.status = locked.status
    network_import.committed_at = locked.committed_at
    return len(created), skipped


def network_import_discard(*, network_import: NetworkImport, actor) -> None:
    with transaction.atomic():
        NetworkImport.objects.filter(pk=network_import.pk, status=ImportStatus.PENDING).update(
            status=ImportStatus.DISCARDED
        )
