"""The login lockout's authentication backend (django-axes), see docs/security.md.

Its own module because django-axes' backend imports models, and
movement.security.clients is loaded by the logging configuration before apps are ready.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when `authenticate()` has no request.

    Every web login (Wagtail's admin form, allauth) passes the request; only
    code without one (the shell, `Client.login()` in tests) does not, and
    there is no client to lock out. The stock backend would raise instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
