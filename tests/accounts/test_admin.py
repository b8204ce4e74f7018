"""Who holds which rights is changed by administrators only, also in the admin."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from labs.models import Membership

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def account_form(user, **flags):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "00:00:00",
    }
    return data | {name: "on" for name, on in flags.items() if on}


def lab_form(lab, *members):
    prefix = "membership_set"
    data = {
        "name": lab.name,
        "slug": lab.slug,
        "country": lab.country,
        "region": lab.region,
        f"{prefix}-TOTAL_FORMS": str(len(members)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, user in enumerate(members):
        data |= {f"{prefix}-{index}-user": user.pk, f"{prefix}-{index}-role": "focal_point"}
    return data


def test_a_reviewer_without_permissions_reaches_neither_accounts_nor_labs(client, rita, zambia):
    client.force_login(rita)
    assert client.get(reverse("admin:auth_user_change", args=[rita.pk])).status_code == 403
    assert client.get(reverse("admin:labs_lab_change", args=[zambia.pk])).status_code == 403


def test_a_reviewer_given_account_permissions_changes_no_account(client, rita, root, alice):
    grant(rita, "view_user", "change_user", "delete_user", "add_user")
    client.force_login(rita)

    # Not her own rights, nor an administrator's password...
    url = reverse("admin:auth_user_change", args=[rita.pk])
    response = client.post(url, account_form(rita, is_staff=True, is_superuser=True))
    assert response.status_code == 403
    rita.refresh_from_db()
    assert not rita.is_superuser
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.get(password_url).status_code == 403
    action = {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"}
    client.post(reverse("admin:auth_user_changelist"), action)
    assert type(root).objects.filter(pk=root.pk).exists()

    # ...nor a focal point's e-mail, which a password reset would turn into her way in.
    url = reverse("admin:auth_user_change", args=[alice.pk])
    response = client.post(url, account_form(alice) | {"email": "rita.private@example.org"})
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert client.get(reverse("admin:auth_user_add")).status_code == 403

    # She may look.
    assert client.get(url).status_code == 200


def test_a_reviewer_given_group_permissions_cannot_change_a_group(client, rita):
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.user_set.add(rita)
    grant(rita, "view_group", "change_group")
    client.force_login(rita)
    everything = [p.pk for p in Permission.objects.all()]
    url = reverse("admin:auth_group_change", args=[reviewers.pk])
    response = client.post(url, {"name": "Reviewers", "permissions": everything})
    assert response.status_code == 403
    assert not reviewers.permissions.exists()


def test_a_reviewer_given_lab_permissions_cannot_add_a_membership(client, rita, zambia):
    grant(rita, "view_lab", "change_lab", "view_user")
    grant(rita, "add_membership", "change_membership", "delete_membership", "view_membership")
    client.force_login(rita)
    response = client.post(
        reverse("admin:labs_lab_change", args=[zambia.pk]), lab_form(zambia, rita)
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=rita).exists()


def test_an_administrator_makes_a_reviewer_a_focal_point_and_it_is_recorded(
    client, root, rita, zambia
):
    client.force_login(root)
    response = client.post(
        reverse("admin:labs_lab_change", args=[zambia.pk]), lab_form(zambia, rita)
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=rita, lab=zambia).exists()
    entry = LogEntry.objects.get(user=root)
    assert (entry.action_flag, entry.get_edited_object()) == (CHANGE, zambia)
    assert entry.get_change_message() == "Added membership “rita @ Zambia”."


def test_an_email_differing_only_in_case_is_refused_in_the_admin(client, root, alice, bob):
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[bob.pk])
    response = client.post(url, account_form(bob) | {"email": "ALICE@Example.org"})
    assert response.status_code == 200
    assert "Another account uses this e-mail" in str(response.context["adminform"].form.errors)
    bob.refresh_from_db()
    assert bob.email == "bob@example.org"

    data = {"username": "alice2", "email": "Alice@example.org", "usable_password": "false"}
    response = client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 200
    assert "Another account uses this e-mail" in str(response.context["adminform"].form.errors)
    assert not type(alice).objects.filter(username="alice2").exists()
