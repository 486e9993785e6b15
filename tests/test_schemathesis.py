"""Property-based API testing with schemathesis against the v3 OpenAPI schema:
every GET operation, with generated (valid and invalid) parameters, in-process
through the WSGI app, must never answer with a server error. Write operations
must refuse anonymous callers.

Bounded and derandomised, so CI runs the same examples every time.
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
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.reporting import UnsatisfiableSchema

pytestmark = pytest.mark.django_db(transaction=False)

MAX_EXAMPLES = 15
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


@override_settings(RATELIMIT_ENABLE=False)
def test_no_server_errors_on_any_get_operation(schema):
    gets = [operation for operation in operations(schema) if operation.method.upper() == "GET"]
    assert gets, "the schema lists no GET operations"
    failures = []
    # Operations whose parameters can take no value (e.g. an enum of snippet
    # types with revisions, when no such snippet type exists) cannot be called.
    unsatisfiable = []
    for operation in gets:

        @given(case=operation.as_strategy())
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
            response = case.call()
            if response.status_code >= 500:
                transaction.savepoint_rollback(savepoint)
            else:
                transaction.savepoint_commit(savepoint)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            run()
        except (Unsatisfiable, UnsatisfiableSchema):
            unsatisfiable.append(operation.path)
        except Exception as error:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)
    assert len(unsatisfiable) < len(gets) / 2, unsatisfiable


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
