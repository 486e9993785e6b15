"""The foundation: settings, page tree rules, admin creation, health check,
demo content idempotence and Danish formatting."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from manifesto.models import ManifestoPage
from movement.demo import ensure_home
from movement.models import PrinciplesPage, StandardPage
from news.models import ArticlePage, NewsIndexPage

BASE_DIR = Path(__file__).resolve().parents[2]


def test_danish_first_settings():
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.USE_TZ is True
    assert settings.TAGGIT_CASE_INSENSITIVE is True
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_danish_date_format():
    with translation.override("da"):
        rendered = Template('{{ d|date:"j. F Y" }}').render(Context({"d": date(2018, 2, 1)}))
    assert rendered == "1. februar 2018"


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_children(self):
        self.assertAllowedSubpageTypes(
            HomePage, {NewsIndexPage, EventIndexPage, ManifestoPage, PrinciplesPage, StandardPage}
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_index_children(self):
        self.assertAllowedSubpageTypes(NewsIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(ArticlePage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})

    def test_leaves(self):
        for model in (ArticlePage, EventPage, ManifestoPage, PrinciplesPage):
            self.assertAllowedSubpageTypes(model, set())

    def test_singletons_under_home(self):
        for model in (ManifestoPage, PrinciplesPage):
            self.assertAllowedParentPageTypes(model, {HomePage})


class AdminCreationTests(WagtailPageTestCase):
    """Editors can create the top-level page types in the (Danish) admin."""

    def setUp(self):
        self.home = ensure_home()
        self.user = self.login()

    def test_admin_is_danish(self):
        response = self.client.get("/admin/")
        assert response.status_code == 200
        assert 'lang="da"' in response.content.decode()

    def test_create_principles_page(self):
        data = nested_form_data(
            {
                "title": "Principper",
                "slug": "principper",
                "intro": "Vores principper",
                "principles": inline_formset(
                    [{"text": "Vær med til at skabe noget", "description": rich_text("<p>Uddybning</p>")}]
                ),
            }
        )
        self.assertCanCreate(self.home, PrinciplesPage, data)
        page = PrinciplesPage.objects.get(slug="principper")
        assert [p.text for p in page.principles.all()] == ["Vær med til at skabe noget"]

    def test_create_index_pages(self):
        self.assertCanCreate(self.home, NewsIndexPage, {"title": "Nyheder", "slug": "nyheder", "intro": "Nyt"})
        self.assertCanCreate(
            self.home, EventIndexPage, {"title": "Arrangementer", "slug": "arrangementer", "intro": "Kom"}
        )

    def test_cannot_create_second_home(self):
        root = Page.get_first_root_node()
        assert HomePage not in [m for m in root.specific_class.allowed_subpage_models() if m.can_create_at(root)]


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_cache_failure(client, settings):
    # A Redis server that is not there: port 1 on loopback refuses at once.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("error")
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_failure(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is gone")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_demo_content_is_idempotent(client):
    call_command("load_demo_content", verbosity=0)
    counts = (Page.objects.count(), Site.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (Page.objects.count(), Site.objects.count()) == counts
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    for url in ["/", "/nyheder/", "/arrangementer/", "/manifest/", "/principper/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_home_shows_movement_name_navigation_and_principles(client, demo_site):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Den Nationale Samskabelsesbevægelse" in html
    assert 'href="#main"' in html  # skip link
    assert '<main id="main"' in html
    for path in ["/nyheder/", "/arrangementer/", "/manifest/", "/principper/"]:
        assert f'href="{path}"' in html
    assert "Vær ambassadør for samskabelse ved at dele viden og erfaringer" in html


@pytest.mark.django_db
def test_404_is_danish_and_branded(client, demo_site):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert "Den Nationale Samskabelsesbevægelse" in html


def test_500_template_is_danish_and_standalone():
    html = (BASE_DIR / "templates" / "500.html").read_text()
    assert "Der opstod en fejl" in html
    assert "{%" not in html  # renders even when the template engine is the problem


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_robots_and_sitemap(client, demo_site):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/principper/" in sitemap.content.decode()


def _run_settings(module, extra_env):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DJANGO_SETTINGS_MODULE": module, **extra_env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run_settings("movement.settings.production", {})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_runs_with_debug_off():
    result = _run_settings("movement.settings.production", {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_url_switches_engine():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE']); print(settings.WAGTAILSEARCH_BACKENDS['default'])",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "movement.settings.dev", "DATABASE_URL": "postgres://u@h:5432/d"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout
    assert "'SEARCH_CONFIG': 'danish'" in result.stdout


def test_redis_url_switches_cache():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.CACHES)",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "movement.settings.dev", "REDIS_URL": "redis://127.0.0.1:6379/3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout


@pytest.mark.django_db
def test_demo_loader_recreates_a_missing_tree_root(client):
    """A flushed database (or a half-failed restore) has no root page."""
    Page.get_first_root_node().delete()
    assert Page.objects.count() == 0
    home = ensure_home()
    assert Page.get_first_root_node().title == "Rod"
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert client.get("/").status_code == 200


class AdminCreatesEveryPageTypeTests(WagtailPageTestCase):
    """Every page type an editor can add is creatable through the admin's own
    form, posted as the admin renders it (StreamFields drawn by JavaScript
    get their empty `-count`)."""

    def setUp(self):
        from django.core.management import call_command

        call_command("load_demo_content", verbosity=0)
        self.login()

    def create_through_admin(self, parent, model, values):
        from django.urls import reverse

        from wagtail.fields import StreamField
        from wagtail.test.utils.form_data import querydict_from_html

        url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        form = querydict_from_html(self.client.get(url).content.decode(), form_id="page-edit-form")
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in form:
                form[f"{field.name}-count"] = "0"
        for key, value in values.items():
            form[key] = value
        form["action-publish"] = "1"
        response = self.client.post(url, form)
        errors = response.context["form"].errors if response.status_code == 200 and response.context else None
        assert response.status_code == 302, errors
        return model.objects.get(slug=values["slug"])

    def test_article(self):
        page = self.create_through_admin(
            NewsIndexPage.objects.get(),
            ArticlePage,
            {"title": "Oprettet i admin", "slug": "oprettet-i-admin", "date": "01.11.2026", "intro": "Kort intro"},
        )
        assert page.live
        assert self.client.get(page.url).status_code == 200

    def test_event(self):
        page = self.create_through_admin(
            EventIndexPage.objects.get(),
            EventPage,
            {
                "title": "Arrangement fra admin",
                "slug": "arrangement-fra-admin",
                "lede": "Kom og vær med",
                "start": "01.12.2026 13:00",
                "end": "01.12.2026 16:00",
            },
        )
        assert page.live
        assert self.client.get(page.url).status_code == 200
