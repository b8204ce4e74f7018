import hashlib
import math
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext, override
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from labs.models import Membership
from labs.roles import home_for

from .forms import InviteForm, SignInForm, users_with_email
from .models import language_of, set_language_of

User = get_user_model()


# Sign-in throttling: attempts counted in the cache per e-mail and per client address, over a
# fixed window that starts with the first attempt. Each attempt takes its place in the count
# (cache.incr, atomic) before the password is checked, so parallel requests cannot all pass a
# check made before any of them is counted. A failure keeps its place; a success or a form that
# checked no password gives it back. LocMem is per process: with several workers each counts
# on its own, which still bounds guessing; a shared cache makes the limits exact.


def _keys(kind: str, value: str) -> tuple[str, str]:
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"accounts:sign-in:{kind}:{digest}", f"accounts:sign-in:{kind}:{digest}:since"


def _limits(request, email: str):
    window = settings.ALP_SIGN_IN_WINDOW_SECONDS
    yield _keys("email", email.strip().lower()), settings.ALP_SIGN_IN_MAX_FAILURES, window
    address = client_address(request)
    yield _keys("address", address), settings.ALP_SIGN_IN_MAX_FAILURES_PER_ADDRESS, window


def client_address(request) -> str:
    """The client's address: the proxy's last X-Forwarded-For entry when a proxy is trusted."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _reserve_attempt(request, email: str) -> tuple[list[str], int]:
    """Count this attempt under every limit: (the counts taken, seconds to wait).

    When a limit is reached, the counts are given back and the wait is positive; the password
    must then not be checked.
    """
    taken, wait = [], 0
    for (count_key, since_key), limit, window in _limits(request, email):
        cache.add(since_key, time.time(), window)
        cache.add(count_key, 0, window)
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired between add() and incr()
            cache.set(count_key, 1, window)
            count = 1
        if count == 1:
            # Redis's incr() recreates, without expiry, a key that expired after add(): the
            # count of a new window must expire, or the lock would never lift.
            cache.touch(count_key, window)
        taken.append(count_key)
        if count > limit:
            since = cache.get(since_key) or time.time()
            wait = max(wait, int(since + window - time.time()), 1)
    if wait:
        _give_back(taken)
    return taken, wait


def _give_back(count_keys) -> None:
    for key in count_keys:
        try:
            cache.decr(key)
        except ValueError:  # expired, or cleared by a successful sign-in
            pass


def _clear_failures(email: str) -> None:
    cache.delete_many(_keys("email", email.strip().lower()))


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    next_url = _safe_next(request)
    if request.method != "POST":
        form = SignInForm(request)
        return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})

    email = request.POST.get("email", "")
    taken, wait = _reserve_attempt(request, email)
    if wait:
        # A fresh form: validating this one would check the password and tell whether it fits.
        form = SignInForm(request, initial={"email": email})
        context = {"form": form, "next": next_url, "locked": math.ceil(wait / 60)}
        return render(request, "accounts/sign_in.html", context, status=429)

    form = SignInForm(request, data=request.POST)
    if not form.has_error("__all__", "invalid"):
        # Signed in, or no password was checked: the attempt is not a failure.
        _give_back(taken)
    if form.is_valid():
        _clear_failures(email)
        auth_login(request, form.user)
        response = redirect(next_url or home_for(form.user))
        set_language_of(form.user, request.LANGUAGE_CODE, keep_existing=True)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # On a browser where no language was chosen, the one the person chose before follows.
            _set_language_cookie(response, language_of(form.user))
        return response
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@require_POST
def sign_out(request):
    auth_logout(request)
    messages.info(request, gettext("You are signed out."))
    return redirect(settings.LOGIN_REDIRECT_URL)


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """Django's language switch (a cookie), also remembered for a signed-in person: e-mails to
    them are then written in it."""
    response = i18n.set_language(request)
    if request.user.is_authenticated:
        set_language_of(request.user, request.POST.get("language", ""))
    return response


def _invitation_link(request, user) -> str:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def _log(user, obj, action_flag, change_message) -> None:
    """An entry in the object's history in the admin, as if `user` had made the change there."""
    LogEntry.objects.log_actions(user.pk, [obj], action_flag, change_message, single_object=True)


@never_cache
def invite(request):
    """Staff add a focal point to a lab, creating the account when needed, and e-mail them."""
    if not (request.user.is_active and request.user.is_staff):
        # The page is not there for anyone else.
        raise Http404
    form = InviteForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        email, lab, name = (form.cleaned_data[k] for k in ("email", "lab", "name"))
        with transaction.atomic():
            user = users_with_email(email).first()
            if user is None:
                first, _, last = name.strip().partition(" ")
                user = User(username=email, email=email, first_name=first, last_name=last)
                user.set_unusable_password()
                user.full_clean()
                user.save()
                _log(request.user, user, ADDITION, [{"added": {}}])
            membership, joined = Membership.objects.get_or_create(user=user, lab=lab)
            if joined:
                # Recorded as the admin records a membership added on the lab's page.
                added = {"name": str(Membership._meta.verbose_name), "object": str(membership)}
                _log(request.user, lab, CHANGE, [{"added": added}])
            if form.cleaned_data["language"]:
                set_language_of(user, form.cleaned_data["language"], keep_existing=True)
            context = {
                "user": user,
                "lab": lab,
                "invited_by": request.user,
                "sign_in_url": request.build_absolute_uri(reverse("accounts:sign_in")),
                # Someone who already has a password only needs to know about the new lab.
                "set_password_url": None
                if user.has_usable_password()
                else _invitation_link(request, user),
            }
            # Kept in the outbox with the membership (the worker sends it): a mail server that
            # is down delays the e-mail, and neither loses it nor fails the invitation.
            with override(language_of(user)):
                send_mail(
                    gettext("ALP Portal: you are a focal point of %(lab)s") % {"lab": lab.name},
                    render_to_string("accounts/emails/invitation.txt", context),
                    None,
                    [user.email],
                )
        if joined:
            message = gettext("%(email)s is now a focal point of %(lab)s; an e-mail went to them.")
        else:
            message = gettext(
                "%(email)s was already a focal point of %(lab)s; an e-mail went to them."
            )
        messages.success(request, message % {"email": user.email, "lab": lab.name})
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})
