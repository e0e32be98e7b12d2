"""Two-factor authentication with django-otp: an authenticator app (TOTP) and recovery codes (static
tokens, for a lost phone).

A session is verified (`django_otp.login` after a code) or not. A signed-in user who has a confirmed
device, staff or not, reaches nothing but sign-out and the code page until the session is verified;
staff without a device (while STAFF_TWO_FACTOR_REQUIRED) reach only the set-up page. Adding an
authenticator needs the password again, and a verified session when a device already exists.
`TwoFactorMiddleware` enforces it on every request; the views check it again.
"""

from base64 import b32encode
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connections, transaction
from django.db.models import Exists, OuterRef, StringAgg, Subquery, Value
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


# --- Rules --------------------------------------------------------------------------------------


def requires_two_factor(user) -> bool:
    """Staff (curators, fund reviewers, admin users) must use two-factor authentication."""
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser or roles.is_staff_member(user)))


def must_enrol(user) -> bool:
    """Staff without a confirmed device, while the setting requires it: set-up before anything else."""
    return (
        getattr(settings, "STAFF_TWO_FACTOR_REQUIRED", True)
        and requires_two_factor(user)
        and not django_otp.user_has_device(user)
    )


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


# --- Services -----------------------------------------------------------------------------------


@transaction.atomic
def recovery_codes_create(*, user) -> list[str]:
    """New recovery codes for `user` (the old ones stop working); each opens one session once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def authenticator_confirm(*, user, device: TOTPDevice) -> TOTPDevice:
    """The new authenticator replaces every other one of the account (a lost or old phone)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def two_factor_reset(*, user, actor) -> int:
    """Removes every device of `user` (authenticators and recovery codes), recorded in the admin log;
    staff must then set up an authenticator again at their next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=str(_("Two-factor devices reset: authenticators and recovery codes removed.")),
        single_object=True,
    )
    return removed


# --- Forms --------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app, or a recovery code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class SetupForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


# --- Views --------------------------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _to(name: str, next_url: str):
    return redirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


class LoginView(auth_views.LoginView):
    """Public. Password sign-in; a user with a confirmed device is then asked for a code."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if django_otp.user_has_device(form.get_user()):
            return _to("two_factor_verify", self.get_success_url())
        return response


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """Signed-in users with a confirmed device: a code from the app or a recovery code verifies
    this session."""

    form_class = TokenForm
    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not django_otp.user_has_device(request.user):
            return redirect("two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = django_otp.match_token(self.request.user, form.cleaned_data["token"].strip().lower())
        if device is None:
            form.add_error(
                "token", _("This code is not valid. Codes change every 30 seconds; try the current one.")
            )
            return self.form_invalid(form)
        self.request.session.cycle_key()
        django_otp.login(self.request, device)
        if isinstance(device, StaticDevice):
            messages.warning(
                self.request,
                _("You used a recovery code; %(n)s left. Set up your authenticator again if you lost it.")
                % {"n": recovery_codes_left(user=self.request.user)},
            )
        return redirect(_safe_next(self.request, "home"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request, "home"), **kwargs)


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Signed-in users: add an authenticator app (scan the code, give the password and a code from
    the app). With a device already, only from a verified session; the new one replaces the old."""

    form_class = SetupForm
    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and django_otp.user_has_device(user) and not is_verified(user):
            return _to("two_factor_verify", request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="authenticator", confirmed=False
        )

    def form_valid(self, form):
        device = self.get_device()
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error(
                "token", _("This code is not valid. Check the time on your phone and try the current code.")
            )
            return self.form_invalid(form)
        authenticator_confirm(user=self.request.user, device=device)
        self.request.session.cycle_key()
        django_otp.login(self.request, device)
        messages.success(self.request, _("Two-factor authentication is on for your account."))
        next_url = _safe_next(self.request, "home")
        if not recovery_codes_left(user=self.request.user):
            return _to("two_factor_recovery", next_url)
        return redirect(next_url)

    def get_context_data(self, **kwargs):
        device = self.get_device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = BytesIO()
        image.save(buffer)
        svg = buffer.getvalue().decode().split("?>", 1)[-1]
        return super().get_context_data(
            qr_svg=mark_safe(svg),  # noqa: S308  (generated by qrcode from our own data)
            secret=b32encode(device.bin_key).decode(),
            has_confirmed=django_otp.user_has_device(self.request.user),
            required=requires_two_factor(self.request.user),
            next=_safe_next(self.request, "home"),
            **kwargs,
        )


class RecoveryCodesView(LoginRequiredMixin, TemplateView):
    """Signed-in users with two-factor on, from a verified session: new recovery codes, shown once."""

    template_name = "registration/two_factor_recovery.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not is_verified(user):
            has_device = django_otp.user_has_device(user)
            return _to("two_factor_verify" if has_device else "two_factor_setup", request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            left=recovery_codes_left(user=self.request.user), next=_safe_next(self.request, "home"), **kwargs
        )

    def post(self, request, *args, **kwargs):
        codes = recovery_codes_create(user=request.user)
        response = render(
            request, self.template_name, {**self.get_context_data(), "codes": codes, "left": len(codes)}
        )
        response["Cache-Control"] = "no-store"
        return response


# --- Enforcement --------------------------------------------------------------------------------


ROLE_SEPARATOR = "\x1f"


# The query below is built by the ORM once per process (per database and set of device kinds) and
# then sent as compiled SQL: building it (two EXISTS and a grouped subquery) cost more CPU than the
# rest of the signed-in request's plumbing. _ANY_USER stands for the user's primary key while it is built.
_ANY_USER = -(2**31) + 17
_compiled: dict[tuple, tuple[str, tuple]] = {}


def _device_and_roles_query(model, classes):
    """The ORM's query: one row (of the user _ANY_USER) with a flag per kind of device and the role names."""
    anyone = model(pk=_ANY_USER)
    devices = {
        f"device_{n}": Exists(cls.objects.devices_for_user(anyone, confirmed=True))
        for n, cls in enumerate(classes)
    }
    field = model._meta.get_field("groups")
    source = field.m2m_field_name()
    names = (
        field.remote_field.through.objects.filter(**{source: OuterRef("pk")})
        .order_by()
        .values(source)
        .annotate(names=StringAgg(f"{field.m2m_reverse_field_name()}__name", Value(ROLE_SEPARATOR)))
        .values("names")
    )
    return (
        model._default_manager.filter(pk=_ANY_USER)
        .annotate(**devices, role_list=Subquery(names))
        .values(*devices, "role_list")
        .order_by()[:1]
    )


def device_and_roles(user) -> bool:
    """django_otp.user_has_device(user) (a confirmed device of any kind), read in one query with the
    user's role names, which it keeps on the user for the request (roles.role_names): the menu, the
    enrolment rule and the views ask for them next. One query on every signed-in request instead of
    one per kind of device plus one for the groups."""
    model = get_user_model()
    classes = tuple(django_otp.device_classes())
    using = model._default_manager.db
    key = (using, connections[using].vendor, model, classes)
    if key not in _compiled:
        query = _device_and_roles_query(model, classes).query
        sql, params = query.get_compiler(using).as_sql()
        _compiled[key] = (sql, tuple(params))
    sql, params = _compiled[key]
    pk = model._meta.pk.get_db_prep_value(user.pk, connections[using])
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [pk if type(p) is int and p == _ANY_USER else p for p in params])
        row = cursor.fetchone()
        columns = [column[0] for column in cursor.description]
    if row is None:
        return False
    row = dict(zip(columns, row, strict=True))
    if getattr(user, "_role_names", None) is None:
        user._role_names = (
            frozenset(row["role_list"].split(ROLE_SEPARATOR)) if row["role_list"] else frozenset()
        )
    return any(row[f"device_{n}"] for n in range(len(classes)))


class TwoFactorMiddleware:
    """A signed-in user who must verify (a confirmed device, or staff without one) is sent to the
    code page (or the set-up page) from anywhere but sign-out, the language switch and those pages.
    Needs django-otp's OTPMiddleware before it."""

    ALWAYS_ALLOWED = {"logout", "admin:logout", "set_language", "health", "two_factor_verify"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not is_verified(user):
            has_device = device_and_roles(user)
            if has_device or must_enrol(user):
                allowed = self.ALWAYS_ALLOWED if has_device else self.ALWAYS_ALLOWED | {"two_factor_setup"}
                try:
                    name = resolve(request.path_info).view_name
                except Resolver404:
                    name = ""
                if name not in allowed:
                    target = "two_factor_verify" if has_device else "two_factor_setup"
                    return _to(target, request.get_full_path())
        return self.get_response(request)
