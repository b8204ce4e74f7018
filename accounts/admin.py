"""Accounts and groups in the admin: only administrators change them.

An account holds rights (staff, superuser, groups, permissions) and the way in (e-mail,
password); a group holds permissions. Whoever else was given permissions on them may at most
look: changing an ordinary account's e-mail or password would take it over, with its labs.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from labs.roles import is_administrator

from .forms import users_with_email

User = get_user_model()


class AdministratorsOnly:
    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


class UniqueEmailMixin:
    """An address differing only in case is the same address: one account each."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and users_with_email(email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account uses this e-mail (whatever its case)."))
        return email


class AccountChangeForm(UniqueEmailMixin, UserChangeForm):
    pass


class AccountCreationForm(UniqueEmailMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "email")


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(AdministratorsOnly, UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Group)
class RightsGroupAdmin(AdministratorsOnly, GroupAdmin):
    pass
