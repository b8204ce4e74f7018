"""The reviewers' queue, the review page with comments and decisions, and notifications.

Reviewers (labs.roles) see every plan here; anyone else gets 404, as for any page that is
not theirs. Comments are the one thing the lab's focal points post here too: their replies.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labs.roles import is_reviewer, require_reviewer
from plans.models import IllegalTransition, LearningPlan, Overtaken, PlanEvent
from plans.sections import plan_sections

from . import notifications, revisions
from .filters import QueueFilter
from .forms import CommentForm, DecisionForm
from .models import Comment, Notification

REVIEWER_ACTIONS = [
    LearningPlan.Action.REQUEST_CHANGES,
    LearningPlan.Action.APPROVE,
    LearningPlan.Action.PUBLISH,
    LearningPlan.Action.UNPUBLISH,
]


def _commentable_plan(request, pk) -> LearningPlan:
    """A plan the user may comment on: any for reviewers, their labs' for focal points."""
    plans = LearningPlan.objects.worked_on_by(request.user).select_related("lab", "reviewer")
    return get_object_or_404(plans, pk=pk)


@login_required
def queue(request):
    require_reviewer(request.user)
    plans = (
        LearningPlan.objects.select_related("lab", "reviewer")
        .annotate(open_comments=Count("comments", filter=Q(comments__parent=None)))
        .without_search()
        .defer("rendered")
        .order_by("submitted_at", "created_at", "pk")
    )
    filterset = QueueFilter(request.GET, queryset=plans, user=request.user)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "status_counts": filterset.status_counts() if filterset.is_valid() else [],
    }
    return render(request, "review/queue.html", context)


@login_required
@require_POST
def assign(request, pk):
    require_reviewer(request.user)
    plan = get_object_or_404(LearningPlan, pk=pk)
    plan.reviewer = None if "unassign" in request.POST else request.user
    plan.save(update_fields=["reviewer"])
    if plan.reviewer:
        messages.success(request, _("You now review “%(plan)s”.") % {"plan": plan.title})
    else:
        messages.success(request, _("Nobody reviews “%(plan)s” now.") % {"plan": plan.title})
    return _back(request, "review:queue")


@login_required
def plan_review(request, pk):
    require_reviewer(request.user)
    return render(request, "review/plan_review.html", review_context(pk))


def review_context(pk, **extra) -> dict:
    """The review page: the plan in questionnaire order with its comment threads, the decisions
    open to a reviewer, and what changed since the previous submission."""
    events = PlanEvent.objects.select_related("actor").order_by("created_at", "pk")
    plans = LearningPlan.objects.select_related("reviewer", "plan").with_answers()
    plan = get_object_or_404(plans.prefetch_related(Prefetch("events", queryset=events)), pk=pk)
    latest = revisions.last_submission_before(plan)
    previous = revisions.last_submission_before(plan, latest) if latest else None
    return {
        "plan": plan,
        "sections": sections_with_threads(plan),
        "decision_form": DecisionForm(),
        "last_event_id": max((event.pk for event in plan.events.all()), default=0),
        "actions": [a for a in plan.allowed_actions() if a in REVIEWER_ACTIONS],
        "changes": revisions.compare(previous.data, latest.data) if previous else None,
        **extra,
    }


def sections_with_threads(plan) -> list[dict]:
    """plan_sections(), each section and answer carrying the comment threads hung on it."""
    comments = Comment.objects.filter(plan=plan).threads()
    threads = {}
    for comment in comments:
        threads.setdefault((comment.section, comment.field), []).append(comment)
    sections = plan_sections(plan)
    for section in sections:
        section["threads"] = threads.get((section["key"], ""), [])
        for entry in section["entries"]:
            entry["threads"] = threads.get((section["key"], entry["prompt"].field), [])
    return sections


@login_required
@require_POST
def decide(request, pk):
    require_reviewer(request.user)
    plan = get_object_or_404(LearningPlan, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in REVIEWER_ACTIONS:
        messages.error(request, _("Choose one of the decisions offered."))
        return redirect("review:plan", pk=plan.pk)
    action, message = form.cleaned_data["action"], form.cleaned_data["message"]
    seen_status, seen_event = form.cleaned_data["seen_status"], form.cleaned_data["seen_event"]
    try:
        if not seen_status or seen_event is None:
            # A page that does not say what it showed (one served before these fields were).
            raise Overtaken(_("This page is out of date: look at the plan again first."))
        plan.transition(
            action, by=request.user, message=message, seen_status=seen_status, seen_event=seen_event
        )
    except IllegalTransition as error:
        # Shown again with the message they typed still in the box.
        messages.error(request, str(error))
        context = review_context(plan.pk, decision_form=form)
        return render(request, "review/plan_review.html", context, status=400)
    messages.success(
        request,
        _("“%(plan)s” is now %(status)s.")
        % {"plan": plan.title, "status": plan.get_status_display().lower()},
    )
    return redirect("review:plan", pk=plan.pk)


@login_required
@require_POST
def comment(request, pk):
    plan = _commentable_plan(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A comment needs some text."))
        return _back(request, "review:plan", pk=plan.pk)
    parent = None
    if parent_pk := form.cleaned_data.get("parent"):
        parent = get_object_or_404(Comment, pk=parent_pk, plan=plan, parent=None)
    created = Comment.objects.create(
        plan=plan,
        section=parent.section if parent else form.cleaned_data["section"],
        field=parent.field if parent else form.cleaned_data["field"],
        parent=parent,
        author=request.user,
        body=form.cleaned_data["body"],
    )
    _tell_about_comment(plan, created, request.user)
    messages.success(request, _("Your comment was added."))
    # Back where it was written, a long page down, with the new comment in view.
    return _back(request, "review:plan", pk=plan.pk, anchor=f"comment-{created.pk}")


def _tell_about_comment(plan, comment, author):
    """Reviewers' comments go to the lab; the lab's replies go to whoever reviews the plan."""
    if is_reviewer(author):
        people, url = notifications.focal_points_of(plan), notifications.lab_url(plan)
    else:
        thread = comment.parent or comment
        people = [
            c.author for c in [thread, *thread.replies.all()] if c.author and is_reviewer(c.author)
        ] or notifications.reviewers_of(plan)
        url = notifications.review_url(plan)
    notifications.notify(
        set(people),
        Notification.Event.COMMENTED,
        plan=plan,
        actor=author,
        message=comment.body,
        url=f"{url}#comment-{comment.pk}",
    )


def _back(request, fallback, anchor="", **kwargs):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = resolve_url(fallback, **kwargs)
    if anchor:
        target = f"{target.partition('#')[0]}#{anchor}"
    return redirect(target)


@login_required
def notification_list(request):
    items = Notification.objects.filter(recipient=request.user).select_related("plan", "actor")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "review/notifications.html", {"page": page})


@login_required
def notification_open(request, pk):
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return redirect(item.url or "review:notifications")


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    return redirect("review:notifications")
