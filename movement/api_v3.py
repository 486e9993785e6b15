"""Wagtail 8's typed API (`/api/v3/`, OpenAPI at `/api/v3/openapi.json`,
interactive docs at `/api/v3/docs/`, Swagger UI from our own static files).

The page types' v3 types are set up in `movement.api_v3_schemas`; reads
are open, writes need `Authorization: Bearer <token>` (Wagtail's APIToken)
and anonymous writes get 401.
"""

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

__all__ = ["api"]
