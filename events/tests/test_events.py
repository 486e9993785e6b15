import datetime
import re
import threading
from html import unescape

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine
from icalendar import Calendar

from events import demo
from events.forms import make_token
from events.models import EventPage, Registration


def local(*args):
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def seed_event(demo_site):
    return EventPage.objects.get(slug=demo.SEED_SLUG)


@pytest.fixture
def open_event(demo_site):
    return EventPage.objects.get(slug=demo.DEMO_SLUG)


def page_text(response):
    return unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def post_registration(client, event, email="a@example.org", **extra):
    data = {
        "name": "Anne Andersen",
        "email": email,
        "organisation": "RUC",
        "job_title": "Lektor",
        "website": "",
        "token": make_token(event, issued_at=timezone.now().timestamp() - 10),
        **extra,
    }
    return client.post(event.url, data)


def test_seed_page_shows_every_name_and_time(client, seed_event):
    response = client.get("/arrangementer/nytaarskur-2018/")
    assert response.status_code == 200
    text = page_text(response)
    for name, _role, org in demo.P.values():
        assert name in text
        assert org in text
    for session in demo.SESSIONS:
        assert f"{session['start'].replace(':', '.')}-{session['end'].replace(':', '.')}" in text
    assert "torsdag den 1. februar 2018 kl. 13-16" in text
    assert "AFHOLDT" in text
    assert "Tilmeldingen er lukket mandag d. 29. januar." in text
    assert "Samskabelsen rykkede i 2017" in text
    assert "Frank E. Andersen, Kommunaldirektør, Gentofte Kommune" in text
    assert 'name="email"' not in response.content.decode()


def test_status_transitions(seed_event):
    with time_machine.travel(local(2018, 2, 1, 12, 59), tick=False):
        assert seed_event.status == "upcoming"
    with time_machine.travel(local(2018, 2, 1, 14), tick=False):
        assert seed_event.status == "ongoing"
    with time_machine.travel(local(2018, 2, 1, 16), tick=False):
        assert seed_event.status == "held"
    with time_machine.travel(local(2018, 1, 20), tick=False):
        assert seed_event.registration["status"] == "open"
    with time_machine.travel(local(2018, 1, 30), tick=False):
        assert seed_event.registration["status"] == "closed"


def test_program_times_outside_window_rejected(seed_event):
    from django.core.exceptions import ValidationError

    seed_event.end = local(2018, 2, 1, 15)
    with pytest.raises(ValidationError) as excinfo:
        seed_event.full_clean()
    assert "program" in excinfo.value.message_dict
    assert "NYE SAMSPILSALLIANCER" in " ".join(excinfo.value.message_dict["program"])


def test_registration_capacity_waitlist_duplicate_and_email(client, open_event):
    open_event.capacity = 1
    open_event.save()
    response = post_registration(client, open_event, "First@Example.org")
    assert response.status_code == 302
    reg = Registration.objects.get(event=open_event)
    assert reg.email == "first@example.org" and reg.status == "confirmed"
    assert len(mail.outbox) == 1
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype == "text/calendar"
    cal = Calendar.from_ical(content)
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == [open_event.title]

    response = post_registration(client, open_event, "first@example.org")
    assert response.status_code == 200
    assert "allerede tilmeldt" in page_text(response)
    assert Registration.objects.filter(event=open_event).count() == 1

    response = post_registration(client, open_event, "second@example.org")
    assert response.status_code == 302
    assert Registration.objects.get(email="second@example.org").status == "waitlist"

    open_event.waitlist_enabled = False
    open_event.save()
    response = client.get(open_event.url)
    assert "fuldt booket" in page_text(response)
    response = post_registration(client, open_event, "third@example.org")
    assert response.status_code == 409
    assert not Registration.objects.filter(email="third@example.org").exists()


def test_deadline_and_spam(client, open_event):
    response = post_registration(client, open_event, website="http://spam")
    assert response.status_code == 400
    fast = post_registration(client, open_event, token=make_token(open_event))
    assert fast.status_code == 400
    assert not Registration.objects.exists()
    with time_machine.travel(open_event.registration_deadline + datetime.timedelta(minutes=1)):
        response = client.get(open_event.url)
        assert 'name="email"' not in response.content.decode()
        assert "Tilmeldingen er lukket" in page_text(response)
        assert post_registration(client, open_event).status_code == 409


