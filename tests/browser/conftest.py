"""Real-browser fixtures: Debian's Chromium driven by Playwright (sync API)
against an in-process live server with the demo content.

Why it is built this way (docs/browser-tests.md):
- Playwright never downloads a browser here: we launch `/usr/bin/chromium`
  (Debian's package) with the flags from ../shared/SERVICES.md, because these
  machines have no route to the internet.
- One live server and one load of the demo content for the whole browser
  session: loading the demo takes several seconds, so doing it per test would
  blow the time budget. The journeys therefore only ADD things (a new
  article, a registration with a fresh email) and never rely on another test
  having run first.
- The live server runs in this process (Django's LiveServerThread), so the
  locmem email backend's `mail.outbox` is readable from the test.
- Without Chromium the tests skip with the install command, except in CI
  (`CI=true`), where a missing browser is a failure.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop alive in this thread; Django's
# async_unsafe guard would then refuse ORM calls from the test. Test-only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "failures"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Generous for a busy 2-core CI machine; every wait is explicit, never a sleep.
FEED_EXTRA_ARTICLES = 14
TIMEOUT_MS = int(os.environ.get("BROWSER_TIMEOUT_MS", "20000"))


def in_ci():
    return os.environ.get("CI", "").lower() not in {"", "0", "false", "no"}


def require_chromium(path=None):
    """Skip (locally) or fail (CI) when Debian's Chromium is missing."""
    path = path or CHROMIUM
    if Path(path).exists():
        return
    message = f"Chromium not installed ({path} missing): apt-get install -y chromium"
    if in_ci():
        pytest.fail(f"{message}. CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium():
    require_chromium()
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_instance(chromium):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    yield pw
    pw.stop()


@pytest.fixture(scope="package")
def browser(playwright_instance, live_site):
    """Chromium; it depends on the live server so that it closes (and drops its
    keep-alive connections) before the server stops."""
    headed = os.environ.get("HEADED", "") not in {"", "0"}
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=not headed,
        slow_mo=int(os.environ.get("SLOWMO", "0")),
        args=CHROMIUM_ARGS,
    )
    yield browser
    browser.close()


def _require_migration_data():
    """The demo loader builds on what the migrations created (root page,
    groups, content types). Transactional tests flush all of it, which is why
    the browser tests are ordered before them; say so if that ever fails."""
    from wagtail.models import Page

    if Page.get_first_root_node() is None:
        pytest.fail(
            "The test database has no Wagtail root page: a transactional test flushed it before the "
            "browser tests ran (see pytest_collection_modifyitems in tests/browser/conftest.py).",
            pytrace=False,
        )


def _ensure_test_database():
    """pytest-django creates test databases only for tests that ask for `db`
    (or the live_server fixture, which would flush after every test). The
    browser tests ask for neither, so when they run alone we create the test
    database here; in a full run it already exists. Returns what
    `teardown_databases` needs, or None. Never touches the development
    database: it checks the connection points at the test database name."""
    from django.db import connection
    from django.test.utils import setup_databases

    test_name = connection.creation._get_test_db_name()
    created = None
    if connection.settings_dict["NAME"] != test_name:
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    assert connection.settings_dict["NAME"] == test_name, "browser tests must run against the test database"
    return created


def _add_feed_articles(count):
    """The seed has too few items for a second feed page: add `count` dated
    articles (older than the seed's) so "Indlæs flere" has something to load."""
    import datetime

    from news.models import ArticlePage, NewsIndexPage

    index = NewsIndexPage.objects.get()
    for n in range(1, count + 1):
        slug = f"browsertest-arkiv-{n}"
        if index.get_children().filter(slug=slug).exists():
            continue
        article = ArticlePage(
            title=f"Arkivindlæg {n}",
            slug=slug,
            date=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
            intro=f"Et ældre indlæg nummer {n} fra arkivet.",
        )
        index.add_child(instance=article)
        article.save_revision().publish()


