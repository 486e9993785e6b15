"""Every public page type, for the layout and the HTML validity checks: the
pages of test_accessibility.py plus the logged-in member's home."""

from .test_accessibility import PUBLIC_PAGES

MEMBER_EMAIL = "medlem@example.org"
# (artefact name, path, expected status, logged in as the demo member)
PAGE_TYPES = [(name, path, status, False) for name, path, status, _heading in PUBLIC_PAGES] + [
    ("member-home", "/medlem/", 200, True),
]
PAGE_IDS = [p[0] for p in PAGE_TYPES]


def member_session_cookie():
    """A session of the demo member on the live site (same database)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=MEMBER_EMAIL))
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
