"""Wagtail 8's typed API (`/api/v3/`, OpenAPI at `/api/v3/openapi.json`,
interactive docs at `/api/v3/docs/`, Swagger UI from our own static files).

The page types' v3 types are set up in `movement.api.v3_schemas`; reads
are open, writes need `Authorization: Bearer <token>` (Wagtail's APIToken)
and anonymous writes get 401.

On top of Wagtail, so that the OpenAPI document is exact (issue 18; a
snapshot in docs/api/openapi-v3.json, checked by schemathesis in CI):

- every 4xx a route can give is documented, with one `Problem` schema
  (`movement.api.problems`, the same shape API v2 answers with);
- a malformed query parameter on a read is a 400 naming it; a filter on a
  page that does not exist or is not public (`ancestor_of=1`, the tree's
  root) matches nothing (an empty listing, which also reveals nothing);
- numeric bounds (`limit`, `offset`, ids) and `order`'s values are what the
  server accepts; `pages/find/`'s redirect is documented;
- operations that cannot be called on this site (snippet actions when no
  snippet type has revisions: Wagtail gives their `type` as `const: ""`)
  are left out of the document.
"""

import json

from django.conf import settings
from django.db.models import Q

from wagtail.api.v3.api import api
from wagtail.api.v3.errors import problem_response

from ninja.errors import ValidationError as NinjaValidationError

from movement.api.problems import (
    ID_QUERY_PARAMETERS,
    MAX_ID,
    MAX_PAGINATION_VALUE,
    PROBLEM_JSON,
    PROBLEM_SCHEMA,
)

api.title = "Samskabelse API"
api.description = (
    "Den Nationale Samskabelsesbevægelses sider som JSON. Læsning er åben; skrivning kræver "
    "`Authorization: Bearer <token>` (Wagtails API-tokens). Se docs/api.md; ændringer i "
    "docs/api-changelog.md."
)

ERROR_DESCRIPTIONS = {
    400: "Malformed parameter: `detail` starts with its name.",
    401: "Authentication required, or the bearer token is not valid.",
    403: "The token's user may not do this.",
    404: "No such object, or not visible to the caller.",
    422: "The request body is invalid (writes).",
    429: "Too many requests: wait `Retry-After` seconds.",
}
READ_ERRORS = (400, 401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 422, 429)

# Kept for code that still names the old class (settings before issue 18).
from movement.api.problems import APIProblemMiddleware as APIV3ParameterGuard  # noqa: E402

__all__ = ["api", "APIV3ParameterGuard", "MAX_ID", "MAX_PAGINATION_VALUE"]

_stock_get_openapi_schema = api.get_openapi_schema


def _drop_broken_security(schema):
    """Ninja describes the anonymous fallback auth as `{"type": "http"}`
    without the `scheme` OpenAPI 3 requires; it is not a real scheme, so
    drop it (anonymous reads need no security requirement)."""
    schemes = schema.get("components", {}).get("securitySchemes", {})
    broken = {name for name, value in schemes.items() if value.get("type") == "http" and "scheme" not in value}
    for name in broken:
        del schemes[name]
    for _path, _method, operation in _operations(schema):
        if "security" in operation:
            operation["security"] = [req for req in operation["security"] if not (set(req) & broken)] + (
                [{}] if any(set(req) & broken for req in operation["security"]) else []
            )


def _operations(schema):
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def _parameter_schemas(parameter_schema):
    """The schema and each branch of its anyOf (Optional[...] parameters)."""
    yield parameter_schema
    yield from parameter_schema.get("anyOf", ())


def _drop_uncallable_operations(schema):
    for path in list(schema.get("paths", {})):
        path_item = schema["paths"][path]
        for method in list(path_item):
            operation = path_item[method]
            if not isinstance(operation, dict):
                continue
            if any(
                p.get("in") == "path" and p.get("schema", {}).get("const") == ""
                for p in operation.get("parameters", ())
            ):
                del path_item[method]
        if not any(isinstance(value, dict) and "responses" in value for value in path_item.values()):
            del schema["paths"][path]