def _restore(snapshot):
    """Empty the database and put back the state from before the demo load."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(snapshot)
    # flush reset the sequences and the snapshot's rows came back with their
    # own ids: move every sequence past them, or PostgreSQL hands out ids that
    # exist already ("duplicate key value violates unique constraint").
    from django.apps import apps
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    for cache in caches.all(initialized_only=True):
        cache.clear()


def _is_transactional(item):
    """pytest-django's own rule for tests that flush the database."""
    from django.test import TestCase, TransactionTestCase

    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names):
        return True
    cls = getattr(item, "cls", None)
    return bool(cls and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests before the transactional tests: those flush the
    database, migration data (root page, groups, content types) included,
    which the demo loader needs. The browser session puts the database back
    as it found it when it ends."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    if not browser:
        return
    rest = [item for item in items if not item.get_closest_marker("browser")]
    position = next((n for n, item in enumerate(rest) if _is_transactional(item)), len(rest))
    items[:] = rest[:position] + browser + rest[position:]


class LiveSite:
    """The running site: its base URL and the handful of facts the journeys need."""

    def __init__(self, server):
        self.server = server
        self.url = server.url

    def __call__(self, path=""):
        return self.url + path


@pytest.fixture(scope="package")
def live_site(chromium, django_db_setup, django_db_blocker):
    """A live server on a database loaded with the demo content (once per session)."""
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from pytest_django.live_server_helper import LiveServer

    # Rate limits count per IP in the shared locmem cache: other tests in this
    # process (and the journeys' own bursts) must not throttle the browser.
    limits_off = override_settings(RATELIMIT_ENABLE=False, AXES_ENABLED=False)
    limits_off.enable()
    with django_db_blocker.unblock():
        created = _ensure_test_database()
        _require_migration_data()
        # What the migrations left, to put back afterwards for the tests
        # that run after these (see pytest_collection_modifyitems).
        snapshot = connection.creation.serialize_db_to_string()
        call_command("load_demo_content", verbosity=0)
        _add_feed_articles(FEED_EXTRA_ARTICLES)
        for cache in caches.all(initialized_only=True):
            cache.clear()
    server = LiveServer("127.0.0.1")
    server._live_server_modified_settings.enable()
    yield LiveSite(server)
    server._live_server_modified_settings.disable()
    server.stop()
    limits_off.disable()
    with django_db_blocker.unblock():
        _restore(snapshot)
    if created is not None:
        from django.test.utils import teardown_databases

        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(autouse=True)
def _db_open_for_live_server(request, django_db_blocker):
    """The live server's threads share pytest-django's database blocker: keep
    the database open while a browser test runs (and for its ORM checks)."""
    if "live_site" not in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def console_errors():
    """Console errors and uncaught exceptions of the test's page (CSP
    violations show up here, e.g. a template with an inline script)."""
    return []


def _new_page(browser, live_site, console_errors, **context_args):
    context = browser.new_context(
        base_url=live_site.url, locale="da-DK", viewport=context_args.pop("viewport", DESKTOP), **context_args
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: (
            console_errors.append(f"console.{msg.type}: {msg.text} ({msg.location.get('url', '')})")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    return context, page


@pytest.fixture
def page(browser, live_site, console_errors):
    """A fresh browser context (no cookies) at desktop width."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context, page = _new_page(browser, live_site, console_errors)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_site, console_errors):
    """Factory for extra, independent pages (a second visitor, another width)."""
    contexts = []

    def make(**context_args):
        context, page = _new_page(browser, live_site, console_errors, **context_args)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def artefact_name(text):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:150]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A full-page screenshot of the test's page when the test fails."""
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            FAILURES.mkdir(parents=True, exist_ok=True)
            path = FAILURES / f"{artefact_name(item.name)}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                report.sections.append(("failure screenshot", str(path)))
            except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the real failure
                report.sections.append(("failure screenshot", f"could not take one: {exc}"))
    return report
