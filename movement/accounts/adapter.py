"""allauth's emails link to PUBLIC_BASE_URL, not to whatever host the request named.

allauth builds confirmation and password-reset links with
`request.build_absolute_uri`: behind a proxy or an internal hostname that is
not where members read the site (movement/operations/site_url.py)."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from allauth.account.adapter import DefaultAccountAdapter

from movement.operations.site_url import absolute_url


def _public(url):
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class MemberAccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation):
        return _public(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return _public(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        # Links allauth puts into other emails (e.g. "reset it here").
        for key in ("password_reset_url", "signup_url", "activate_url"):
            if context.get(key):
                context[key] = _public(context[key])
        # "… an account on {{ current_site.domain }}": the public host.
        context.setdefault("current_site", PublicSite())
        return super().send_mail(template_prefix, email, context)


class PublicSite:
    """What allauth's templates read from `current_site`, from the public URL."""

    @property
    def domain(self):
        return urlsplit(absolute_url("/")).netloc

    @property
    def name(self):
        return settings.WAGTAIL_SITE_NAME
