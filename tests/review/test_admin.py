"""The review app in the admin: regional reviewers kept there, the rest listed read-only."""

import pytest
from django.urls import reverse

from review.models import Comment, Notification, ReviewerRegion
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_administrators_assign_reviewers_to_regions(client, root, rita):
    client.force_login(root)
    response = client.post(
        reverse("admin:review_reviewerregion_add"), {"user": rita.pk, "region": "RBA"}
    )
    assert response.status_code == 302
    assert ReviewerRegion.objects.get().user == rita


@pytest.mark.parametrize("model", ["revision", "comment", "notification"])
def test_revisions_comments_and_notifications_are_listed_read_only(client, root, rita, model):
    plan = make_plan()
    revision = plan.revisions.get()  # kept by the write that made the plan
    comment = Comment.objects.create(plan=plan, section="title", author=rita, body="Shorter?")
    notification = Notification.objects.create(recipient=rita, event="commented", url="/")
    item = {"revision": revision, "comment": comment, "notification": notification}[model]
    client.force_login(root)
    listing = client.get(reverse(f"admin:review_{model}_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [item]
    assert client.get(reverse(f"admin:review_{model}_add")).status_code == 403
    change = client.get(reverse(f"admin:review_{model}_change", args=[item.pk]))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    delete = client.post(reverse(f"admin:review_{model}_delete", args=[item.pk]), {"post": "yes"})
    assert delete.status_code == 403


def test_the_revision_list_links_to_the_plans_history(client, root):
    plan = make_plan()  # the write that makes it keeps its first revision
    client.force_login(root)
    page = client.get(reverse("admin:review_revision_changelist")).content.decode()
    assert reverse("review:history", args=[plan.pk]) in page


def test_the_review_admin_is_closed_to_reviewers_without_permissions(client, rita):
    client.force_login(rita)
    assert client.get(reverse("admin:review_revision_changelist")).status_code == 403
