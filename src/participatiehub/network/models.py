"""The regional network of a hub: organisations, participation bodies, contacts, relations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import DOMAIN_FIELDS, ImportStatus, LegalBasis, OrganisationType, ParticipationForm, RelationKind

kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))


class DomainsMixin(models.Model):
    domain_health = models.BooleanField(_("health"), default=False)
    domain_care = models.BooleanField(_("care"), default=False)
    domain_support = models.BooleanField(_("support and social domain"), default=False)

    class Meta:
        abstract = True

    @property
    def domains(self) -> list[str]:
        return [domain for domain, field in DOMAIN_FIELDS.items() if getattr(self, field)]

    def get_domains_display(self) -> str:
        from .constants import Domain

        return ", ".join(str(Domain(domain).label) for domain in self.domains)


class Organisation(DomainsMixin):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="organisations", verbose_name=_("hub"))
    name = models.CharField(_("name"), max_length=250)
    org_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[kvk_validator])
    municipalities = models.ManyToManyField(
        "geo.Municipality", blank=True, related_name="organisations", verbose_name=_("municipalities served")
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general e-mail"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["hub", "name"]),
            models.Index(fields=["hub", "org_type"]),
            models.Index(fields=["hub", "kvk_number"]),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ParticipationBody(DomainsMixin):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="bodies", verbose_name=_("hub"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
        verbose_name=_("host organisation"),
    )
    name = models.CharField(_("name"), max_length=250)
    form = models.CharField(_("form of participation"), max_length=40, choices=ParticipationForm.choices)
    municipalities = models.ManyToManyField(
        "geo.Municipality", blank=True, related_name="participation_bodies", verbose_name=_("municipalities")
    )
    description = models.TextField(_("description"), blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["hub", "form"]), models.Index(fields=["hub", "name"])]
        verbose_name = _("participation body")
        verbose_name_plural = _("participation bodies")

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    """A person to contact. Personal data: keep the least, and record why we may hold it."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="contacts", verbose_name=_("hub"))
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    body = models.ForeignKey(
        ParticipationBody,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("participation body"),
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("role or function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    legal_basis = models.CharField(_("basis for holding these data"), max_length=32, choices=LegalBasis.choices)
    basis_note = models.CharField(_("explanation of the basis"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    review_by = models.DateField(_("review or delete by"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class OrganisationRelation(models.Model):
    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="relations", verbose_name=_("hub"))
    source = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("organisation")
    )
    target = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("related organisation")
    )
    kind = models.CharField(_("kind of relation"), max_length=32, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["source__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="network_relation_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="network_relation_not_self"),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.source} – {self.get_kind_display()} – {self.target}"


class NetworkImport(models.Model):
    """An uploaded organisation file between the preview and the confirmation.

    ``rows`` holds the checked rows: ``[{"row": 2, "status": "new"|"duplicate"|"error",
    "data": {...}, "messages": [...]}, ...]``. Nothing reaches the network until it is committed.
    """

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="network_imports", verbose_name=_("hub"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    new_count = models.PositiveIntegerField(_("new rows"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicate rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("network import")
        verbose_name_plural = _("network imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def can_commit(self) -> bool:
        return self.status == ImportStatus.PENDING and self.error_count == 0
