"""Forms of the network workspace. They check input; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from .constants import IMPORT_MAX_BYTES, Domain, OrganisationType, ParticipationForm
from .models import ContactPerson, Organisation, OrganisationRelation, ParticipationBody
from .selectors import municipalities_for_hub


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


class _DomainsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Domain.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Domains"), **kwargs
        )


class _NetworkRecordForm(StyledFormMixin, forms.ModelForm):
    """An organisation or a participation body: its domains, the municipalities of the hub's area (plus
    what the record already has) and the version the edit starts from."""

    domains = _DomainsField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipalities"]
        queryset = municipalities_for_hub(hub)
        if self.instance.pk:
            queryset = queryset | self.instance.municipalities.all()
            self.initial.setdefault("domains", self.instance.domains)
            self.initial.setdefault("version", self.instance.version)
        field.queryset = queryset.distinct().order_by("name")
        field.required = False

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class OrganisationForm(_NetworkRecordForm):
    field_order = ["name", "org_type", "kvk_number", "municipalities", "domains", "website", "email", "phone", "notes"]

    class Meta:
        model = Organisation
        fields = ["name", "org_type", "kvk_number", "municipalities", "website", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4}), "municipalities": forms.CheckboxSelectMultiple}
        help_texts = {
            "kvk_number": _("8 digits, for example 12345678."),
            "website": _("For example https://www.example.nl"),
        }

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, hub=hub, **kwargs)
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})


class ParticipationBodyForm(_NetworkRecordForm):
    field_order = ["name", "form", "organisation", "municipalities", "domains", "description", "member_count", "email"]

    class Meta:
        model = ParticipationBody
        fields = ["name", "form", "organisation", "municipalities", "description", "member_count", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, hub=hub, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(hub=hub).only("id", "name")
        self.fields["member_count"].widget.attrs["min"] = 0


class ContactPersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = [
            "name",
            "function",
            "organisation",
            "body",
            "email",
            "phone",
            "legal_basis",
            "basis_note",
            "review_by",
        ]
        widgets = {"review_by": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "legal_basis": _("Why may we keep these details? Keep only what you need to contact this person."),
            "review_by": _("On this date you check whether the details are still needed."),
        }

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(hub=hub).only("id", "name")
        self.fields["body"].queryset = ParticipationBody.objects.filter(hub=hub).only("id", "name")
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["type"] = "tel"


class RelationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = OrganisationRelation
        fields = ["kind", "target", "note"]

    def __init__(self, *args, hub, source: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Organisation.objects.filter(hub=hub).exclude(pk=source.pk).only("id", "name")
        self.fields["target"].label = _("Other organisation")


class OrganisationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search by name or KvK number"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    form = forms.ChoiceField(label=_("Hosts a participation body of the form"), required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["type"] = "search"
        if "type" in self.fields:
            self.fields["type"].choices = _blank(_("All types")) + list(OrganisationType.choices)
        self.fields["municipality"].choices = _blank(_("All municipalities")) + [
            (m.code, m.name) for m in municipalities_for_hub(hub).order_by("name")
        ]
        self.fields["domain"].choices = _blank(_("All domains")) + list(Domain.choices)
        self.fields["form"].choices = _blank(_("All forms")) + list(ParticipationForm.choices)

    def filters(self) -> dict:
        """The valid filters as selector keyword arguments (an invalid value is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "org_type": data.get("type") or None,
            "municipality": data.get("municipality") or None,
            "domain": data.get("domain") or None,
            "form": data.get("form") or None,
        }


class BodyFilterForm(OrganisationFilterForm):
    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, hub=hub, **kwargs)
        del self.fields["type"]
        self.fields["q"].label = _("Search by name")
        self.fields["form"].label = _("Form of participation")
        self.order_fields(["q", "form", "municipality", "domain"])

    def filters(self) -> dict:
        data = super().filters()
        data.pop("org_type")
        return data


class ContactSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search by name or organisation"), required=False, max_length=200)


class ImportUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File with organisations"),
        help_text=_("A .csv file (comma or semicolon) or an Excel file (.xlsx), at most 5 MB. Use the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big. The limit is %(limit)s MB.") % {"limit": IMPORT_MAX_BYTES // 1024 // 1024}
            )
        return upload
