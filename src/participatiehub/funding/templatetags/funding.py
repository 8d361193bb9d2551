"""Money and deadlines as the funding pages and e-mails show them: "€ 1.234,56" and
"24 september 2024, 14:00" (local time, Europe/Amsterdam)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import date_format, number_format

register = template.Library()


@register.filter
def euro(value) -> str:
    """An amount with two decimals and thousands grouped in the active language; never a float."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter(name="deadline")
def deadline_text(value) -> str:
    """A date and time as "24 september 2024, 14:00" in the site's time zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, 'j F Y')}, {date_format(local, 'H:i')}"


@register.filter
def partner_roles(partner) -> str:
    """The labels of a partner's roles, e.g. "Main applicant, Project leader and secretary"."""
    from ..constants import PartnerRole

    labels = dict(PartnerRole.choices)
    return ", ".join(str(labels.get(role, role)) for role in partner.roles)