def _allowed_order_fields(model, base_fields):
    from wagtail.api.validators import OrderingValidator

    validator = OrderingValidator(model=model, fields=[], base_fields=list(base_fields), db_fields_only=True)
    return {field for field in validator.allowed_fields if field != "random"}


def _order_values():
    """Per listing path, every value `order` accepts. For pages that is the
    base fields for any listing, and a type's own fields with
    `type=<that type>` (OpenAPI cannot say so; the description does)."""
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
    from wagtail.contrib.redirects.api.v3.router import BASE_REDIRECT_READ_FIELDS
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.documents.api.v3.router import BASE_DOCUMENT_READ_FIELDS
    from wagtail.images import get_image_model
    from wagtail.images.api.v3.router import BASE_IMAGE_READ_FIELDS
    from wagtail.models import Page, get_page_models

    page_fields = set()
    for model in [Page, *get_page_models()]:
        page_fields |= _allowed_order_fields(model, BASE_PAGE_READ_FIELDS)
    values = {
        "/api/v3/pages/": page_fields,
        "/api/v3/redirects/": _allowed_order_fields(Redirect, BASE_REDIRECT_READ_FIELDS),
        "/api/v3/documents/": _allowed_order_fields(get_document_model(), BASE_DOCUMENT_READ_FIELDS),
        "/api/v3/images/": _allowed_order_fields(get_image_model(), BASE_IMAGE_READ_FIELDS),
    }
    return {
        path: sorted(fields, key=lambda name: (name.lstrip("-"), name.startswith("-")))
        for path, fields in values.items()
    }


def _set_bounds(schema):
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_PAGINATION_VALUE
    order_values = _order_values()
    for path, _method, operation in _operations(schema):
        for parameter in operation.get("parameters", ()):
            name, where, pschema = parameter.get("name"), parameter.get("in"), parameter.get("schema", {})
            for branch in _parameter_schemas(pschema):
                if branch.get("type") != "integer":
                    continue
                if name == "limit":
                    branch["maximum"] = limit_max
                elif name == "offset":
                    branch["maximum"] = MAX_PAGINATION_VALUE
                elif where == "path" or name in ID_QUERY_PARAMETERS:
                    branch.pop("exclusiveMinimum", None)
                    branch["minimum"] = 1
                    branch["maximum"] = MAX_ID
            if where == "query":
                # NUL cannot be stored or searched (PostgreSQL text): a 400.
                for branch in _parameter_schemas(pschema):
                    targets = [branch, branch.get("items") or {}] if branch.get("type") == "array" else [branch]
                    for target in targets:
                        if target.get("type") == "string" and not (
                            {"enum", "const", "pattern", "format"} & set(target)
                        ):
                            target["pattern"] = r"^[^\u0000]*$"
            if name in ("child_of", "descendant_of"):
                parameter["description"] = "A page id or `root`; `child_of` and `descendant_of` not together (400)."
            if name == "site":
                # `host` or `host:port`; Wagtail looks the port up as a number.
                for branch in _parameter_schemas(pschema):
                    if branch.get("type") == "string":
                        branch["pattern"] = r"^[^:\u0000]*(:[0-9]{1,5})?$"
            if name == "order":
                for branch in _parameter_schemas(pschema):
                    if branch.get("type") == "array" and path in order_values:
                        branch["items"] = {"type": "string", "enum": order_values[path]}
                parameter["description"] = (
                    "Fields to order by (`-field` descending), or `random` (not with `offset`). "
                    "With `search`, only fields the search index can order by (a 400 names any other)."
                )
                if path == "/api/v3/pages/":
                    parameter["description"] += (
                        " Without a single `type`, only the fields every page has; with `type=<one type>`, "
                        "that type's fields too. Any other combination is a 400."
                    )


