"""Local development: DEBUG on, emails to the console, demo logins allowed."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env_bool

DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = ["*"]
DEMO_USERS_ALLOWED = True
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# The reader's 404, not Django's technical page listing the URL patterns;
# DJANGO_DEBUG_404=true brings the technical page back (movement/operations/errors.py).
DEBUG_404 = env_bool("DJANGO_DEBUG_404", False)
MIDDLEWARE = [*MIDDLEWARE, "movement.operations.errors.BrandedNotFoundMiddleware"]
