"""Security helpers shared by the rate limiter, the login lockout and logging.

Why they live together: all three must agree on who a client is (its IP) and
must never write personal data (emails, IPs) to the logs. docs/security.md.
"""

import logging
import re

from django.conf import settings


def client_ip(request):
    """The client's IP address.

    `REMOTE_ADDR` unless `TRUSTED_PROXY_COUNT` proxies (a load balancer, a
    reverse proxy) stand in front: then the address the outermost trusted proxy
    saw, counted from the right of X-Forwarded-For, which a client cannot forge
    (the leftmost entries are whatever the client sent).
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def axes_username(request, credentials):
    """The login name for django-axes, from either login form.

    Wagtail's admin posts `username`; allauth's member login posts `login` and
    authenticates with `email=`. Lower-cased so "Admin" and "admin" share a
    failure count.
    """
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "POST", {})
        value = data.get("username") or data.get("login") or data.get("email")
    return (value or "").strip().lower()[:255]


# --- No personal data in logs -------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
IPV4_RE = re.compile(r"\b(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}\b")
# Keys of dict-shaped log arguments whose values are personal data.
PERSONAL_KEYS = {"email", "name", "navn", "organisation", "job_title", "answers", "phone", "password", "login"}
MASK = "[skjult]"
# A LogRecord's own attributes ("name" is the logger's name) are never masked.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def mask_text(text):
    """Emails become `[email]`; IPv4 addresses lose their last octet."""
    text = EMAIL_RE.sub("[email]", text)
    return IPV4_RE.sub(r"\1.0", text)


class PersonalDataFilter(logging.Filter):
    """Masks email addresses, IPv4 hosts and known personal fields in every
    log record, whoever logged it (Django, allauth, axes, our own code).

    Installed on the handlers, so records from any logger pass through it.
    The message is rendered once, masked and frozen (`args` cleared); extra
    fields named like personal data are masked too (JSON logs include them).
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must still be logged
            message = str(record.msg)
        record.msg = mask_text(message)
        record.args = ()
        for key in list(vars(record)):
            if key not in _RECORD_ATTRIBUTES and key.lower() in PERSONAL_KEYS:
                setattr(record, key, MASK)
        if record.exc_info and not record.exc_text:
            # Exception messages can quote data (an IntegrityError names the
            # duplicate email); formatters reuse a ready exc_text.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
