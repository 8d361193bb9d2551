"""Form helpers: Utrecht classes on widgets, and hints/errors linked for screen readers."""

from __future__ import annotations

from django import forms

_WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.ClearableFileInput: "",
    forms.FileInput: "",
}


class StyledFormMixin:
    """Adds the Utrecht CSS classes and ``aria-describedby``/``aria-invalid`` to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for klass, c in _WIDGET_CLASSES.items() if isinstance(widget, klass)), None)
            if css is None:
                css = "utrecht-textbox utrecht-textbox--html-input"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text and not isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_hint"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if not isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                    ids = [f"id_{self.add_prefix(name)}_error"]
                    if self.fields[name].help_text:
                        ids.insert(0, f"id_{self.add_prefix(name)}_hint")
                    widget.attrs["aria-describedby"] = " ".join(ids)
