import logging

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from labs.models import Lab

from .models import language_of

User = get_user_model()
logger = logging.getLogger(__name__)


def users_with_email(email: str):
    return User._default_manager.filter(email__iexact=email.strip())


class SignInForm(forms.Form):
    """E-mail and password. Usernames stay as they are; the e-mail finds the account."""

    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid": _("The e-mail or the password is not right. Both are checked as typed."),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if email and password:
            matches = list(users_with_email(email)[:2])
            if len(matches) == 1:
                # authenticate() checks is_active and runs the hasher.
                self.user = authenticate(
                    self.request, username=matches[0].get_username(), password=password
                )
            else:
                # Hash anyway so the answer takes as long for an unknown e-mail.
                User().set_password(password)
            if self.user is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.cleaned_data


class ResetRequestForm(PasswordResetForm):
    """Django's reset form, also for invited people who never set a password.

    Django skips accounts with an unusable password; here that only means an invitation whose
    link was lost or expired, and a reset link is the way back in.

    An address with no active account takes the same steps as one with an account (one query,
    a token, the e-mail rendered and handed over) for a stand-in that receives nothing, so that
    the time of the answer does not tell which addresses have an account.
    """

    def get_users(self, email):
        users = users_with_email(email).filter(is_active=True).select_related("profile")
        return list(users) or [User(email=email)]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        # The link goes out in the language of the person it is for, not of who asked.
        with override(language_of(user)):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
            message = EmailMultiAlternatives(subject, body, from_email, [to_email])
            try:
                with transaction.atomic():
                    # send() keeps the message in the outbox; its worker delivers it after the
                    # request. A stand-in's message (never saved) takes the same steps, then
                    # its savepoint is rolled back: nothing of it is kept, nor delivered.
                    kept = transaction.savepoint_create()
                    message.send()
                    if user.pk:
                        transaction.savepoint_commit(kept)
                    else:
                        transaction.savepoint_rollback(kept)
            except Exception:
                logger.exception("Failed to send a password reset e-mail to user %s", user.pk)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=Lab.objects.all())
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of their e-mails"),
        choices=[("", "—"), *settings.LANGUAGES],
        required=False,
        help_text=_("Someone who already chose a language keeps it."),
    )

    def __init__(self, *args, inviter, **kwargs):
        self.inviter = inviter
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        # An invitation gives the right to edit a lab's answers. Reviewers must not gain it, least
        # of all by their own hand: making a staff account a focal point is an administrator's
        # act in the admin, where it is recorded.
        if email == self.inviter.email.strip().lower():
            raise forms.ValidationError(_("You cannot invite yourself."))
        if users_with_email(email).filter(Q(is_staff=True) | Q(is_superuser=True)).exists():
            raise forms.ValidationError(
                _(
                    "This e-mail belongs to a reviewer or administrator account: an invitation "
                    "cannot make it a focal point. An administrator can add the membership in "
                    "the admin."
                )
            )
        if users_with_email(email).count() > 1:
            raise forms.ValidationError(
                _("Several accounts use this e-mail: add the membership in the admin.")
            )
        if (
            not users_with_email(email).exists()
            and User._default_manager.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _("An account with this username but another e-mail exists: use the admin.")
            )
        return email
