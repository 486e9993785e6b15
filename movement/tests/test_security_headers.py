"""Hardened settings: `check --deploy` is clean and every response carries
the security headers, with framing allowed only for the admin's preview."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def test_check_deploy_prints_no_warnings():
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for the test
    # process; a deployment never has it, so neither does this check.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "movement.settings.production",
            "SECRET_KEY": "k3y-" + "x9Q" * 20,
            "ALLOWED_HOSTS": "samskabelse.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def _csp(response):
    return dict(
        part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";") if part.strip()
    )


@pytest.mark.django_db
def test_public_page_headers(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_preview_may_be_framed_by_the_admin_only(client, demo_site):
    user = WagtailTestUtils.create_superuser("editor", password="pw")
    client.force_login(user)
    page = demo_site.get_children().get(slug="principper").specific
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    # The admin (only) may run Wagtail's inline scripts and frame itself.
    assert _csp(edit)["script-src"] == "'self' 'unsafe-inline'"
    assert _csp(edit)["frame-ancestors"] == "'self'"
    public = client.get(page.url)
    assert _csp(public)["script-src"] == "'self'"
    assert _csp(public)["frame-ancestors"] == "'none'"
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "principles": inline_formset(
                [{"text": p.text, "description": rich_text(p.description or "")} for p in page.principles.all()]
            ),
        }
    )
    assert client.post(preview_url, data).json()["is_valid"] is True
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert _csp(preview)["frame-ancestors"] == "'self'"
