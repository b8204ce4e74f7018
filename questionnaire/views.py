"""Focal points fill in their plans: their labs' plans, the questionnaire a step per section, the
review before submission.

Every view fetches its plan through `_get_plan_for_user`: a plan of one of the user's labs (a
reviewer reads any plan), else 404; views that change a plan ask for `edit=True`, which only the
lab's focal points and administrators pass (reviewers decide, they do not type into a lab's
answers: 403). Saves use optimistic locking on `LearningPlan.version`.
"""

import re
from functools import partial, wraps
from itertools import groupby
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    BaseFormSet,
)
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from labs import cycles
from labs.models import Cycle, Lab
from labs.roles import is_administrator
from partners.models import Partnership
from plans import questionnaire as q
from plans.models import EvidenceFile, IllegalTransition, LearningPlan
from plans.sections import plan_sections
from plans.slugs import plan_slug, unique_slug
from plans.writing import StaleWrite, writing

from . import forms, submission
from .steps import UNTITLED, completeness, steps_for
from .submission import missing_for_submission

EDITABLE = {LearningPlan.Status.DRAFT, LearningPlan.Status.CHANGES_REQUESTED}
# The plans a progress report may report on: those the reviewers approved.
REPORTED_ON = {
    LearningPlan.Status.APPROVED,
    LearningPlan.Status.PUBLISHED,
    LearningPlan.Status.UNPUBLISHED,
}
UNSAVED = "unsaved_answers"
# Bounds on what a signed-out POST leaves in the session, in characters: a little above the
# longest answer in the shared corpus (25,667) and above the answers of its longest plan all
# together (about 40,000), so that any real step fits.
MAX_KEPT_VALUE = 30_000
MAX_KEPT_TOTAL = 64_000
MANAGEMENT_FIELDS = [TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT]
ROW_FIELD = re.compile(r"(?P<prefix>\w+)-(?P<index>0|[1-9][0-9]{0,5})-(?P<field>\w+)", re.ASCII)
SIGNED_OUT_MESSAGE = gettext_lazy(
    "You were signed out, so your answers were not saved yet. Sign in again to get them back."
)
RESTORED_MESSAGE = gettext_lazy("Your unsaved answers were restored; save to keep them.")
CONFLICT_MESSAGE = gettext_lazy(
    "Someone else saved this plan since you opened it. Nothing of yours was saved: your answers "
    "are still in the form below. Compare them with what is stored now (shown at the top), then "
    "save again to keep yours."
)

FORMSET_NAMES = {
    "partnerships": gettext_lazy("Partners"),
    "learning_questions": gettext_lazy("Learning questions"),
    "insights": gettext_lazy("Key insights"),
}


def _get_plan_for_user(request, pk, *, edit=False, answers=False) -> LearningPlan:
    """The plan if it belongs to one of the user's labs (reviewers: any plan), else 404.

    With `edit`, a reviewer who may see the plan but not change it gets 403; with `answers`, the
    plan comes with all its answers (for reading them back).
    """
    user = request.user
    plans = LearningPlan.objects.worked_on_by(user).select_related("lab", "plan")
    plan = get_object_or_404(plans.with_answers() if answers else plans, pk=pk)
    if edit and not _may_edit(user, plan):
        raise PermissionDenied
    return plan


def _may_edit(user, plan) -> bool:
    return is_administrator(user) or plan.lab.members.filter(pk=user.pk).exists()


def _can_report(plan, report_years: set[int]) -> bool:
    """Whether a progress report may be started on the plan today: the reviewers approved the plan
    (it may be published since, or unpublished), and the cycle of its year takes reports today
    (`report_years`, the years of the cycles that do: `_report_years()`)."""
    return _is_reported_on(plan) and plan.year in report_years


def _is_reported_on(plan) -> bool:
    return plan.kind == LearningPlan.Kind.PLAN and plan.status in REPORTED_ON


