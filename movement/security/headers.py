"""Response headers Django has no setting for."""

from django.conf import settings

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Wagtail 8's admin still writes inline <script> for choosers, date pickers and
# inline panels (wagtail/wagtail#1288), and frames its own previews. The admin
# gets exactly these relaxations; the public site keeps the strict policy.
ADMIN_CSP_OVERRIDES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}


def _rewrite(header, overrides):
    directives = [part.strip() for part in header.split(";") if part.strip()]
    kept = [part for part in directives if part.split(" ", 1)[0] not in overrides]
    return "; ".join([*kept, *(f"{name} {' '.join(values)}" for name, values in overrides.items())])


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; the admin's CSP relaxations; and
    framing denied except where Wagtail itself allows same-origin framing (its
    preview views set `X-Frame-Options: SAMEORIGIN` on their responses).

    Sits just below django-csp's middleware so it sees the response first.
    Wagtail renders previews through the middleware stack itself, so a preview
    response may already carry the site's policy: then the header is rewritten.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        overrides = {}
        if request.path_info.startswith("/admin/"):
            overrides.update(ADMIN_CSP_OVERRIDES)
        if response.headers.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            overrides["frame-ancestors"] = ["'self'"]
        if overrides:
            header = response.headers.get("Content-Security-Policy")
            if header:
                response.headers["Content-Security-Policy"] = _rewrite(header, overrides)
            else:
                response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), **overrides}
        return response