def test_ics_valid(client, seed_event):
    for url in [seed_event.url + "ics/", "/arrangementer/ics/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        assert cal["PRODID"] and str(cal["VERSION"]) == "2.0"
        assert cal.walk("VTIMEZONE")
        events = cal.walk("VEVENT")
        assert events and all(e.get("UID") and e.get("DTSTAMP") for e in events)
    cal = Calendar.from_ical(client.get(seed_event.url + "ics/").content)
    (vevent,) = cal.walk("VEVENT")
    assert vevent.decoded("DTSTART") == local(2018, 2, 1, 13)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Copenhagen"


def test_json_ld(client, seed_event):
    import json

    html = client.get(seed_event.url).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2018-02-01T13:00:00+01:00"
    assert data["location"]["name"] == "Folketingets Fællessal"
    assert any(p["name"] == "Jacob Torfing" for p in data["performer"])
    assert data["eventStatus"].endswith("EventScheduled")


def test_api_program_constant_queries(client, seed_event):
    def fetch(page):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200
        return response.json(), len(ctx.captured_queries)

    fetch(seed_event)  # warm up: renditions and site caches are made on the first request
    data, full_count = fetch(seed_event)
    assert data["status"] == "held"
    assert data["start"] == "2018-02-01T13:00:00+01:00"
    assert data["registration"]["status"] == "closed"
    assert data["ics_url"].endswith("/arrangementer/nytaarskur-2018/ics/")
    first = data["program"][0]
    assert first["participants"][0]["name"] == "Anders Folmer Buhelt"
    assert first["participants"][0]["organisation"] == "URK"
    # Same page with only one session: same number of queries.
    raw = list(seed_event.program.raw_data)
    seed_event.program = raw[:1]
    seed_event.save_revision().publish()
    fetch(seed_event)
    data, small_count = fetch(seed_event)
    assert len(data["program"]) == 1
    assert small_count == full_count


def test_person_usage_lists_event(admin_client, seed_event):
    from wagtail.models import ReferenceIndex

    from movement.models import Person

    jacob = Person.objects.get(name="Jacob Torfing")
    referencing = {ref.object_id for ref in ReferenceIndex.get_references_to(jacob)}
    assert str(seed_event.pk) in referencing
    # Editors see it on the person's "Brug" (usage) page in the admin.
    from django.urls import reverse

    usage = admin_client.get(reverse(Person.snippet_viewset.get_url_name("usage"), args=[jacob.pk]))
    assert usage.status_code == 200
    assert seed_event.title in usage.content.decode()


def test_registration_requires_csrf_token(open_event):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post_registration(strict, open_event, "csrf@example.org")
    assert response.status_code == 403
    assert not Registration.objects.filter(email="csrf@example.org").exists()


def test_index_upcoming_first(client, seed_event, open_event):
    text = page_text(client.get("/arrangementer/"))
    assert text.index(open_event.title) < text.index("2018") < text.index(seed_event.title)


def test_admin_export(admin_client, open_event):
    post_registration(admin_client, open_event, "x@example.org")
    response = admin_client.get("/admin/snippets/events/registration/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"x@example.org" in body
    response = admin_client.get("/admin/snippets/events/registration/?export=xlsx")
    assert response.status_code == 200
    xlsx = b"".join(response.streaming_content) if response.streaming else response.content
    from io import BytesIO

    from openpyxl import load_workbook

    rows = [[cell for cell in row] for row in load_workbook(BytesIO(xlsx)).active.iter_rows(values_only=True)]
    assert any("x@example.org" in row for row in rows)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_exceed_capacity():
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    call_command("load_demo_content", verbosity=0)
    event = EventPage.objects.get(slug=demo.DEMO_SLUG)
    event.capacity = 3
    event.waitlist_enabled = False
    event.save()
    barrier = threading.Barrier(8)

    def worker(i):
        try:
            barrier.wait()
            post_registration(Client(), event, f"p{i}@example.org")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


@pytest.mark.django_db
def test_participants_and_host_are_searchable(client, demo_site):
    response = client.get("/search/", {"q": "Torfing"})
    assert response.status_code == 200
    assert "Nytårskur 2018" in response.content.decode()
    response = client.get("/search/", {"q": "Gejl"})
    assert "Nytårskur 2018" in response.content.decode()
