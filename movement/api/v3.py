"""Wagtail 8's typed API (`/api/v3/`, OpenAPI at `/api/v3/openapi.json`,
interactive docs at `/api/v3/docs/`, Swagger UI from our own static files).

The page types' v3 types are set up in `movement.api.v3_schemas`; reads
are open, writes need `Authorization: Bearer <token>` (Wagtail's APIToken)
and anonymous writes get 401.
"""

import json

from wagtail.api.v3.api import api

api.title = "Samskabelse API"
api.description = (
    "Den Nationale Samskabelsesbevægelses sider som JSON. Læsning er åben; skrivning kræver "
    "`Authorization: Bearer <token>` (Wagtails API-tokens). Se docs/api.md."
)

_stock_get_openapi_schema = api.get_openapi_schema


def get_openapi_schema(*args, **kwargs):
    """Ninja describes the anonymous fallback auth as `{"type": "http"}`
    without the `scheme` OpenAPI 3 requires; it is not a real scheme, so
    drop it (anonymous reads need no security requirement)."""
    schema = _stock_get_openapi_schema(*args, **kwargs)
    schemes = schema.get("components", {}).get("securitySchemes", {})
    broken = {name for name, value in schemes.items() if value.get("type") == "http" and "scheme" not in value}
    for name in broken:
        del schemes[name]
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = [req for req in operation["security"] if not (set(req) & broken)] + (
                    [{}] if any(set(req) & broken for req in operation["security"]) else []
                )
    return schema


api.get_openapi_schema = get_openapi_schema


class CompactJSONRenderer(type(api.renderer)):
    """Compact JSON, as API v2; pretty with `Accept: application/json; indent=N`."""

    def render(self, request, data, *, response_status):
        indent = None
        for part in request.headers.get("Accept", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name == "indent" and value.isdigit():
                indent = min(int(value), 8)
        params = {"indent": indent} if indent else {"separators": (",", ":")}
        return json.dumps(data, cls=self.encoder_class, **params)  # per call: the renderer is shared by threads


api.renderer = CompactJSONRenderer()

__all__ = ["api"]


# Largest offset/limit the database can take (PostgreSQL bigint, SQLite int64)
# with room to spare; anything bigger is a client error, not a 500.
MAX_PAGINATION_VALUE = 10**12


class APIV3ParameterGuard:
    """Answer 400 (JSON naming the parameter) for query values that would
    reach the database as errors in Wagtail's v3 routers: NUL bytes (PostgreSQL
    text cannot hold them) and offsets/limits beyond any integer column."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/v3/"):
            problem = self.problem(request)
            if problem:
                from django.http import JsonResponse

                return JsonResponse({"detail": problem}, status=400)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return f"{name.replace(chr(0), '')}: NUL-tegn er ikke tilladt."
        for name in ("offset", "limit"):
            value = request.GET.get(name)
            if value is not None and value.strip().lstrip("+-").isdigit() and abs(int(value)) > MAX_PAGINATION_VALUE:
                return f"{name}: værdien er for stor (højst {MAX_PAGINATION_VALUE})."
        return None


def _register_query_validation_as_400():
    """A malformed query parameter on a read is a client error like any other:
    400 naming the parameter, as in API v2 and the contract. Request bodies
    of writes keep Wagtail's 422 (the body was understood but is invalid)."""
    from wagtail.api.v3.errors import problem_response

    from ninja.errors import ValidationError as NinjaValidationError

    stock_handler = api._exception_handlers.get(NinjaValidationError)

    def handler(request, exc):
        if request.method not in ("GET", "HEAD"):
            return stock_handler(request, exc)
        names = []
        for error in exc.errors:
            loc = [
                part
                for part in error.get("loc", ())
                if isinstance(part, str) and part not in ("query", "path", "filters", "pagination")
            ]
            if loc and loc[0] not in names:
                names.append(loc[0])
        return problem_response(
            status=400,
            detail=f"{', '.join(names) or 'parametre'}: ugyldig værdi.",
            errors=exc.errors,
        )

    api._exception_handlers[NinjaValidationError] = handler


_register_query_validation_as_400()