def _document_errors(schema):
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, method, operation in _operations(schema):
        statuses = READ_ERRORS if method == "get" else WRITE_ERRORS
        for status in statuses:
            operation["responses"].setdefault(
                str(status), {"description": ERROR_DESCRIPTIONS[status], "content": content}
            )
        if path == "/api/v3/pages/find/":
            operation["responses"] = {
                "302": {
                    "description": "Found: `Location` is the page's `/api/v3/pages/<id>/` URL "
                    "(with the other query parameters).",
                    "headers": {"Location": {"schema": {"type": "string"}, "required": True}},
                },
                **{key: value for key, value in operation["responses"].items() if key != "200"},
            }


def get_openapi_schema(*args, **kwargs):
    schema = _stock_get_openapi_schema(*args, **kwargs)
    _drop_broken_security(schema)
    _drop_uncallable_operations(schema)
    _set_bounds(schema)
    _document_errors(schema)
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


def _query_names(errors):
    names = []
    for error in errors:
        loc = [
            part
            for part in error.get("loc", ())
            if isinstance(part, str) and part not in ("query", "path", "filters", "pagination", "ordering", "search")
        ]
        if loc and loc[0] not in names:
            names.append(loc[0])
    return names


def _register_query_validation_as_400():
    """A malformed query parameter on a read is a client error like any other:
    400 naming the parameter, as in API v2 and the contract (Wagtail says
    422, also for e.g. an `order` field the type does not have). Request
    bodies of writes keep Wagtail's 422 (the body was understood but is
    invalid)."""
    from django.core.exceptions import ValidationError as DjangoValidationError

    from pydantic import ValidationError as PydanticValidationError

    for exception in (NinjaValidationError, PydanticValidationError, DjangoValidationError):
        stock_handler = api._exception_handlers.get(exception)

        def handler(request, exc, stock_handler=stock_handler):
            if request.method not in ("GET", "HEAD"):
                return stock_handler(request, exc)
            if isinstance(exc, NinjaValidationError):
                errors = exc.errors
            elif isinstance(exc, PydanticValidationError):
                errors = [
                    {key: value for key, value in error.items() if key not in ("input", "ctx", "url")}
                    for error in exc.errors()
                ]
            else:
                errors = [{"msg": message} for message in exc.messages]
            names = _query_names(errors)
            if not names and "order" in request.GET and "fields" in str(errors):
                names = ["order"]  # OrderingValidator's errors have no loc
            messages = "; ".join(str(error.get("msg", "")) for error in errors if error.get("msg"))
            detail = f"{', '.join(names) or 'parametre'}: ugyldig værdi."
            if messages and not names:
                detail = f"{detail} {messages}"
            return problem_response(status=400, detail=detail, errors=errors)

        api._exception_handlers[exception] = handler


_register_query_validation_as_400()


class _NoSuchPage(Exception):
    pass


def _filters_on_missing_pages_match_nothing():
    """`ancestor_of`/`child_of`/`descendant_of`/`translation_of` naming a
    page that does not exist or is not public (id 1 is the tree's root):
    an empty listing, not Wagtail's 422. The id was well formed (the schema
    allows it), and an empty answer does not reveal whether a private page
    exists."""
    from wagtail.api.v3.routers.pages import PageFilterSchema

    stock_get_public_page = PageFilterSchema.get_public_page
    stock_apply_custom_filters = PageFilterSchema.apply_custom_filters

    def get_public_page(request, page_id, loc):
        from wagtail.api.v3.querysets import get_pages_queryset

        if not get_pages_queryset(request).filter(pk=page_id).exists():
            raise _NoSuchPage(loc)
        return stock_get_public_page(request, page_id, loc)

    def apply_custom_filters(self, request, queryset):
        try:
            return stock_apply_custom_filters(self, request, queryset)
        except _NoSuchPage:
            return queryset.filter(Q(pk__in=[]))

    PageFilterSchema.get_public_page = staticmethod(get_public_page)
    PageFilterSchema.apply_custom_filters = apply_custom_filters


_filters_on_missing_pages_match_nothing()
