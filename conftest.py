"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture
def demo_site(db):
    """The full demo site, as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def home_page(db):
    """A bare home page as the default site's root (no demo content)."""
    from movement.demo import ensure_home

    return ensure_home()


@pytest.fixture
def structure_on(settings):
    """The structure cache on, as in production (movement/caching/structure.py); the
    test settings keep it off because tests roll back and on-commit bumps never
    run. Use with `committed` around every change."""
    from django.core.cache import caches

    from movement.caching import structure

    settings.STRUCTURE_CACHE_ENABLED = True
    structure.clear()
    caches[settings.PAGE_CACHE_VERSIONS_ALIAS].clear()
    yield
    structure.clear()
    caches[settings.PAGE_CACHE_VERSIONS_ALIAS].clear()


@pytest.fixture
def empty_page_caches(settings):
    """The page cache and its version stamps empty before and after a test
    that turns a cache on (movement/caching/page_cache.py, api_cache.py)."""
    from django.core.cache import caches

    def clear():
        caches[settings.PAGE_CACHE_ALIAS].clear()
        caches[settings.PAGE_CACHE_VERSIONS_ALIAS].clear()

    clear()
    yield
    clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks (the bumps) on exit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


_SERIALIZED_CONTENTS = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Keep `serialized_rollback` working after the browser tests.

    Playwright's sync API runs an event loop in the main thread, and Django's
    connections are context-local: after the browser tests the test process
    holds a *new* connection object, without the `_test_serialized_contents`
    Django stored at test-database creation. Transactional tests with
    `serialized_rollback=True` would then silently skip the restore and find
    no Wagtail root page. Re-attach it before each test's fixtures are set up.
    """
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        _SERIALIZED_CONTENTS["default"] = contents
    elif "default" in _SERIALIZED_CONTENTS:
        connection._test_serialized_contents = _SERIALIZED_CONTENTS["default"]
