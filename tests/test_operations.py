"""Operations: branded error pages that never leak a traceback, and the
admin's audit trail for publishing."""

from django.contrib.auth import get_user_model
from django.test import override_settings

from wagtail.models import Page, PageLogEntry

import pytest

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False, ROOT_URLCONF="tests.urls_raising")
def test_500_page_is_branded_and_leaks_nothing(client, home_page):
    client.raise_request_exception = False
    response = client.get("/test-fejl/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der opstod en fejl" in html
    assert 'lang="da"' in html
    for leak in ("Traceback", "RuntimeError", "hemmelig-detalje", "hunter2", "settings.py", "/srv/"):
        assert leak not in html


@override_settings(DEBUG=False)
def test_404_page_is_branded(client, home_page):
    response = client.get("/findes-ikke/<script>alert(1)</script>/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert "<script>alert(1)" not in html
    assert "Traceback" not in html


def test_publishing_is_in_the_audit_trail_and_the_admin_history(client, demo_site):
    User = get_user_model()
    editor = User.objects.create_superuser(
        "revisor", "revisor@example.org", "x", first_name="Rikke", last_name="Revisor"
    )
    page = Page.objects.get(url_path="/home/nyheder/").specific
    page.title = "Nyheder (opdateret)"
    page.save_revision(user=editor, log_action=True).publish(user=editor)

    entry = PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("timestamp")
    assert entry.user == editor
    client.force_login(editor)
    history = client.get(f"/admin/pages/{page.pk}/history/")
    assert history.status_code == 200
    assert "Rikke Revisor" in history.content.decode()
    report = client.get("/admin/reports/site-history/", {"action": "wagtail.publish"})
    assert report.status_code == 200
    html = report.content.decode()
    assert "Nyheder (opdateret)" in html
    assert "Rikke Revisor" in html
