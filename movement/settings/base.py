"""Settings shared by every environment.

Configuration comes from the environment only (12-factor); every variable is
listed in the README's table. Defaults give the embedded setup: SQLite, the
database search backend, a local-memory cache and media on local disk.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """Read a variable; an empty value counts as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default):
    value = env(name)
    return int(value) if value is not None else default


SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-only-for-local-use")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates and static files win.
    "movement",
    "home",
    "news",
    "events",
    "manifesto",
    "search",
    # Wagtail
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "ninja",  # serves the v3 docs' Swagger UI from our static files, not a CDN
    "csp",
    # Security (docs/security.md): login lockout, two-factor for the admin.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Members (allauth)
    "allauth",
    "allauth.account",
    # Background work (docs/operations.md): Django's tasks framework, its
    # database backend, run by `manage.py task_worker`.
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "movement.security.headers.SecurityHeadersMiddleware",
    # gzip for public HTML, feeds and JSON, cache hits included; never for a
    # response with a CSRF token or personal data (BREACH: movement/caching/compression.py).
    "movement.caching.compression.SafeGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers (docs/performance.md): before the
    # session and user middleware, so a hit touches no database.
    "movement.caching.page_cache.PageCacheMiddleware",
    # Site-wide facts (site, view restrictions, menu, settings) from memory,
    # checked against the shared stamps once per request (movement/caching/structure.py).
    "movement.caching.structure.RequestMemoMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "movement.security.ratelimit.RateLimitMiddleware",
    # Anonymous API reads, kept under the page cache's stamps: after the rate
    # limit and CORS, before sessions, so a hit runs no query (docs/performance.md).
    "movement.caching.api_cache.APIResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin users with a TOTP device must enter a code (docs/security.md).
    "django_otp.middleware.OTPMiddleware",
    "movement.security.two_factor.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # The admin's page search, kept per editor for a minute (movement/editing/kept_search.py).
    "movement.editing.kept_search.KeptAdminSearchMiddleware",
    # Last, so CORS headers are added to its 304s too (docs/api.md).
    "movement.caching.http_cache.APICacheMiddleware",
    # Innermost: every 4xx under /api/ as problem+json (movement/api/problems.py).
    "movement.api.problems.APIProblemMiddleware",
]

ROOT_URLCONF = "movement.urls"
WSGI_APPLICATION = "movement.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite by default (a file under var/, never tracked); DATABASE_URL switches.
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASE_ENGINE = DATABASES["default"]["ENGINE"]
USING_POSTGRES = "postgresql" in DATABASE_ENGINE
if USING_POSTGRES:
    # Needed for the database search backend's Danish text search config.
    INSTALLED_APPS.append("django.contrib.postgres")
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers and a writer work at once; busy timeout instead of
    # "database is locked" errors under concurrent requests.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # Every transaction takes the write lock when it begins (Django 5.1+), so
    # it waits for the busy timeout instead of failing "database is locked"
    # when a read inside it later turns into a write (docs/operations.md).
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "samskabelse"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "samskabelse",
            "TIMEOUT": 300,
        }
    }

# --- Page cache (docs/performance.md) --------------------------------------------
# Whole pages for anonymous readers. Entries: per worker in local memory, or
# Redis. Version stamps must be shared by every worker (an editor's publish
# reaches one worker): a file cache under VAR_DIR, or Redis.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Site-wide facts kept per worker until the shared stamps change.
STRUCTURE_CACHE_ENABLED = env_bool("STRUCTURE_CACHE_ENABLED", True)
PAGE_CACHE_ALIAS = "pages"
# Anonymous API responses (movement/caching/api_cache.py); follows PAGE_CACHE_ENABLED unless set.
API_CACHE_ENABLED = env_bool("API_CACHE_ENABLED", True) if env("API_CACHE_ENABLED") else None
PAGE_CACHE_VERSIONS_ALIAS = "page_versions"
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 600)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)  # browsers
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 600)  # CDNs and proxies
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": env("CACHE_KEY_PREFIX", "samskabelse") + "-pages"}
    CACHES["page_versions"] = {**CACHES["pages"], "TIMEOUT": None}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samskabelse-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 2000)},
    }
    CACHES["page_versions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "page-versions"),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
# A CDN in front (wagtail.contrib.frontend_cache): purged for the same URLs.
# FRONTEND_CACHE_URL: an HTTP PURGE endpoint (Varnish, nginx); or Cloudflare
# with CLOUDFLARE_BEARER_TOKEN and CLOUDFLARE_ZONE_ID.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_URL"),
    }