def _report_years() -> set[int]:
    return set(Cycle.objects.accepting_reports().values_list("year", flat=True))


def _is_deletable(plan) -> bool:
    """A draft that was never handed in: nobody but its lab has seen it, so it may go."""
    return plan.status == LearningPlan.Status.DRAFT and plan.submitted_at is None


@login_required
def delete_draft(request, pk):
    """Ask, then delete a never-submitted draft: it frees the lab's place for the year."""
    plan = _get_plan_for_user(request, pk, edit=True)
    if not _is_deletable(plan):
        messages.error(request, gettext("Only a draft that was never submitted can be deleted."))
        return redirect("my:home")
    if request.method == "POST":
        with transaction.atomic():
            for evidence in plan.evidence_files.all():
                transaction.on_commit(partial(evidence.file.delete, save=False))
            plan.delete()
        messages.success(
            request, gettext("“%(title)s” was deleted.") % {"title": plan.display_title}
        )
        return redirect("my:home")
    return render(request, "my/delete.html", {"plan": plan})


def _is_editable(plan) -> bool:
    return plan.status in EDITABLE


def _read_only(request, plan):
    messages.info(
        request,
        gettext(
            "This %(kind)s is %(status)s: it can be edited again only if the reviewers request "
            "changes."
        )
        % {"kind": plan.get_kind_display().lower(), "status": plan.get_status_display().lower()},
    )
    return redirect(plan.get_absolute_url())


@login_required
def my_home(request):
    labs = list(Lab.objects.filter(members=request.user))
    plans = (
        LearningPlan.objects.filter(lab__in=labs)
        .prefetch_related("tags", "partnerships", "learning_questions", "insights")
        .order_by("lab", "-year", "kind", "created_at")
    )
    reported = set(plans.filter(kind="progress").values_list("plan_id", flat=True))
    by_lab = {lab.pk: [] for lab in labs}
    cycle = cycles.open_for_plans()
    report_cycles = list(Cycle.objects.accepting_reports())
    report_years = {other.year for other in report_cycles}
    for plan in plans:
        plan.completeness = completeness(plan)
        plan.editable = _is_editable(plan)
        # Offered exactly when start_report would start one.
        plan.can_report = _can_report(plan, report_years) and plan.pk not in reported
        plan.deletable = _is_deletable(plan)
        by_lab[plan.lab_id].append(plan)
    lab_rows = [
        {
            "lab": lab,
            "years": [
                (year, list(rows)) for year, rows in groupby(by_lab[lab.pk], lambda p: p.year)
            ],
            # Start is offered only while the lab may still start one this cycle.
            "can_start": cycle is not None
            and sum(
                p.kind == LearningPlan.Kind.PLAN and p.year == cycle.year for p in by_lab[lab.pk]
            )
            < LearningPlan.MAX_PLANS_PER_YEAR,
        }
        for lab in labs
    ]
    context = {
        "lab_rows": lab_rows,
        "cycle": cycle,
        "year": cycle.year if cycle else None,
        "report_cycles": report_cycles,
    }
    return render(request, "my/home.html", context)


@login_required
@require_POST
def start_plan(request, lab_pk):
    lab = get_object_or_404(Lab.objects.filter(members=request.user), pk=lab_pk)
    cycle = cycles.open_for_plans()
    if cycle is None:
        messages.error(request, cycles.NO_OPEN_CYCLE)
        return redirect("my:home")
    version = q.CURRENT["plan"]
    plan = LearningPlan(
        kind=LearningPlan.Kind.PLAN,
        questionnaire=version.key,
        lab=lab,
        focal_point=request.user,
        year=cycle.year,
        title="",  # until typed: lists show a translated "Untitled plan" meanwhile
        # Answers are kept as typed: the plan records the language they are likely typed in.
        language=request.LANGUAGE_CODE,
    )
    if problems := submission.start_problems(plan):
        for problem in problems:
            messages.error(request, problem)
        return redirect("my:home")
    plan.slug = unique_slug(LearningPlan, f"{lab.slug}-{plan.year}-plan"[:100])
    with writing(plan, by=request.user):
        plan.save()
    return redirect("my:step", pk=plan.pk, step=steps_for(plan)[0].key)


