"""Settings for the test suite: fast hashing, captured email, no HTTPS."""

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, MEDIA_STORAGE_BACKEND, env

DEBUG = False
DEMO_USERS_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Captured in mail.outbox at once; tests of the queue (movement/tests/test_mail_queue.py)
# switch EMAIL_BACKEND back to the queued backend.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# Django's test client asks for host "testserver": the public URL is there.
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process gets its own cache so tests do not see each other's pages.
CACHES["default"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tests",
}
# SQLite: a file, not Django's default in-memory database. The live server of
# the browser tests would otherwise share one connection between its threads,
# and Wagtail's admin sends concurrent requests (preview, autosave, publish):
# "cannot release savepoint - SQL statements in progress" (docs/pitfalls.md).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test_db.sqlite3")  # noqa: F405
# Parallel runs against one PostgreSQL (helpers, CI) must not share a test DB.
if env("TEST_DATABASE_NAME"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env("TEST_DATABASE_NAME")
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Abuse limits and the login lockout are off for the suite; tests/test_rate_limits.py
# and tests/test_lockout.py switch them on with override_settings.
RATELIMIT_ENABLE = False
AXES_ENABLED = False
ADMIN_2FA_REQUIRED = False
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The page cache would let one test see another's pages: off, except in
# movement/tests/test_page_cache.py, which turns it on with fresh caches.
PAGE_CACHE_ENABLED = False
# Tests roll back, so the on-commit bumps never run: a structure cached in
# one test would outlive it. On in the tests that run the callbacks
# (movement/tests/test_structure.py, test_query_counts.py).
STRUCTURE_CACHE_ENABLED = False
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-pages"}
CACHES["page_versions"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-pv"}
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
