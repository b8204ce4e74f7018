from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import LearningPlan


class CommentForm(forms.Form):
    section = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    field = forms.CharField(max_length=60, required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )

    def clean(self):
        data = super().clean()
        if not data.get("parent") and not data.get("section"):
            raise forms.ValidationError(_("Say which section the comment is about."))
        return data


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=LearningPlan.Action.choices, widget=forms.HiddenInput)
    # What the decision was made on: the plan's status and last workflow step (0 for none) as
    # the page showed them. The template writes them from the plan shown, not from what was
    # posted, so that a page shown again after a refusal carries the plan as it is now.
    seen_status = forms.ChoiceField(choices=LearningPlan.Status.choices, required=False)
    seen_event = forms.IntegerField(min_value=0, required=False)
    message = forms.CharField(
        label=_("Message to the lab"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when you request changes; sent with the decision."),
    )