@login_required
@require_POST
def start_report(request, pk):
    plan = _get_plan_for_user(request, pk, edit=True)
    if not _is_reported_on(plan):
        raise Http404
    existing = plan.progress_reports.first()
    if existing:
        return redirect("my:step", pk=existing.pk, step=steps_for(existing)[0].key)
    if not _can_report(plan, _report_years()):
        messages.error(request, cycles.refusal(LearningPlan.Kind.PROGRESS, plan.year))
        return redirect("my:home")
    report = LearningPlan(
        kind=LearningPlan.Kind.PROGRESS,
        questionnaire=q.CURRENT["progress"].key,
        lab=plan.lab,
        focal_point=request.user,
        year=plan.year,
        plan=plan,
        language=plan.language,
        challenge_type=plan.challenge_type,
        title=(gettext("Progress report: %(title)s") % {"title": plan.title})[:500],
        slug=unique_slug(LearningPlan, slugify(f"{plan.slug}-report")[:110]),
    )
    with writing(report, by=request.user):
        report.save()
        report.tags.set(plan.tags.all())
        Partnership.objects.bulk_create(
            Partnership(
                plan=report,
                organisation=partner.organisation,
                position=partner.position,
                name_as_written=partner.name_as_written,
                sector=partner.sector,
                description=partner.description,
                is_new_and_unusual=partner.is_new_and_unusual,
            )
            for partner in plan.partnerships.all()
        )
    return redirect("my:step", pk=report.pk, step=steps_for(report)[0].key)


@login_required
def open_plan(request, pk):
    """A plan's address for its lab: its first step while it can be edited, else where it can be
    read."""
    plan = _get_plan_for_user(request, pk)
    if not _may_edit(request.user, plan):
        return redirect("my:review", pk=plan.pk)
    if not _is_editable(plan):
        return redirect(plan.get_absolute_url())
    return redirect("my:step", pk=plan.pk, step=steps_for(plan)[0].key)


def _bind(request, step, plan, data=None):
    """The step's forms (its fields', its terms') and formsets, bound to `data` when given."""
    bound = []
    if step.form_class:
        # A title stored by an earlier version as the words "Untitled plan" is no title at all.
        initial = {"title": ""} if plan.title == UNTITLED else None
        bound.append(step.form_class(data, instance=plan, initial=initial))
    if step.vocabularies:
        names = step.vocabularies
        bound.append(forms.TermsForm(data, instance=plan, names=names, user=request.user))
    bound += [forms.FORMSETS[name](data, instance=plan, prefix=name) for name in step.formsets]
    return bound


def _stored_values(step, plan):
    """What is stored now for the step's fields: shown after a conflict."""
    fresh = LearningPlan.objects.get(pk=plan.pk)
    values = []
    if step.form_class:
        for name, form_field in step.form_class.base_fields.items():
            value = getattr(fresh, name)
            display = getattr(fresh, f"get_{name}_display", None)
            value = display() if display else value
            if isinstance(value, list):
                value = "; ".join(value)
            values.append((form_field.label, value))
    for name in step.formsets:
        related = getattr(fresh, name).all()
        values.append((FORMSET_NAMES[name], "; ".join(map(str, related))))
    if step.tags:
        values.append((gettext("Tags"), ", ".join(map(str, fresh.tags.all()))))
    return fresh.version, values


