"""Admin of the selection side: the yearly volunteer allowance limit. Pools and selections are kept
through the coordinator's pages (every change there is checked and logged)."""

from django.contrib import admin

from .models import VolunteerAllowanceLimit


@admin.register(VolunteerAllowanceLimit)
class VolunteerAllowanceLimitAdmin(admin.ModelAdmin):
    list_display = ["year", "yearly_maximum", "monthly_maximum"]
