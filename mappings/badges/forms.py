"""Form of the badge mappings: the template offered by name from the synced templates, and the
Docebo learning plan and certification picked from what Docebo lists (see mappings/pickers.py)."""

from django import forms

from mappings.badges.models import BadgeMapping, BadgeTemplate
from mappings.forms import Picked, PickerFormMixin, PickerInput
from mappings.picker_sources import DOCEBO_CERTIFICATIONS, DOCEBO_LEARNING_PLANS


class BadgeMappingForm(PickerFormMixin, forms.ModelForm):
    badge_template_id = forms.ChoiceField(
        label="Badge template", help_text=BadgeMapping._meta.get_field("badge_template_id").help_text
    )
    picked = {
        "learning_plan_id": Picked(DOCEBO_LEARNING_PLANS, lambda values: DOCEBO_LEARNING_PLANS.target()),
        "certification_code": Picked(DOCEBO_CERTIFICATIONS, lambda values: DOCEBO_CERTIFICATIONS.target()),
    }

    class Meta:
        model = BadgeMapping
        fields = [
            "badge_template_id",
            "learning_plan_id",
            "import_as_external_training",
            "certification_code",
            "is_active",
        ]
        widgets = {
            "learning_plan_id": PickerInput(DOCEBO_LEARNING_PLANS),
            "certification_code": PickerInput(DOCEBO_CERTIFICATIONS),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "badge_template_id" not in self.fields:
            return  # the list's editable columns only
        choices = [
            (t.credly_id, t.name + ("" if t.is_active else " (inactive)"))
            for t in BadgeTemplate.objects.order_by("name")
        ]
        current = self.instance.badge_template_id
        if current and current not in dict(choices):
            choices.append((current, f"{self.instance.badge_template_name or current} (deleted in Credly)"))
        self.fields["badge_template_id"].choices = [("", "---------"), *choices]

    def clean_badge_template_id(self):
        value = self.cleaned_data["badge_template_id"]
        if not BadgeTemplate.objects.filter(credly_id=value).exists():
            raise forms.ValidationError(
                "This badge template is not in the templates table (it may have been "
                "deleted in Credly). Pick another, or run the template sync first."
            )
        return value

    def save(self, commit=True):
        if "badge_template_id" in self.cleaned_data:
            template = BadgeTemplate.objects.get(credly_id=self.cleaned_data["badge_template_id"])
            self.instance.badge_template_name = template.name
        return super().save(commit)
