"""Rate limits by URL, in one middleware, so no view needs a decorator.

A fixed-window counter per (rule, client IP) in the Django cache: Redis when
`REDIS_URL` is set (shared by every gunicorn worker), local memory otherwise
(per process, so the effective limit is multiplied by the worker count).
Rules live in `settings.RATELIMIT_RULES`; docs/security.md has the table.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from movement.api.problems import problem_response
from movement.security.clients import client_ip

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """ "5/m" -> (5, 60); "20/5m" -> (20, 300)."""
    count, _sep, period = rate.partition("/")
    unit = period[-1]
    multiplier = int(period[:-1] or 1)
    return int(count), multiplier * PERIODS[unit]


def matching_rules(request):
    for rule in getattr(settings, "RATELIMIT_RULES", ()):
        if request.method not in rule["methods"]:
            continue
        if not request.path.startswith(rule["path"]):
            continue
        if rule.get("param") and rule["param"] not in request.GET:
            continue
        yield rule


def hit(rule, ip):
    """Count one request; return seconds to wait if over the limit, else 0."""
    limit, period = parse_rate(rule["rate"])
    now = int(time.time())
    window = now // period
    key = f"ratelimit:{rule['name']}:{ip}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return (window + 1) * period - now
    return 0


def too_many_requests(request, retry_after):
    message = _("Du har sendt for mange forespørgsler på kort tid. Vent lidt, og prøv igen.")
    if request.path.startswith("/api/"):
        response = problem_response(429, message, retry_after=retry_after)
    else:
        html = render_to_string("429.html", {"message": message, "retry_after": retry_after}, request=request)
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Answers 429 (Danish page, or JSON under /api/) with Retry-After when a
    client exceeds a rule's rate. Off when `RATELIMIT_ENABLE` is false."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "RATELIMIT_ENABLE", True):
            ip = client_ip(request)
            for rule in matching_rules(request):
                retry_after = hit(rule, ip)
                if retry_after:
                    return too_many_requests(request, retry_after)
        return self.get_response(request)