def login_required_keeping_answers(view):
    """`login_required` for the step view (`pk`, `step`) that keeps what a step POST carried when
    the session had expired.

    The answers go into the new, anonymous session under the step's address (the CSRF token lives
    in its own cookie, so the POST itself is accepted); signing in keeps the session's data, and
    the step then shows them again, unsaved. See `_answers_to_keep` for what is kept and
    `_take_unsaved` for giving it back.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            # One entry a session: a new POST replaces what an earlier one left.
            if data := _answers_to_keep(request, kwargs["pk"], kwargs["step"]):
                request.session[UNSAVED] = {"path": request.path, "data": data}
            else:
                request.session.pop(UNSAVED, None)
            messages.warning(request, SIGNED_OUT_MESSAGE)
        return redirect_to_login(request.path)

    return wrapper


def _answers_to_keep(request, pk, step) -> dict[str, list[str]]:
    """What of a signed-out step POST goes into the session: only the fields that step's forms
    read, and nothing for an address that is not a plan's step. Anyone can post there, so the
    session keeps no more than real answers need: over MAX_KEPT_VALUE for one value or
    MAX_KEPT_TOTAL in all, nothing is kept (not the rest: a step restored without one of its
    answers would erase that answer when saved)."""
    plan = LearningPlan.objects.filter(pk=pk).first()
    current = next((s for s in steps_for(plan) if s.key == step), None) if plan else None
    if current is None:
        return {}
    is_read = _names_read(request, current, plan)
    data = {name: values for name, values in request.POST.lists() if is_read(name)}
    sizes = [len(value) for values in data.values() for value in values]
    if not data.keys() - {"version"} or max(sizes) > MAX_KEPT_VALUE or sum(sizes) > MAX_KEPT_TOTAL:
        return {}
    return data


def _names_read(request, step, plan):
    """A test for the POST names the step reads: its forms' fields, its formsets' management
    fields and the fields of each row the formset takes, and the version the answers started
    from."""
    names, rows = {"version"}, {}
    for item in _bind(request, step, plan):
        if isinstance(item, BaseFormSet):
            names.update(item.add_prefix(name) for name in MANAGEMENT_FIELDS)
            rows[item.prefix] = (item.max_num, set(item.empty_form.fields))
        else:
            names.update(item.add_prefix(name) for name in item.fields)

    def is_read(name) -> bool:
        if name in names:
            return True
        row = ROW_FIELD.fullmatch(name)
        if row is None or row["prefix"] not in rows:
            return False
        max_num, fields = rows[row["prefix"]]
        return int(row["index"]) < max_num and row["field"] in fields

    return is_read


def _take_unsaved(request) -> QueryDict | None:
    """The answers kept for this step while signed out, removed from the session at once: only
    the first visit after signing in gets them, and only if that user may edit the plan."""
    unsaved = request.session.get(UNSAVED)
    if not unsaved or unsaved.get("path") != request.path:
        return None
    del request.session[UNSAVED]
    data = QueryDict(mutable=True)
    for key, values in unsaved["data"].items():
        data.setlist(key, values)
    return data


@login_required_keeping_answers
def plan_step(request, pk, step):
    unsaved = _take_unsaved(request)  # before the checks: whoever may not edit, it is dropped
    plan = _get_plan_for_user(request, pk)
    steps = steps_for(plan)
    keys = [s.key for s in steps]
    if step not in keys:
        raise Http404
    if not _may_edit(request.user, plan):
        if request.method == "POST":
            raise PermissionDenied
        return redirect("my:review", pk=plan.pk)
    if not _is_editable(plan):
        return _read_only(request, plan)
    current = steps[keys.index(step)]
    index = keys.index(step)
    version, conflict, saved_beside_errors = plan.version, None, False
    if request.method != "POST" and unsaved is not None:
        bound = _bind(request, current, plan, unsaved)
        for item in bound:
            item.is_valid()  # show what is wrong in it now, not only after saving
        version = unsaved.get("version", plan.version)
        messages.warning(request, RESTORED_MESSAGE)
    elif request.method == "POST":
        bound = _bind(request, current, plan, request.POST)
        # Validate everything (not only up to the first error), so every mistake is shown at once.
        checks = [item.is_valid() for item in bound]
        try:
            posted = int(request.POST.get("version", ""))
        except ValueError:
            posted = -1
        # What is valid is saved even beside a mistake: typing is never lost to another answer's
        # error. What is wrong stays in the form as typed, unsaved.
        saving = any(map(_valid_part, bound))
        try:
            if saving:
                with writing(plan, by=request.user, expected_version=posted):
                    _save(bound)
            saved = True
        except StaleWrite:
            saved = False
        if saved and all(checks):
            messages.success(request, gettext("Saved."))
            if "continue" in request.POST:
                if index + 1 < len(steps):
                    return redirect("my:step", pk=plan.pk, step=keys[index + 1])
                return redirect("my:review", pk=plan.pk)
            return redirect("my:step", pk=plan.pk, step=step)
        if saved:
            version = plan.version if saving else request.POST.get("version", plan.version)
            saved_beside_errors = saving
        else:
            version, conflict = _stored_values(current, plan)
    else:
        bound = _bind(request, current, plan)
    context = {
        "plan": plan,
        "steps": [(s, s.is_complete(plan)) for s in steps],
        "step": current,
        "previous": keys[index - 1] if index else None,
        "is_last": index + 1 == len(steps),
        "form": next((b for b in bound if isinstance(b, forms.PlanStepForm)), None),
        "terms_form": next((b for b in bound if isinstance(b, forms.TermsForm)), None),
        "formsets": [b for b in bound if isinstance(b, forms.PositionedFormSet)],
        "version": version,
        "conflict": conflict,
        "conflict_message": CONFLICT_MESSAGE,
        "errors": _error_summary(bound),
        "saved_beside_errors": saved_beside_errors,
        "restored": request.method != "POST" and unsaved is not None,
        "field_layout": forms.FIELD_LAYOUT,
        "evidence_form": forms.EvidenceForm() if index + 1 == len(steps) else None,
        "evidence_files": plan.evidence_files.all(),
    }
    return render(request, "my/step.html", context, status=409 if conflict else 200)


def _valid_fields(form) -> list[str]:
    return [name for name in form.fields if name not in form.errors]


def _valid_part(item) -> bool:
    """Whether the form or formset has something valid to save."""
    if isinstance(item, forms.PlanStepForm):
        return bool(_valid_fields(item))
    return item.is_valid()


def _save(bound):
    """Save what of the step's forms is valid: every valid form and formset, and the fields of
    the plan's form that are valid (a ModelForm has set those on the plan already)."""
    for item in bound:
        if isinstance(item, forms.PlanStepForm):
            plan = item.instance
            names = _valid_fields(item)
            if "title" in names and plan.published_at is None and plan.title.strip():
                # The address follows the title until the plan is first published; from then on
                # it stays, as links to it are out there.
                plan.slug = plan_slug(plan)
                names.append("slug")
            # Only these fields: `version` was bumped by the locking update, `status` is not ours.
            plan.save(update_fields=[*names, "updated_at"])
        elif item.is_valid():
            item.save()


