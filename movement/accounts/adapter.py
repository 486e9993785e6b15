"""allauth's emails in the movement's voice: they name the movement (from the
site settings), never the host ("Hej fra 127.0.0.1:8000!") and never the
username allauth derives from the email address, which a member never chose
and cannot log in with (login is by email only)."""

from django.conf import settings

from allauth.account.adapter import DefaultAccountAdapter


class MemberAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        from movement.models import SiteSettings

        request = getattr(self, "request", None)
        site_url = request.build_absolute_uri("/") if request is not None else settings.WAGTAILADMIN_BASE_URL + "/"
        context = {
            **context,
            "movement_name": SiteSettings.load().organisation_name,
            "site_url": site_url,
        }
        context.pop("username", None)
        return super().send_mail(template_prefix, email, context)
