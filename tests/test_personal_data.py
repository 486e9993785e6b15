"""Personal data: registrations purged after the retention period, exported
only to staff with the permission, members can delete their account, and no
email address reaches the logs."""

import datetime
import io
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import GroupPagePermission, Page

import pytest
import time_machine
from allauth.account.models import EmailAddress

from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db

User = get_user_model()
REGISTRATIONS_URL = "/admin/snippets/events/registration/"


@pytest.fixture
def events(demo_site):
    """The seed's event (2018, long over) and the demo's upcoming one."""
    past = EventPage.objects.get(slug="nytaarskur-2018")
    other = EventPage.objects.live().exclude(pk=past.pk).first()
    Registration.objects.create(
        event=past,
        name="Hanne Hansen",
        email="hanne@example.org",
        organisation="Kommunen",
        job_title="Konsulent",
        answers={"kost": "vegetar"},
    )
    Registration.objects.create(event=past, name="Ole Olsen", email="ole@example.org")
    Registration.objects.create(event=other, name="Pia Prip", email="pia@example.org")
    return past, other


def days_after(event, days):
    return event.end + datetime.timedelta(days=days)


def test_purge_deletes_registrations_after_the_retention_period(events):
    past, other = events
    with time_machine.travel(days_after(past, 89), tick=False):
        call_command("purge_registrations", stdout=io.StringIO())
        assert Registration.objects.filter(event=past).count() == 2
    with time_machine.travel(days_after(past, 91), tick=False):
        out = io.StringIO()
        call_command("purge_registrations", stdout=out)
        assert "2 tilmeldinger slettet" in out.getvalue()
    assert not Registration.objects.filter(event=past).exists()
    if other.end > days_after(past, 91) - datetime.timedelta(days=90):
        assert Registration.objects.filter(event=other).count() == 1


@override_settings(REGISTRATION_RETENTION_DAYS=30)
def test_purge_days_from_settings_and_option_and_dry_run(events):
    past, _other = events
    with time_machine.travel(days_after(past, 31), tick=False):
        out = io.StringIO()
        call_command("purge_registrations", "--dry-run", stdout=out)
        assert "2 tilmeldinger ville blive slettet" in out.getvalue()
        assert Registration.objects.filter(event=past).count() == 2
        call_command("purge_registrations", "--days", "60", stdout=io.StringIO())
        assert Registration.objects.filter(event=past).count() == 2
        call_command("purge_registrations", stdout=io.StringIO())
        assert Registration.objects.filter(event=past).count() == 0


def test_purge_anonymise_keeps_the_count_and_drops_the_person(events):
    past, _other = events
    with time_machine.travel(days_after(past, 100), tick=False):
        call_command("purge_registrations", "--anonymise", stdout=io.StringIO())
        call_command("purge_registrations", "--anonymise", stdout=io.StringIO())  # idempotent
    rows = list(Registration.objects.filter(event=past))
    assert len(rows) == 2
    for row in rows:
        assert row.name == "Anonymiseret"
        assert row.email.endswith("@anonymiseret.invalid")
        assert (row.organisation, row.job_title, row.answers) == ("", "", {})
    assert not Registration.objects.filter(email__in=["hanne@example.org", "ole@example.org"]).exists()


def editor(with_registration_permission):
    """An admin user who may edit pages, with or without the registrations."""
    group = Group.objects.create(name=f"Redaktører {with_registration_permission}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=1), permission=Permission.objects.get(codename="change_page")
    )
    if with_registration_permission:
        group.permissions.add(Permission.objects.get(content_type__app_label="events", codename="view_registration"))
    user = User.objects.create_user(f"redaktoer{int(with_registration_permission)}", password="x")
    user.groups.add(group)
    return user


def test_registrations_list_and_export_need_the_permission(client, events):
    client.force_login(editor(with_registration_permission=False))
    for url in [REGISTRATIONS_URL, f"{REGISTRATIONS_URL}?export=csv", f"{REGISTRATIONS_URL}?export=xlsx"]:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert b"hanne@example.org" not in response.content


def test_registrations_export_for_staff_with_the_permission(client, events):
    client.force_login(editor(with_registration_permission=True))
    response = client.get(f"{REGISTRATIONS_URL}?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"hanne@example.org" in body
    assert b"pia@example.org" in body


def test_member_can_delete_their_account(client, demo_site):
    user = User.objects.create_user("slet1", "slet1@example.org", "rigtig-kode-2018")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    assert client.get("/medlem/slet-konto/").status_code == 200
    assert client.post("/medlem/slet-konto/", {"password": "forkert"}).status_code == 400
    response = client.post("/medlem/slet-konto/", {"password": "rigtig-kode-2018"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="slet1@example.org").exists()


@pytest.fixture
def log_output():
    """What the configured console handler writes (with its filters)."""
    handler = next(
        h for h in logging.getLogger().handlers if any(f.__class__.__name__ == "PersonalDataFilter" for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


@override_settings(AXES_ENABLED=True)
def test_failed_logins_log_no_email_or_full_ip(client, demo_site, log_output):
    client.post("/medlem/login/", {"login": "hemmelig@example.org", "password": "forkert"}, REMOTE_ADDR="203.0.113.77")
    client.post(
        "/admin/login/", {"username": "hemmelig@example.org", "password": "forkert"}, REMOTE_ADDR="203.0.113.77"
    )
    logging.getLogger("events").warning("Tilmelding fra %s fejlede", "hemmelig@example.org")
    output = log_output.getvalue()
    assert "AXES" in output  # the failures were logged ...
    assert "Tilmelding fra [email] fejlede" in output
    assert "hemmelig" not in output.lower()  # ... without the address
    assert "203.0.113.77" not in output


def test_json_logs_mask_personal_extra_fields():
    from pythonjsonlogger.json import JsonFormatter

    from movement.security.clients import PersonalDataFilter

    record = logging.getLogger("events").makeRecord(
        "events",
        logging.WARNING,
        __file__,
        1,
        "Ny tilmelding",
        (),
        None,
        extra={"email": "hemmelig@example.org", "organisation": "Hemmelig A/S", "event_id": 7},
    )
    assert PersonalDataFilter().filter(record)
    line = JsonFormatter("%(levelname)s %(name)s %(message)s").format(record)
    assert "hemmelig" not in line.lower()
    assert '"event_id": 7' in line
    assert '"name": "events"' in line


def test_registration_with_bad_input_logs_no_email(client, demo_site, log_output):
    event = EventPage.objects.live().exclude(slug="nytaarskur-2018").first()
    client.post(event.url, {"name": "Hemmelig", "email": "hemmelig@example.org", "organisation": "<x>"})
    client.get("/findes-ikke/hemmelig@example.org/")
    assert "hemmelig@example.org" not in log_output.getvalue()