if env("CLOUDFLARE_BEARER_TOKEN") and env("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }

# --- Search -----------------------------------------------------------------
# One default backend per database engine (docs/search.md): two database
# backends share one index table and would overwrite each other's entries.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# Danish stemming, stop words, compounds and ae/oe/aa folding for every text
# field without an analyzer of its own come from the backend class
# (search/backends/elasticsearch_danish.py, under "analysis", not "index");
# anything set here is merged over them.
ELASTICSEARCH_INDEX_SETTINGS = {}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch_danish",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "samskabelse_"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": ELASTICSEARCH_INDEX_SETTINGS,
        }
    }
elif USING_POSTGRES:
    # Wagtail's database backend, Danish config, title ranked up.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.postgres_danish",
            "SEARCH_CONFIG": "danish",
        }
    }
else:
    # SQLite FTS5 has no Danish stemmer: ours stems index and queries.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.sqlite_danish",
        }
    }
# Search hits are counted in the cache and written to the promotions'
# daily hits at most this often (seconds; 0: only `manage.py flush_search_hits`).
SEARCH_HITS_FLUSH_INTERVAL = env_int("SEARCH_HITS_FLUSH_INTERVAL", 300)

# --- Passwords and accounts --------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out clients before any password is checked.
    "movement.security.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "/medlem/login/"
# Private document collections send anonymous readers to the members' login
# (Wagtail would otherwise use its bare /_util/login/ form).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Language and time -------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk"))]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("da", "Dansk")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk"), ("en", "English")]
# Wagtail 8.0 leaves the password field unlabelled ("Password"): movement/editing/language.py.
WAGTAILADMIN_USER_LOGIN_FORM = "movement.editing.language.LoginForm"
# strftime formats (not Django's "d.m.Y" syntax: Wagtail's date widgets would
# render that literally and then fail to parse it; docs/pitfalls.md).
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
# Cache-Control max-age of public media (images), from disk or the bucket.
MEDIA_CACHE_MAX_AGE = env_int("MEDIA_CACHE_MAX_AGE", 30 * 24 * 3600)
# Where uploads live (README, "Deployment"): `filesystem` (MEDIA_ROOT; the app
# serves public images itself, movement/media/serve.py) or `s3` (an
# S3-compatible bucket through django-storages, for several app servers).
MEDIA_STORAGE = env("MEDIA_STORAGE", "filesystem").strip().lower()
MEDIA_SERVE = MEDIA_STORAGE == "filesystem"
if MEDIA_STORAGE == "filesystem":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    from django.core.exceptions import ImproperlyConfigured

    AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")  # unset: Amazon S3 itself
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME")
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")  # unset: boto3's own chain (instance role, ~/.aws)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")  # a CDN in front of the bucket, e.g. media.samskabelse.dk
    AWS_S3_URL_PROTOCOL = env("AWS_S3_URL_PROTOCOL", "https:")
    AWS_LOCATION = env("AWS_LOCATION", "")  # key prefix inside the bucket
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE")  # `path` for MinIO and most self-hosted servers
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    # Images get public-read, everything else private (movement/media/storage.py);
    # false for buckets with ACLs disabled (then a bucket policy does it).
    AWS_S3_OBJECT_ACLS = env_bool("AWS_S3_OBJECT_ACLS", True)
    AWS_QUERYSTRING_AUTH = False  # image URLs are plain, cacheable addresses
    AWS_S3_FILE_OVERWRITE = False  # two uploads of "foto.jpg" keep both
    AWS_S3_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    MEDIA_STORAGE_BACKEND = {"BACKEND": "movement.media.storage.MediaS3Storage"}
    MEDIA_URL = (
        f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN}/"
        if AWS_S3_CUSTOM_DOMAIN
        else f"{(AWS_S3_ENDPOINT_URL or 'https://s3.amazonaws.com').rstrip('/')}/{AWS_STORAGE_BUCKET_NAME}/"
    )
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use filesystem or s3.")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Email ------------------------------------------------------------------


EMAIL_SCHEMES = ("smtp", "smtps", "console", "locmem", "dummy")


def parse_email_url(url):
    """`smtp://user:password@host:587?tls=true` -> Django email settings.

    An unknown scheme refuses to start: a typo (`consolemail://`) must not
    quietly become SMTP to localhost."""
    from django.core.exceptions import ImproperlyConfigured

    parts = urlparse(url)
    if parts.scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: ukendt skema {parts.scheme!r} (unknown scheme); "
            f"brug et af (use one of): {', '.join(s + ':' for s in EMAIL_SCHEMES)}"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_DELIVERY_BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}
    return {
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", "").lower() in {"1", "true", "yes"},
        "EMAIL_USE_SSL": parts.scheme == "smtps",
    }


EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    globals().update(parse_email_url(EMAIL_URL))
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    if env("EMAIL_HOST"):
        EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Every email is queued in the database and sent by the task worker with
# EMAIL_DELIVERY_BACKEND, retried while the mail server does not answer
# (movement/operations/mail.py): a dead mail server is never a 500.
EMAIL_BACKEND = "movement.operations.mail.QueuedEmailBackend"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
EMAIL_RETRY_BACKOFF = float(env("EMAIL_RETRY_BACKOFF", "30"))
# Days the admin's email log keeps a sent email's trace (subject, masked
# recipient) and a given-up email (with its text) before the worker deletes it.
EMAIL_LOG_DAYS = env_int("EMAIL_LOG_DAYS", 14)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Samskabelsesbevægelsen <noreply@samskabelse.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- CORS ---------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Den Nationale Samskabelsesbevægelse"


def parse_public_base_url(value):
    """`PUBLIC_BASE_URL` as scheme://host[:port] with no path, or a clear error.

    Wagtail's Site record can say http on any port, or https on 443
    (`Site.root_url`), and pages live at the root: anything else would make
    two kinds of absolute URL disagree."""
    from django.core.exceptions import ImproperlyConfigured

    parts = urlparse(value.strip())
    problem = None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        problem = "it must start with http:// or https:// and name a host"
    elif parts.path not in {"", "/"} or parts.query or parts.fragment or parts.username:
        problem = "it must be scheme://host[:port] with no path, query or login"
    else:
        try:
            port = parts.port
        except ValueError:
            port, problem = None, "its port is not a number"
        if parts.scheme == "https" and port not in {None, 443}:
            problem = "https works on port 443 only (Wagtail's Site record cannot say https on another port)"
        if parts.scheme == "http" and port == 443:
            problem = "port 443 means https"
    if problem:
        raise ImproperlyConfigured(f"PUBLIC_BASE_URL={value!r}: {problem}.")
    netloc = parts.hostname if parts.port in {None, 80, 443} else f"{parts.hostname}:{parts.port}"
    if ":" in parts.hostname:
        netloc = f"[{parts.hostname}]" + (f":{parts.port}" if parts.port not in {None, 80, 443} else "")
    return f"{parts.scheme}://{netloc}"


