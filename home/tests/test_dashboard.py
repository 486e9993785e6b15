"""The admin dashboard shows the editors' week with real numbers."""

import datetime

from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.test.utils import WagtailTestUtils

import pytest

from events import demo as events_demo
from events.models import EventPage, Registration
from movement.demo import WORKFLOW_NAME
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def test_dashboard_panels_with_their_numbers(client, demo_site):
    event = EventPage.objects.get(slug=events_demo.DEMO_SLUG)
    Registration.objects.create(event=event, name="A", email="a@example.org", status=Registration.Status.CONFIRMED)
    Registration.objects.create(event=event, name="B", email="b@example.org", status=Registration.Status.CONFIRMED)
    Registration.objects.create(event=event, name="C", email="c@example.org", status=Registration.Status.WAITLIST)

    index = NewsIndexPage.objects.get()
    draft = ArticlePage(title="Kladde til godkendelse", slug="kladde", date=datetime.date(2026, 11, 1), live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    editor = WagtailTestUtils.create_superuser("dashboard", password="pw")
    workflow = index.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    workflow.start(draft, editor)

    query = Query.objects.create(query_string="velfærd")
    QueryDailyHits.objects.create(query=query, date=timezone.localdate(), hits=7)
    QueryDailyHits.objects.create(query=query, date=timezone.localdate() - datetime.timedelta(days=1), hits=5)

    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()

    assert "Kommende arrangementer" in html
    assert event.title in html
    assert f"2 af {event.capacity}" in html
    assert "(+1 på venteliste)" in html
    days = (timezone.localdate(event.registration_deadline) - timezone.localdate()).days
    assert f"om {days} dage" in html

    assert "Til godkendelse" in html
    assert "Kladde til godkendelse" in html

    assert "Senest udgivet" in html
    assert "De 7 principper" in html

    assert "Mest søgte ord" in html
    assert "velfærd" in html and "<td>12</td>" in html


def test_dashboard_query_count_does_not_grow_with_events(client, demo_site):
    editor = WagtailTestUtils.create_superuser("dashboard2", password="pw")
    client.force_login(editor)
    client.get("/admin/")  # warm caches (site settings, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get("/admin/")
    index = EventPage.objects.first().get_parent()
    for number in range(5):
        event = EventPage(
            title=f"Ekstra arrangement {number}",
            slug=f"ekstra-{number}",
            start=timezone.now() + datetime.timedelta(days=10 + number),
            end=timezone.now() + datetime.timedelta(days=10 + number, hours=2),
        )
        index.add_child(instance=event)
        event.save_revision().publish()
    with CaptureQueriesContext(connection) as after:
        client.get("/admin/")
    assert len(after) <= len(before) + 2, [q["sql"] for q in after][-20:]


def test_articles_and_events_have_their_own_admin_listings(client, demo_site):
    editor = WagtailTestUtils.create_superuser("lister", password="pw")
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert '"Artikler"' in dashboard and '"Arrangementer"' in dashboard  # sidebar menu items (JSON props)
    articles = client.get("/admin/artikler/")
    assert articles.status_code == 200
    assert "Ledelseskommissionens anbefalinger" in articles.content.decode()
    events = client.get("/admin/arrangementer/")
    assert events.status_code == 200
    assert "Nytårskur 2018" in events.content.decode()
