"""Property-based API testing with schemathesis against the v3 OpenAPI schema
(issue 18): every GET operation, with generated valid and invalid parameters,
in-process through the WSGI app, passes *all* of schemathesis's checks: no
server error, no status or content type the schema does not document, every
response matching its schema, schema-valid requests accepted, invalid ones
rejected. Write operations must refuse anonymous callers.

Bounded and derandomised, so CI runs the same examples every time (well
under two minutes).
"""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema

pytestmark = pytest.mark.django_db(transaction=False)

MAX_EXAMPLES = 8
SCHEMA_PATH = "/api/v3/openapi.json"


@pytest.fixture
def schema(demo_site):
    """The schema, loaded through the WSGI app. Like Django's test client, keep
    the request signals from closing the test's database connection (on
    PostgreSQL that would end the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def fits_cross_parameter_rules(case):
    """What OpenAPI cannot say (the parameters' descriptions do): `order=random`
    not with an offset, with `search` only by indexed fields; on /pages/ `child_of` and `descendant_of` not
    together, `order` by a type's own fields only with that single type.
    Positive cases outside that are not valid requests."""
    from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
    from wagtail.api.validators import OrderingValidator
    from wagtail.coreutils import resolve_model_string
    from wagtail.models import Page

    query = case.query or {}
    if query.get("child_of") is not None and query.get("descendant_of") is not None:
        return False  # "not together", says their description
    order = query.get("order")
    if order in (None, [], ""):
        return True
    if query.get("search") is not None:
        return False  # with `search`, only fields the search index can order by
    if order == "random" or order == ["random"]:
        return not query.get("offset")
    if not case.operation.path.endswith("/pages/"):
        return True
    types = query.get("type") or []
    types = [types] if isinstance(types, str) else types
    model = resolve_model_string(types[0]) if len(set(types)) == 1 else Page
    allowed = OrderingValidator(
        model=model, fields=[], base_fields=list(BASE_PAGE_READ_FIELDS), db_fields_only=True
    ).allowed_fields
    return all(field in allowed for field in ([order] if isinstance(order, str) else order))


def run_operation(operation, mode):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE:
        strategy = strategy.filter(fits_cross_parameter_rules)

    @given(case=strategy)
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        # A savepoint per call: on PostgreSQL one database error would
        # abort the test's transaction and fail every later example.
        savepoint = transaction.savepoint()
        try:
            # Schemathesis' WSGI client asks for gzip (requests' default
            # headers) but cannot decode it; compression has its own tests
            # (movement/tests/test_compression.py).
            response = case.call(headers={"Accept-Encoding": "identity"})
        finally:
            transaction.savepoint_rollback(savepoint)
        case.validate_response(response)  # every check schemathesis has

    run()


@override_settings(RATELIMIT_ENABLE=False)
def test_all_checks_pass_on_every_get_operation(schema):
    gets = [operation for operation in operations(schema) if operation.method.upper() == "GET"]
    assert gets, "the schema lists no GET operations"
    failures = []
    unsatisfiable = []
    for operation in gets:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                run_operation(operation, mode)
            except (Unsatisfiable, UnsatisfiableSchema):
                # Negative cases cannot be made for an operation without parameters.
                if mode is GenerationMode.POSITIVE:
                    unsatisfiable.append(operation.path)
            except Exception as error:  # noqa: BLE001 - collect every operation's failure
                failures.append(f"{mode.value} GET {operation.path}: {str(error)[:2500]}")
    assert not failures, "\n\n".join(failures)
    assert not unsatisfiable, unsatisfiable


def test_schema_has_no_operation_that_cannot_be_called(schema):
    """Wagtail types a snippet route's `type` as `const: ""` when no snippet
    type fits; such operations are left out of the document."""
    for operation in operations(schema):
        for parameter in operation.definition.raw.get("parameters", ()):
            assert parameter.get("schema", {}).get("const") != "", (operation.path, parameter)


def test_write_operations_refuse_anonymous_callers(schema, client):
    writes = [operation for operation in operations(schema) if operation.method.upper() != "GET"]
    for operation in writes:
        path = operation.path
        # Any id will do: the request must be refused before it is looked up.
        for name in ("id", "page_id", "pk"):
            path = path.replace("{" + name + "}", "1")
        response = client.generic(
            operation.method.upper(),
            path if path.startswith("/api/") else "/api/v3" + path,
            data="{}",
            content_type="application/json",
        )
        assert response.status_code in {401, 403, 405}, (operation.method, path, response.status_code)
        assert response["Content-Type"] == "application/problem+json", (operation.method, path)
