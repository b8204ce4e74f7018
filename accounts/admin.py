"""Accounts and groups in the admin: who holds which rights is for administrators to change.

Someone given permissions on accounts without being an administrator may look after ordinary
accounts (names, e-mail, active), but never grant rights (staff, superuser, groups,
permissions) nor change a reviewer's or an administrator's account, its password included.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from .forms import users_with_email
from .roles import is_administrator

RIGHTS = ("is_staff", "is_superuser", "groups", "user_permissions")


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
class AccountAdmin(UserAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if is_administrator(request.user):
            return fields
        return (*fields, *RIGHTS)

    def has_change_permission(self, request, obj=None):
        return self._may_touch(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_touch(request, obj) and super().has_delete_permission(request, obj)

    def _may_touch(self, request, obj) -> bool:
        holds_rights = obj is not None and (obj.is_staff or obj.is_superuser)
        return is_administrator(request.user) or not holds_rights


@admin.register(Group)
class RightsGroupAdmin(GroupAdmin):
    """A group's permissions are rights: only administrators change them."""

    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)
