"""A plan's history: its revisions and workflow steps, two revisions compared, a restore.

Reviewers see any plan's history and the lab's focal points their own plans' (read-only);
everyone else gets 404. Only administrators restore: a reviewer or focal point who may see the
history gets 403 on the restore.
"""

import difflib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from labs.roles import is_administrator
from plans.models import LearningPlan

from . import revisions
from .models import Revision


def _plan_for_history(request, pk) -> LearningPlan:
    plans = LearningPlan.objects.worked_on_by(request.user).select_related("lab")
    return get_object_or_404(plans, pk=pk)


def _revision(plan, number) -> Revision:
    try:
        return plan.revisions.select_related("author").get(number=int(number))
    except (TypeError, ValueError, Revision.DoesNotExist):
        raise Http404 from None


@login_required
def history(request, pk):
    plan = _plan_for_history(request, pk)
    kept = list(plan.revisions.select_related("author", "restored_from").order_by("-number"))
    events = plan.events.select_related("actor")
    # Newest first; at equal times the revision of a submission goes before its workflow step.
    timeline = sorted(
        [("revision", item.created_at, item) for item in kept]
        + [("event", item.created_at, item) for item in events],
        key=lambda entry: (entry[1], entry[0] == "revision"),
        reverse=True,
    )
    context = {
        "plan": plan,
        "timeline": timeline,
        "a": kept[1].number if len(kept) > 1 else None,
        "b": kept[0].number if kept else None,
        "may_restore": is_administrator(request.user),
    }
    return render(request, "review/history.html", context)


@login_required
def compare(request, pk):
    plan = _plan_for_history(request, pk)
    older = _revision(plan, request.GET.get("a"))
    newer = _revision(plan, request.GET.get("b"))
    context = {
        "plan": plan,
        "older": older,
        "newer": newer,
        "rows": _rows(revisions.compare(older.data, newer.data)),
        "may_restore": is_administrator(request.user),
    }
    return render(request, "review/history_compare.html", context)


@login_required
def restore(request, pk, number):
    plan = _plan_for_history(request, pk)
    if not is_administrator(request.user):
        raise PermissionDenied
    revision = _revision(plan, number)
    if request.method == "POST":
        restored = revisions.restore(plan, revision, by=request.user)
        messages.success(
            request,
            _("Revision %(old)s was restored as revision %(new)s.")
            % {"old": revision.number, "new": restored.number},
        )
        return redirect("review:history", pk=plan.pk)
    current = revisions.snapshot(plan)
    context = {
        "plan": plan,
        "revision": revision,
        "rows": _rows(revisions.compare(current, revision.data)),
    }
    return render(request, "review/history_restore.html", context)


def _rows(changes):
    return [(change, *word_diff(change.before, change.after)) for change in changes]


def word_diff(before: str, after: str):
    """Both texts as safe HTML, with the words removed from `before` and added in `after` marked."""
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if op == "equal":
            left.append(format_html("{}", removed))
            right.append(format_html("{}", added))
            continue
        if removed:
            left.append(format_html('<del class="bg-danger-subtle">{}</del>', removed))
        if added:
            right.append(format_html('<ins class="bg-success-subtle">{}</ins>', added))
    return _join(left), _join(right)


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))