def _error_summary(bound) -> list[tuple[str, str]]:
    """(message, id of the field to fix) for every mistake on the step, in the page's order."""
    found = []

    def add(form, row=None):
        for name, errors in form.errors.items():
            field = form[name] if name in form.fields else next(iter(form), None)
            if field is None:
                continue
            # Choices shown as boxes have no element of the field's own id: link to the first box.
            target = field.id_for_label or f"{field.auto_id}_0"
            label = field.label if name in form.fields else ""
            if row and label:
                label = gettext("%(item)s %(number)s, %(field)s") % {**row, "field": label}
            elif row:
                label = "{item} {number}".format(**row)
            for error in errors:
                message = gettext("%(field)s: %(error)s") % {"field": label, "error": error}
                found.append((message if label else error, target))

    for item in bound:
        if isinstance(item, BaseFormSet):
            for number, row in enumerate(item.forms, 1):
                add(row, {"item": item.legend, "number": number})
            found += [(error, f"{item.prefix}-rows") for error in item.non_form_errors()]
        else:
            add(item)
    return found


def _back_to_step(plan, posted_step):
    keys = [s.key for s in steps_for(plan)]
    step = posted_step if posted_step in keys else keys[-1]
    return redirect("my:step", pk=plan.pk, step=step)


@login_required
@require_POST
def evidence_upload(request, pk):
    """Store one supporting file, checked by content and size; a refused one leaves nothing."""
    plan = _get_plan_for_user(request, pk, edit=True)
    if not _is_editable(plan):
        return _read_only(request, plan)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload, kind = form.cleaned_data["file"], form.kind
        original = upload.name
        # The stored name is ours (no path, no double extension); the lab's name is kept to show.
        upload.name = f"{uuid4().hex}.{kind.extension}"
        EvidenceFile.objects.create(
            plan=plan,
            file=upload,
            original_name=original[:255],
            content_type=kind.mime,
            size=upload.size,
            uploaded_by=request.user,
        )
        messages.success(request, gettext("“%(name)s” was added.") % {"name": original})
    else:
        for error in form.errors.get("file", []):
            messages.error(request, gettext("Not added: %(error)s") % {"error": error})
    return _back_to_step(plan, request.POST.get("step", ""))


