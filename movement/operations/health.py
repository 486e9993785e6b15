import uuid

from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    """Round-trip a value: a cache that accepts writes but loses them is down."""
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("cache did not return the value it was given")


@never_cache
def healthz(request):
    """200 when the database and the cache answer, 503 otherwise (for load
    balancers and uptime checks). Names the failing part, never a traceback."""
    checks = {}
    status = 200
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "down"
            checks[name] = f"error: {error.__class__.__name__}"
            status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "checks": checks}, status=status)


def no_django_admin(request):
    """Editors use the Wagtail admin; Django's own admin is not exposed."""
    raise Http404
