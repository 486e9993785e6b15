"""One error shape for both API versions: RFC 9457 `application/problem+json`.

`{"type", "title", "status", "detail"}` plus, in API v2, `message` (the same
text as `detail`, the key v2 clients have always read) and, for validation
errors, `errors`. The OpenAPI document describes it once as `Problem`
(`PROBLEM_SCHEMA`), and every 4xx of every route refers to it.
"""

import json
from http import HTTPStatus

from django.http import HttpResponse

PROBLEM_JSON = "application/problem+json"

PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An error (RFC 9457). `detail` says what is wrong, starting with the parameter's name "
    "where one parameter is to blame; API v2 repeats it as `message`.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`: the status says what kind of error."},
        "title": {"type": "string", "description": "The status's reason phrase, e.g. `Bad Request`."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "message": {"type": "string", "description": "API v2 only: the same as `detail`."},
        "errors": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "retry_after": {"type": "integer", "description": "429 only: seconds to wait (also `Retry-After`)."},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}


def title_for(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem_payload(status, detail, *, errors=None, **extra):
    payload = {"type": "about:blank", "title": title_for(status), "status": status, "detail": str(detail)}
    if errors is not None:
        payload["errors"] = errors
    payload.update(extra)
    return payload


def problem_response(status, detail, *, errors=None, **extra):
    """A plain Django response (middleware, views outside DRF and Ninja)."""
    body = json.dumps(problem_payload(status, detail, errors=errors, **extra), ensure_ascii=False, default=str)
    return HttpResponse(body, status=status, content_type=PROBLEM_JSON)


def is_problem(response):
    return response.get("Content-Type", "").split(";")[0].strip() == PROBLEM_JSON


# Largest offset/limit the database can take (PostgreSQL bigint, SQLite int64)
# with room to spare; anything bigger is a client error, not a 500. The v3
# OpenAPI document gives it as the parameters' `maximum`.
MAX_PAGINATION_VALUE = 10**12
# Ids the server looks up (path parameters, `ancestor_of`, ...): a positive
# 32-bit integer, the range of the tables' primary keys.
MAX_ID = 2**31 - 1
ID_QUERY_PARAMETERS = ("ancestor_of", "child_of", "descendant_of", "translation_of", "id", "user_id")


def v3_parameter_problem(request):
    """Query values that would reach the database as errors in Wagtail's v3
    routers: NUL bytes (PostgreSQL text cannot hold them) and offsets/limits
    beyond any integer column. The message names the parameter."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return f"{name.replace(chr(0), '')}: NUL-tegn er ikke tilladt."
    for name in ("offset", "limit"):
        value = request.GET.get(name)
        if value is not None and value.strip().lstrip("+-").isdigit() and abs(int(value)) > MAX_PAGINATION_VALUE:
            return f"{name}: værdien er for stor (højst {MAX_PAGINATION_VALUE})."
    for name in ID_QUERY_PARAMETERS:
        value = request.GET.get(name)
        if value is not None and value.strip().lstrip("+").isdigit() and int(value) > MAX_ID:
            return f"{name}: værdien er for stor (højst {MAX_ID})."
    return None


class APIProblemMiddleware:
    """Every 4xx under `/api/` as problem+json, whoever made it: DRF and
    Wagtail v2 (`{"message": …}`, `{"detail": …}`), Django's HTML 404 for a
    URL no route matches, a 405. v2 answers keep `message`. Also refuses the
    v3 query values `v3_parameter_problem` names before any view runs.

    Last in MIDDLEWARE (innermost), so the ETag and CORS middleware see the
    final body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith("/api/"):
            return self.get_response(request)
        if path.startswith("/api/v3/"):
            problem = v3_parameter_problem(request)
            if problem:
                return problem_response(400, problem)
        response = self.get_response(request)
        if 400 <= response.status_code < 500 and not response.streaming and not is_problem(response):
            self.convert(response, v2=path.startswith("/api/v2/"))
        return response

    @staticmethod
    def convert(response, *, v2):
        data = {}
        if response.get("Content-Type", "").startswith("application/json"):
            try:
                data = json.loads(response.content or b"{}")
            except ValueError:
                data = {}
        if not isinstance(data, dict):
            data = {"errors": data}
        detail = data.pop("detail", None) or data.pop("message", None) or data.pop("error", None)
        if detail is None and data:
            # DRF's field errors, e.g. {"limit": ["…"]}: name the parameters.
            detail = "; ".join(f"{key}: {value}" for key, value in data.items())
        detail = str(detail or title_for(response.status_code))
        extra = {key: value for key, value in data.items() if key in ("errors", "retry_after")}
        payload = problem_payload(response.status_code, detail, **extra)
        if v2:
            payload["message"] = detail
        response.content = json.dumps(payload, ensure_ascii=False, default=str).encode()
        response["Content-Type"] = PROBLEM_JSON
