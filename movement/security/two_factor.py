"""Two-factor authentication (TOTP) for the Wagtail admin, with django-otp.

Why our own: wagtail-2fa 1.8.0 imports `wagtail.users.widgets`, which Wagtail 8
removed, so it cannot be installed here. This is the small part of it we need:

- after the password (Wagtail's own login, with the axes lockout), an admin
  user who has a confirmed TOTP device is sent to `/admin/2fa/` and can use no
  other admin URL until a code from the authenticator app is accepted;
- `/admin/2fa/opsaet/` lets a logged-in admin user add a device (QR code plus
  the key typed by hand) and confirm it with a first code;
- with `ADMIN_2FA_REQUIRED` (production default) superusers without a device
  are sent to that set-up page before they can use the admin.

The members' login (allauth) is not affected. docs/security.md.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

import django_otp
from django_otp.plugins.otp_totp.models import TOTPDevice

ADMIN_PREFIX = "/admin/"
# Admin URLs an unverified user may still reach: the 2FA pages themselves,
# logging out, and the login page (to log in as someone else).
EXEMPT_PREFIXES = ("/admin/2fa/", "/admin/login/", "/admin/logout/", "/admin/jsi18n/", "/admin/sprite/")


def is_admin_user(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def _device_cache_key(user_id):
    return f"admin2fa:has-device:{user_id}"


def has_confirmed_device(user):
    """Cached, so an admin page view without 2FA costs no extra query; the
    signals below clear it whenever a device is added, confirmed or removed."""
    key = _device_cache_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = django_otp.user_has_device(user, confirmed=True)
        cache.set(key, value, 60)
    return value


@receiver([post_save, post_delete], sender=TOTPDevice)
def _forget_device_state(sender, instance, **kwargs):
    cache.delete(_device_cache_key(instance.user_id))


class AdminTwoFactorMiddleware:
    """Keeps a password-only session out of the admin when the user has a
    device (or must have one). Sits after django-otp's OTPMiddleware, which
    gives `request.user.is_verified()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_info = request.path_info
        if path_info.startswith(ADMIN_PREFIX) and not path_info.startswith(EXEMPT_PREFIXES):
            user = request.user
            if is_admin_user(user) and not user.is_verified():
                if has_confirmed_device(user):
                    return redirect(f"{reverse('admin_2fa_verify')}?next={request.get_full_path()}")
                if getattr(settings, "ADMIN_2FA_REQUIRED", False) and user.is_superuser:
                    return redirect(reverse("admin_2fa_setup"))
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kode fra din godkendelsesapp"),
        help_text=_("De seks cifre, appen viser lige nu."),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Koden består kun af cifre."))
        return token


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return reverse("wagtailadmin_home")
    return target


@never_cache
@login_required(login_url="/admin/login/")
def verify(request):
    """Second step of the admin login: a code from one of the user's devices."""
    if not is_admin_user(request.user):
        return redirect("/")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Koden er forkert eller udløbet. Prøv med den nye kode fra appen."))
    return TemplateResponse(request, "two_factor/verify.html", {"form": form, "next": _safe_next(request)}, status=200)


def _qr_svg(url):
    """The provisioning URL as an inline SVG (no JavaScript, no external service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - generated by qrcode, no user input


@never_cache
@login_required(login_url="/admin/login/")
def setup(request):
    """Add a TOTP device: scan the QR code, then confirm with a first code.

    An unconfirmed device is kept between the two steps; it protects nothing
    until confirmed. A user who is already protected must verify first.
    """
    user = request.user
    if not is_admin_user(user):
        return redirect("/")
    if django_otp.user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(f"{reverse('admin_2fa_verify')}?next={reverse('admin_2fa_setup')}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(_("Godkendelsesapp")), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            return TemplateResponse(request, "two_factor/setup.html", {"done": True})
        form.add_error("token", _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv igen."))
    from base64 import b32encode

    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
        "has_device": django_otp.user_has_device(user, confirmed=True),
    }
    return TemplateResponse(request, "two_factor/setup.html", context)


urlpatterns = [
    path("", verify, name="admin_2fa_verify"),
    path("opsaet/", setup, name="admin_2fa_setup"),
]
