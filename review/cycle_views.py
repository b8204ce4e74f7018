"""A cycle at a glance for reviewers: every lab, its plans and progress reports of the year.

Labs are grouped by what they still owe (nothing started, drafts not handed in, changes asked
for, everything handed in); reviewers can remind the focal points of the labs they pick, or
download the table. The page reads a fixed number of queries however many labs and plans.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from labs import cycles
from labs.models import Cycle, Lab, Membership, Region
from labs.roles import require_reviewer
from plans.models import LearningPlan
from public import spreadsheets

from . import notifications
from .models import Notification

Status = LearningPlan.Status

# What a lab still owes, in the order the page lists them: the most to chase first.
GROUPS = {
    "not_started": gettext_lazy("Not started"),
    "not_submitted": gettext_lazy("Not submitted"),
    "changes_requested": gettext_lazy("Waiting for changes"),
    "handed_in": gettext_lazy("Submitted, approved or published"),
}


class CycleFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        choices=[("", gettext_lazy("All regions")), *Region.choices],
        required=False,
    )


class ReminderForm(forms.Form):
    labs = forms.ModelMultipleChoiceField(Lab.objects.all())
    message = forms.CharField(
        label=gettext_lazy("Message to add (optional)"), widget=forms.Textarea, required=False
    )


@dataclass
class LabRow:
    lab: Lab
    plans: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    focal_points: list = field(default_factory=list)

    @property
    def group(self) -> str:
        statuses = {plan.status for plan in self.plans}
        if not statuses:
            return "not_started"
        if Status.CHANGES_REQUESTED in statuses:
            return "changes_requested"
        if Status.DRAFT in statuses:
            return "not_submitted"
        return "handed_in"


def active_members() -> Prefetch:
    """A lab's focal points who can still sign in, as `lab.active_memberships`."""
    members = Membership.objects.filter(user__is_active=True).select_related("user")
    return Prefetch("membership_set", queryset=members, to_attr="active_memberships")


def lab_rows(year: int, region: str = "") -> list[LabRow]:
    """Every lab (of the region) with its plans and reports of `year`: three queries."""
    labs = Lab.objects.order_by("name").prefetch_related(active_members())
    plans = LearningPlan.objects.filter(year=year).only(
        "pk", "lab_id", "kind", "status", "title", "slug", "challenge_type", "submitted_at"
    )
    if region:
        labs, plans = labs.filter(region=region), plans.filter(lab__region=region)
    rows = {
        lab.pk: LabRow(lab, focal_points=[m.user for m in lab.active_memberships]) for lab in labs
    }
    for plan in plans.order_by("kind", "created_at", "pk"):
        row = rows[plan.lab_id]
        (row.reports if plan.kind == LearningPlan.Kind.PROGRESS else row.plans).append(plan)
    return list(rows.values())


@login_required
def current(request):
    """The cycle taking plans today, else the latest one, else this year."""
    require_reviewer(request.user)
    cycle = cycles.open_for_plans() or Cycle.objects.first()
    return redirect("review:cycle", year=cycle.year if cycle else timezone.localdate().year)


@login_required
def dashboard(request, year):
    require_reviewer(request.user)
    filter_form = CycleFilterForm(request.GET)
    region = filter_form.cleaned_data["region"] if filter_form.is_valid() else ""
    if request.GET.get("format") == "csv":
        return _csv(year, region)
    rows = lab_rows(year, region)
    groups = [
        (key, label, [row for row in rows if row.group == key]) for key, label in GROUPS.items()
    ]
    context = {
        "year": year,
        "cycle": Cycle.objects.filter(year=year).first(),
        "years": sorted({*Cycle.objects.values_list("year", flat=True), year}, reverse=True),
        "filter_form": filter_form,
        "region": region,
        "groups": groups,
        "lab_count": len(rows),
        "reminder_form": ReminderForm(),
    }
    return render(request, "review/cycle.html", context)


@login_required
def export(request, year):
    require_reviewer(request.user)
    filter_form = CycleFilterForm(request.GET)
    return _csv(year, filter_form.cleaned_data["region"] if filter_form.is_valid() else "")


def _csv(year, region):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"alp-cycle-{year}{'-' + region if region else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = spreadsheets.writer(response)
    writer.writerow(
        [
            "lab",
            "country",
            "region",
            "situation",
            "plans",
            "plan_statuses",
            "progress_reports",
            "report_statuses",
            "focal_points",
        ]
    )
    for row in lab_rows(year, region):
        writer.writerow(
            [
                row.lab.name,
                row.lab.country,
                row.lab.region,
                row.group,
                "; ".join(plan.title for plan in row.plans),
                "; ".join(plan.status for plan in row.plans),
                "; ".join(report.title for report in row.reports),
                "; ".join(report.status for report in row.reports),
                "; ".join(user.email for user in row.focal_points),
            ]
        )
    return response


@login_required
@require_POST
def remind(request, year):
    """E-mail (and notify in the portal) the focal points of the chosen labs, each in their
    language, with a link to their plans."""
    require_reviewer(request.user)
    form = ReminderForm(request.POST)
    back = reverse("review:cycle", args=[year])
    if request.POST.get("region") in Region.values:
        back += f"?region={request.POST['region']}"
    if not form.is_valid():
        messages.error(request, _("Choose at least one lab to remind."))
        return redirect(back)
    labs = form.cleaned_data["labs"].prefetch_related(active_members())
    told, unreachable = 0, []
    for lab in labs:
        people = [membership.user for membership in lab.active_memberships]
        if not people:
            unreachable.append(lab.name)
            continue
        notifications.notify(
            people,
            Notification.Event.REMINDER,
            actor=request.user,
            message=form.cleaned_data["message"],
            url=reverse("my:home"),
            context={"lab": lab.name, "year": year},
        )
        told += len(people)
    if told:
        messages.success(request, _("%(count)s focal point(s) reminded.") % {"count": told})
    if unreachable:
        messages.warning(
            request,
            _("No focal point to remind in: %(labs)s.") % {"labs": ", ".join(unreachable)},
        )
    return redirect(back)