@login_required
@require_POST
def evidence_delete(request, pk, file_pk):
    plan = _get_plan_for_user(request, pk, edit=True)
    if not _is_editable(plan):
        return _read_only(request, plan)
    evidence = get_object_or_404(plan.evidence_files, pk=file_pk)
    evidence.file.delete(save=False)
    evidence.delete()
    messages.success(request, gettext("“%(name)s” was removed.") % {"name": evidence.original_name})
    return _back_to_step(plan, request.POST.get("step", ""))


@login_required
def check_answers(request, pk):
    """The focal point's look over the whole plan before submitting it: every answer, section by
    section with a link back to its step, and what is still missing."""
    plan = _get_plan_for_user(request, pk, answers=True)
    steps = steps_for(plan)
    sections = plan_sections(plan)
    keys = {step.key for step in steps}
    for section in sections:
        section["step"] = section["key"] if section["key"] in keys else None
    context = {
        "plan": plan,
        "steps": [(s, s.is_complete(plan)) for s in steps],
        "sections": sections,
        "missing": missing_for_submission(plan),
        "editable": _is_editable(plan),
        "may_edit": _may_edit(request.user, plan),
        "completeness": completeness(plan),
    }
    return render(request, "my/review.html", context)


@login_required
@require_POST
def plan_submit(request, pk):
    plan = _get_plan_for_user(request, pk, edit=True)
    if missing := missing_for_submission(plan):
        messages.error(
            request,
            ngettext(
                "Not submitted yet: %(count)s thing still missing.",
                "Not submitted yet: %(count)s things still missing.",
                len(missing),
            )
            % {"count": len(missing)},
        )
        return redirect("my:review", pk=plan.pk)
    if refusal := submission.refusal(plan):
        messages.error(request, refusal)
        return redirect("my:review", pk=plan.pk)
    # Submitted in the status the page showed: a second click, or a page older than a
    # colleague's submission, is refused.
    seen = request.POST.get("seen_status")
    seen = seen if seen in LearningPlan.Status.values else None
    try:
        plan.transition(LearningPlan.Action.SUBMIT, by=request.user, seen_status=seen)
    except IllegalTransition as error:
        messages.error(request, str(error))
        return redirect("my:review", pk=plan.pk)
    messages.success(
        request,
        gettext("“%(title)s” was submitted for review. Thank you!") % {"title": plan.title},
    )
    return redirect(reverse("my:home"))
