"""The reviewers' queue: which plans, filtered by cycle, place, kind, status and reviewer."""

import unicodedata

import django_filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from labs import roles
from labs.models import Cycle, Region
from plans import countries
from plans.models import LearningPlan

Status = LearningPlan.Status
# What waits for a reviewer when no status is chosen: a decision, or publication.
WAITING = [Status.SUBMITTED, Status.APPROVED]


class QueueFilter(django_filters.FilterSet):
    year = django_filters.TypedChoiceFilter(choices=[], coerce=int, label=_("Cycle"))
    region = django_filters.ChoiceFilter(
        field_name="lab__region", choices=Region.choices, label=_("Region")
    )
    country = django_filters.ChoiceFilter(field_name="lab__country", choices=[], label=_("Country"))
    kind = django_filters.ChoiceFilter(choices=LearningPlan.Kind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), widget=forms.CheckboxSelectMultiple
    )
    reviewer = django_filters.ChoiceFilter(
        method="filter_reviewer", choices=[], label=_("Assigned reviewer")
    )

    class Meta:
        model = LearningPlan
        fields = []

    def __init__(self, data=None, *args, user=None, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.getlist("status"):
            data.setlist("status", WAITING)
        super().__init__(data, *args, **kwargs)
        self.user = user
        # The years of the cycles and of the plans (imported ones may predate any cycle).
        years = Cycle.objects.order_by().values_list("year")
        years = years.union(LearningPlan.objects.order_by().values_list("year"))
        self.filters["year"].extra["choices"] = [
            (year, str(year)) for year in sorted({year for (year,) in years}, reverse=True)
        ]
        # Named in the interface's language, and in its alphabetical order.
        self.filters["country"].extra["choices"] = sorted(
            ((c.code, c.display_name) for c in countries.COUNTRIES),
            key=lambda choice: unicodedata.normalize("NFKD", choice[1]).casefold(),
        )
        self.filters["reviewer"].extra["choices"] = [
            ("me", _("Me")),
            ("none", _("Nobody yet")),
            *[
                (str(u.pk), u.get_full_name() or u.email)
                for u in roles.reviewers().order_by("email")
            ],
        ]

    def filter_reviewer(self, queryset, name, value):
        if value == "me":
            return queryset.filter(reviewer=self.user)
        if value == "none":
            return queryset.filter(reviewer=None)
        return queryset.filter(reviewer_id=value) if value.isdigit() else queryset

    def status_counts(self) -> list[tuple[str, str, int, bool]]:
        """(status, label, plans under every other filter, chosen) for each status."""
        others = LearningPlan.objects.all()
        for name, value in self.form.cleaned_data.items():
            if name != "status" and value not in (None, "", []):
                others = self.filters[name].filter(others, value)
        counts = dict(others.order_by().values_list("status").annotate(n=Count("pk")))
        chosen = set(self.form.cleaned_data.get("status") or [])
        return [
            (value, label, counts.get(value, 0), value in chosen) for value, label in Status.choices
        ]