# One public base URL for every absolute URL: canonical, OpenGraph, JSON-LD,
# sitemap, robots, feeds, ICS, both APIs and every email (movement/operations/site_url.py).
# The default Site is kept in step after every migrate. WAGTAILADMIN_BASE_URL
# is still read as the old name for it.
PUBLIC_BASE_URL = parse_public_base_url(env("PUBLIC_BASE_URL", env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")))
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "odp", "rtf", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Alt text required on upload and before use on a page (movement/editing/alt_text.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "movement.editing.alt_text.AltTextImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party avatar images in the admin (privacy, and CSP img-src).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Tags: case-insensitive from the first migration (PITFALLS.md).
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_TAG_SPACES_ALLOWED = True

# Publish webhooks (issue: headless API).
PUBLISH_WEBHOOK_URLS = env_list("PUBLISH_WEBHOOK_URLS")
PUBLISH_WEBHOOK_SECRET = env("PUBLISH_WEBHOOK_SECRET", SECRET_KEY)
PUBLISH_WEBHOOK_MAX_ATTEMPTS = env_int("PUBLISH_WEBHOOK_MAX_ATTEMPTS", 4)
PUBLISH_WEBHOOK_BACKOFF = float(env("PUBLISH_WEBHOOK_BACKOFF", "2"))  # seconds before the 2nd attempt, doubling
PUBLISH_WEBHOOK_TIMEOUT = 5
# --- Background work (docs/operations.md) ------------------------------------
# `durable`: our webhooks and emails, rows in the database run by
# `manage.py task_worker` (movement/operations/tasks.py). `default` stays
# immediate: Wagtail's own small tasks (reference index, focal points, CDN
# purges) run in the request as before.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "durable": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"},
}
# Seconds an attempt may take before a crashed worker's claim is given up.
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 60)
# Seconds a due row may wait before the worker's sweep enqueues it again.
TASK_RECOVERY_GRACE = env_int("TASK_RECOVERY_GRACE", 30)

# Headless preview (docs/api.md): the frontend page that shows a draft, e.g.
# https://frontend.example.org/preview; empty: the editor sees the JSON.
HEADLESS_PREVIEW_URL = env("HEADLESS_PREVIEW_URL", "")
HEADLESS_PREVIEW_MAX_AGE = 30 * 60
API_CACHE_MAX_AGE = 60

# --- Members (django-allauth) -------------------------------------------------
ACCOUNT_ADAPTER = "movement.accounts.adapter.MemberAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samskabelsesbevægelsen] "
# allauth builds its email links from the request; the scheme follows the
# public URL (movement/accounts/adapter.py replaces the host with it too).
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlparse(PUBLIC_BASE_URL).scheme

# --- Security defaults (hardened further in production.py) -------------------
# Content-Security-Policy (django-csp): scripts only from our own origin, never
# inline. Styles allow inline because Wagtail's admin still sets style
# attributes (wagtail/wagtail#7053); embeds may frame YouTube and Vimeo.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        # Nobody frames us; SecurityHeadersMiddleware relaxes this to 'self'
        # for the admin's preview, which Wagtail marks SAMEORIGIN.
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
if MEDIA_URL.startswith(("http://", "https://")):
    # Images from the bucket or its CDN (MEDIA_STORAGE=s3).
    _media_origin = "/".join(MEDIA_URL.split("/")[:3])
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Abuse limits (docs/security.md) ----------------------------------------------
# How many proxies in front of gunicorn append to X-Forwarded-For; 0: use the
# socket's address. Rate limits and the login lockout count per client IP.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# Fixed windows per client IP, in the cache (Redis when REDIS_URL is set).
# rate: "N/period", period s, m, h or d with an optional multiplier ("20/5m").
# param: only requests with this query parameter count.
RATELIMIT_RULES = [
    {"name": "signup", "methods": ["POST"], "path": "/medlem/signup/", "rate": env("RATELIMIT_SIGNUP", "10/h")},
    {"name": "member-login", "methods": ["POST"], "path": "/medlem/login/", "rate": env("RATELIMIT_LOGIN", "30/10m")},
    {"name": "admin-login", "methods": ["POST"], "path": "/admin/login/", "rate": env("RATELIMIT_LOGIN", "30/10m")},
    {
        "name": "password-reset",
        "methods": ["POST"],
        "path": "/medlem/password/reset/",
        "rate": env("RATELIMIT_PASSWORD_RESET", "5/h"),
    },
    {
        "name": "registration",
        "methods": ["POST"],
        "path": "/arrangementer/",
        "rate": env("RATELIMIT_REGISTRATION", "20/h"),
    },
    {"name": "search", "methods": ["GET"], "path": "/search/", "rate": env("RATELIMIT_SEARCH", "120/m")},
    {
        "name": "api-search",
        "methods": ["GET"],
        "path": "/api/",
        "param": "search",
        "rate": env("RATELIMIT_SEARCH", "120/m"),
    },
]

# Login lockout (django-axes): 5 failures for one username from one IP lock
# that pair out for an hour, on the admin and the members' login alike.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "movement.security.clients.axes_username"
AXES_CLIENT_IP_CALLABLE = "movement.security.clients.client_ip"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful login (personal data)
AXES_SENSITIVE_PARAMETERS = ["password", "login", "email", "username"]
# Personal data: registrations are deleted (or anonymised) this many days after
# their event ended by `manage.py purge_registrations`, run daily from cron.
REGISTRATION_RETENTION_DAYS = env_int("REGISTRATION_RETENTION_DAYS", 90)

# allauth's own failed-login limit would answer before axes sees the attempt;
# axes is the one lockout for both logins. allauth's other limits stay.
ACCOUNT_RATE_LIMITS = {"login_failed": False}

# Two-factor authentication for the Wagtail admin (django-otp, TOTP; our
# movement/security/two_factor.py because wagtail-2fa 1.8.0 does not import on
# Wagtail 8). Anyone with a confirmed device must enter a code after the
# password; with ADMIN_2FA_REQUIRED (production default) superusers must set
# one up before they can use the admin.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = "Samskabelsesbevægelsen"

# --- Logging ------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {
        # Masks emails, IPv4 hosts and personal fields (movement/security/clients.py).
        "personal_data": {"()": "movement.security.clients.PersonalDataFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "plain"),
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # One "Starting worker" line per second of the worker's loop otherwise.
        "django_tasks_db": {"level": "WARNING"},
    },
}
