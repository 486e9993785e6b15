from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise (for load balancers)."""
    checks = {}
    status = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any database failure is "down"
        checks["database"] = f"error: {error.__class__.__name__}"
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "checks": checks}, status=status)


def no_django_admin(request):
    """Editors use the Wagtail admin; Django's own admin is not exposed."""
    raise Http404
