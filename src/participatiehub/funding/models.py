"""Subsidy rounds: programme lines, calls with their procedure as data, applications, assessment,
and grants from award (verlening) to settlement (vaststelling). Every amount is a Decimal with two
decimals; services write, selectors read (docs/funding.md)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participatiehub.core.storage import private_storage

from .constants import (
    MONEY_DIGITS,
    MONEY_PLACES,
    ZERO,
    AdvanceStatus,
    ApplicationStatus,
    AssignmentRole,
    BudgetCategory,
    CallStatus,
    ChangeRequestKind,
    ChangeRequestStatus,
    DecisionOutcome,
    GrantStatus,
    ProgressReportStatus,
    RankingAdvice,
    ReclaimStatus,
    StepKind,
)


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """An amount in euros: exact, two decimals, never negative in a form."""
    kwargs.setdefault("validators", [MinValueValidator(ZERO)])
    return models.DecimalField(verbose_name, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, **kwargs)


def _non_negative(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}), name=f"funding_{model}_{field}_not_negative")


def _user_fk(verbose_name, *, related_name="+", null=True, on_delete=models.SET_NULL):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=null,
        blank=null,
        on_delete=on_delete,
        related_name=related_name,
        verbose_name=verbose_name,
    )


# --------------------------------------------------------------------------- programme lines and calls


class ProgrammeLine(models.Model):
    """A line of the programme with its own budget and period (programmalijn)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    budget = money_field(_("budget"))
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme line")
        verbose_name_plural = _("programme lines")
        constraints = [
            _non_negative("budget", "programmeline"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="funding_programmeline_period"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Call(models.Model):
    """A subsidy call (subsidieoproep) under a programme line. Its steps are data (``CallStep``)."""

    line = models.ForeignKey(
        ProgrammeLine, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme line")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in web address"), max_length=80, unique=True)
    text = models.TextField(_("text in plain language"), blank=True)
    max_amount = money_field(_("maximum amount per application"))
    max_months = models.PositiveSmallIntegerField(_("maximum duration in months"), validators=[MinValueValidator(1)])
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    min_partners = models.PositiveSmallIntegerField(_("minimum number of partners"), default=2)
    dutch_legal_entity_required = models.BooleanField(_("only Dutch legal entities"), default=True)
    roles_in_one_organisation = models.JSONField(
        _("roles that must sit in one organisation"),
        default=list,
        blank=True,
        help_text=_("The partner roles that one and the same organisation must hold."),
    )
    repair_days = models.PositiveSmallIntegerField(
        _("days to repair an incomplete application"), default=10, validators=[MinValueValidator(1)]
    )
    rebuttal_days = models.PositiveSmallIntegerField(
        _("days to write the rebuttal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from the day the referee reports are shared. Empty: no deadline."),
    )
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            _non_negative("max_amount", "call"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="funding_call_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("funding:call_public", kwargs={"slug": self.slug})


class CallDeadline(models.Model):
    """An interim deadline of a call (e.g. a round that closes earlier)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("call"))
    label = models.CharField(_("label"), max_length=200)
    at = models.DateTimeField(_("date and time"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("interim deadline")
        verbose_name_plural = _("interim deadlines")

    def __str__(self) -> str:
        return self.label


class CallStep(models.Model):
    """One step of a call's procedure; which steps run, and in which order, is data."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="steps", verbose_name=_("call"))
    kind = models.CharField(_("step"), max_length=16, choices=StepKind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    enabled = models.BooleanField(_("part of the procedure"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        constraints = [models.UniqueConstraint(fields=["call", "kind"], name="funding_callstep_kind_unique")]

    def __str__(self) -> str:
        return f"{self.call}: {self.get_kind_display()}"


class AssessmentCriterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(ZERO)]
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=9)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="funding_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="funding_criterion_scale"),
        ]

    def __str__(self) -> str:
        return self.name


class RequiredAttachment(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="required_attachments", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required attachment")
        verbose_name_plural = _("required attachments")

    def __str__(self) -> str:
        return self.name


# --------------------------------------------------------------------------- applications


class Application(models.Model):
    """A hub's coalition applies to a call (aanvraag). Frozen once submitted, except for one repair."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    hub = models.ForeignKey(
        "hubs.Hub", on_delete=models.PROTECT, related_name="funding_applications", verbose_name=_("hub")
    )
    lead_applicant = _user_fk(
        _("lead applicant"), related_name="funding_applications", null=False, on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    plan = models.TextField(_("plan"), blank=True)
    months = models.PositiveSmallIntegerField(_("duration in months"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    procedure = models.JSONField(
        _("procedure"),
        default=list,
        blank=True,
        help_text=_("The call's steps as they were at submission; later changes to the call do not apply."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_once = models.BooleanField(_("returned for repair once"), default=False)
    repair_due = models.DateTimeField(_("repair due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; stops lost updates.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["call", "status"], name="funding_app_call_status")]

    def __str__(self) -> str:
        return self.title


class ApplicationPartner(models.Model):
    """An organisation of the hub's network in the coalition, with the roles it holds."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partners", verbose_name=_("application")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="funding_partnerships",
        verbose_name=_("organisation"),
    )
    roles = models.JSONField(_("roles"), default=list, blank=True)
    is_dutch_legal_entity = models.BooleanField(_("Dutch legal entity"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["application", "organisation"], name="funding_applicationpartner_unique")
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("application")
    )
    category = models.CharField(_("category"), max_length=16, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [_non_negative("amount", "budgetline")]

    def __str__(self) -> str:
        return self.description


def _attachment_path(instance, filename: str) -> str:
    return f"funding/applications/{instance.application_id}/{secrets.token_hex(8)}-{filename}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    required = models.ForeignKey(
        RequiredAttachment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
        verbose_name=_("required attachment"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Private storage: nothing serves the folder; the download view checks who may read the file.
    file = models.FileField(_("file"), storage=private_storage, upload_to=_attachment_path, max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = _user_fk(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class ApplicationStatusChange(models.Model):
    """Append-only history of an application's status."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    from_status = models.CharField(_("from"), max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ApplicationStatus.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = _user_fk(_("changed by"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status or '–'} → {self.to_status}"


# --------------------------------------------------------------------------- assessment


class RefereeAssignment(models.Model):
    """A referee or committee member assigned to an application; holds the conflict declaration and
    the time the report (the scores) was submitted."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("application")
    )
    user = _user_fk(_("assessor"), related_name="funding_assignments", null=False, on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=16, choices=AssignmentRole.choices)
    invited_at = models.DateTimeField(_("invited at"))
    invited_by = _user_fk(_("invited by"))
    declared_conflict = models.BooleanField(_("conflict of interest"), default=False)
    conflict_note = models.TextField(_("explanation of the conflict"), blank=True)
    declared_at = models.DateTimeField(
        _("declaration made at"), null=True, blank=True, help_text=_("Empty until the assessor has declared.")
    )
    report = models.TextField(_("general comments"), blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "user", "role"], name="funding_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application} – {self.get_role_display()}"


class Score(models.Model):
    assignment = models.ForeignKey(
        RefereeAssignment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assignment")
    )
    criterion = models.ForeignKey(
        AssessmentCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.SmallIntegerField(_("score"))
    motivation = models.TextField(_("motivation"))

    class Meta:
        ordering = ["criterion__order", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="funding_score_unique_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Rebuttal(models.Model):
    """The applicant's one answer to the anonymised referee reports (wederhoor)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="rebuttal", verbose_name=_("application")
    )
    text = models.TextField(_("rebuttal"))
    author = _user_fk(_("author"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rebuttal")
        verbose_name_plural = _("rebuttals")

    def __str__(self) -> str:
        return str(self.application)


class CommitteeRanking(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rankings", verbose_name=_("call"))
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="ranking", verbose_name=_("application")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    advice = models.CharField(_("advice"), max_length=16, choices=RankingAdvice.choices)
    note = models.TextField(_("note"), blank=True)
    ranked_by = _user_fk(_("recorded by"))
    ranked_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["call", "rank", "id"]
        verbose_name = _("committee ranking")
        verbose_name_plural = _("committee rankings")
        constraints = [models.CheckConstraint(condition=Q(rank__gte=1), name="funding_ranking_rank_positive")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application}"


class Decision(models.Model):
    """The office's decision: award (amount, perhaps lower than requested, with conditions) or reject."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("application")
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=DecisionOutcome.choices)
    amount = money_field(_("amount awarded"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            _non_negative("amount", "decision"),
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.REJECT) | Q(amount__isnull=False),
                name="funding_decision_award_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.AWARD) | ~Q(reason=""),
                name="funding_decision_reject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


# --------------------------------------------------------------------------- grants


def _letter_path(instance, filename: str) -> str:
    return f"funding/grants/{instance.pk or 'new'}/{secrets.token_hex(8)}-{filename}"


class Grant(models.Model):
    """An awarded application (verlening), followed until settlement (vaststelling)."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name=_("application")
    )
    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="grants", verbose_name=_("hub"))
    line = models.ForeignKey(
        ProgrammeLine, on_delete=models.PROTECT, related_name="grants", verbose_name=_("programme line")
    )
    number = models.CharField(_("grant number"), max_length=40, unique=True)
    awarded_amount = money_field(_("amount awarded"))
    awarded_at = models.DateTimeField(_("awarded at"))
    start_deadline = models.DateField(_("start at the latest on"))
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=GrantStatus.choices, default=GrantStatus.AWARDED)
    # The award letter (verleningsbesluit), in private storage; the download view checks who may read it.
    award_letter = models.FileField(
        _("award letter"), storage=private_storage, upload_to=_letter_path, max_length=200, blank=True
    )
    activities = models.ManyToManyField(
        "trajectories.Activity",
        through="GrantActivity",
        blank=True,
        related_name="grants",
        verbose_name=_("activities paid for"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["-awarded_at", "-id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            _non_negative("awarded_amount", "grant"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="funding_grant_period"),
        ]

    def __str__(self) -> str:
        return self.number


class GrantStatusChange(models.Model):
    """Append-only history of a grant's status."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("grant"))
    from_status = models.CharField(_("from"), max_length=24, choices=GrantStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=GrantStatus.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = _user_fk(_("changed by"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("grant status change")
        verbose_name_plural = _("grant status changes")

    def __str__(self) -> str:
        return f"{self.grant}: {self.from_status or '–'} → {self.to_status}"


class ProgressReport(models.Model):
    """A progress report (voortgangsverslag) due on a date; later advances may wait for its approval."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("grant"))
    due_on = models.DateField(_("due on"))
    text = models.TextField(_("report"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProgressReportStatus.choices, default=ProgressReportStatus.DUE
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = _user_fk(_("approved by"))
    review_note = models.TextField(_("note of the programme office"), blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.grant} – {self.due_on}"


class AdvancePayment(models.Model):
    """An advance (voorschot) in the grant's schedule; it may wait for an approved progress report."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="advances", verbose_name=_("grant"))
    planned_on = models.DateField(_("planned on"))
    amount = money_field(_("amount"))
    requires_progress_report = models.ForeignKey(
        ProgressReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advances_waiting",
        verbose_name=_("waits for progress report"),
    )
    status = models.CharField(_("status"), max_length=16, choices=AdvanceStatus.choices, default=AdvanceStatus.PLANNED)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = _user_fk(_("paid by"))

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("advance payment")
        verbose_name_plural = _("advance payments")
        constraints = [
            _non_negative("amount", "advancepayment"),
            models.CheckConstraint(
                condition=Q(status=AdvanceStatus.PLANNED) | Q(paid_at__isnull=False),
                name="funding_advance_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} – {self.planned_on}"


class ChangeRequest(models.Model):
    """A request to shift the budget or extend the period; needs the office's approval."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("grant"))
    kind = models.CharField(_("kind"), max_length=16, choices=ChangeRequestKind.choices)
    text = models.TextField(_("explanation"))
    new_end = models.DateField(_("new end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    requested_by = _user_fk(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note with the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ChangeRequestKind.EXTENSION) | Q(new_end__isnull=False),
                name="funding_changerequest_extension_has_end",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grant} – {self.get_kind_display()}"


class FinalReport(models.Model):
    """The final report together with the request for settlement (aanvraag tot vaststelling)."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="final_report", verbose_name=_("grant"))
    text = models.TextField(_("final report"))
    requested_amount = money_field(_("amount asked for settlement"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))

    class Meta:
        verbose_name = _("final report and request for settlement")
        verbose_name_plural = _("final reports and requests for settlement")
        constraints = [_non_negative("requested_amount", "finalreport")]

    def __str__(self) -> str:
        return str(self.grant)


class Settlement(models.Model):
    """The settlement (vaststelling): at most the awarded amount; a lower amount needs a reason."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="settlement", verbose_name=_("grant"))
    amount = money_field(_("amount settled"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [_non_negative("amount", "settlement")]

    def __str__(self) -> str:
        return str(self.grant)


class Reclaim(models.Model):
    """A reclaim (terugvordering) when more was advanced than settled."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reclaims", verbose_name=_("grant"))
    amount = money_field(_("amount"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=ReclaimStatus.choices, default=ReclaimStatus.OPEN)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reclaim")
        verbose_name_plural = _("reclaims")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_reclaim_amount_positive")]

    def __str__(self) -> str:
        return f"{self.grant} – {self.amount}"


class GrantActivity(models.Model):
    """Which activities of the hub's trajectories the grant paid for."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="activity_links", verbose_name=_("grant"))
    activity = models.ForeignKey(
        "trajectories.Activity", on_delete=models.CASCADE, related_name="grant_links", verbose_name=_("activity")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    linked_by = _user_fk(_("linked by"))
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["linked_at", "id"]
        verbose_name = _("activity paid by a grant")
        verbose_name_plural = _("activities paid by grants")
        constraints = [models.UniqueConstraint(fields=["grant", "activity"], name="funding_grantactivity_unique")]

    def __str__(self) -> str:
        return f"{self.grant} – {self.activity}"
