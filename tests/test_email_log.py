"""Editors see queued, failed, sent and given-up emails in the admin
(Indstillinger → Udgående e-mails), filter them by state, and send a failed
one again with "Prøv igen": through the admin views with the test client, a
real database, and the real queue (QueuedEmailBackend and the task worker's
`run_pending`). Nobody without the permission sees the log."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.core.mail import send_mail
from django.test import override_settings
from django.utils import timezone

import pytest

from movement.models import OutgoingEmail
from movement.operations import mail, tasks
from tests.live import free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INDEX = "/admin/udgaaende-emails/"
QUEUED = override_settings(
    EMAIL_BACKEND="movement.operations.mail.QueuedEmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)


def dead_smtp(**extra):
    """A mail server that does not answer: nothing listens on the port."""
    return override_settings(
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
        **extra,
    )


def queue(subject, to):
    send_mail(subject, "Teksten, som kun modtageren må læse.", None, [to])
    return OutgoingEmail.objects.get(subject=subject)


@pytest.fixture
def log_rows():
    """One email in each state, made by the queue itself."""
    with QUEUED:
        sent = queue("Velkommen", "anne.andersen@example.org")
        tasks.run_pending()  # delivered (locmem)
        with dead_smtp(EMAIL_MAX_ATTEMPTS=1):
            given_up = queue("Bekræft din tilmelding", "bo.berg@example.net")
            tasks.run_pending()
        with dead_smtp(EMAIL_MAX_ATTEMPTS=8, EMAIL_RETRY_BACKOFF=3600):
            retrying = queue("Side til godkendelse", "godkender@example.org")
            tasks.run_pending()
        queued = queue("Nulstil adgangskode", "cecilie@example.dk")
    rows = {row.subject: row for row in OutgoingEmail.objects.all()}
    assert rows["Velkommen"].status == "sent" and rows["Velkommen"].message == {}  # the text is gone
    assert rows["Bekræft din tilmelding"].status == "failed"
    assert rows["Side til godkendelse"].status == "pending" and rows["Side til godkendelse"].last_error
    assert rows["Nulstil adgangskode"].attempts == 0
    return {"sent": sent, "given_up": given_up, "retrying": retrying, "queued": queued}


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] in ("/admin/",))


def staff(username, *codenames):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x", is_staff=True)
    group = Group.objects.create(name=f"gruppe-{username}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        group.permissions.add(Permission.objects.get(content_type__app_label="movement", codename=codename))
    user.groups.add(group)
    return user


def test_listing_shows_each_state_with_masked_recipients_and_filters_by_state(client, log_rows):
    client.force_login(staff("driftsansvarlig", "view_outgoingemail", "retry_outgoingemail"))
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for subject, state in [
        ("Velkommen", "sendt"),
        ("Bekræft din tilmelding", "opgivet"),
        ("Side til godkendelse", "fejlet"),
        ("Nulstil adgangskode", "i kø"),
    ]:
        assert subject in html and state in html
    assert "a…@example.org" in html and "g…@example.org" in html
    for address in ("anne.andersen@example.org", "bo.berg@example.net", "godkender@example.org"):
        assert address not in html  # masked everywhere, errors included
    assert "ConnectionRefusedError" in html  # the last error, for the failed ones
    assert "Prøv igen" in html
    assert "Teksten, som kun" not in html

    filtered = client.get(INDEX, {"state": "retrying"}).content.decode()
    assert "Side til godkendelse" in filtered
    assert "Velkommen" not in filtered and "Bekræft din tilmelding" not in filtered
    assert "Nulstil adgangskode" not in filtered
    given_up = client.get(INDEX, {"state": "given_up"}).content.decode()
    assert "Bekræft din tilmelding" in given_up and "Side til godkendelse" not in given_up
    # The results view (what the filter's JavaScript loads) filters the same way.
    results = client.get(INDEX + "results/", {"state": "sent"}).content.decode()
    assert "Velkommen" in results and "Nulstil adgangskode" not in results


def test_retry_requeues_a_given_up_email_once_and_it_is_sent_once(client, log_rows):
    client.force_login(staff("driftsansvarlig", "view_outgoingemail", "retry_outgoingemail"))
    row = log_rows["given_up"]
    url = f"{INDEX}{row.pk}/retry/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, prøv igen" in confirm.content.decode()

    with QUEUED:
        first = client.post(url, follow=True)
        second = client.post(url, follow=True)  # a double click
    assert "er sat i kø igen" in first.content.decode()
    assert "sendes ikke to gange" in second.content.decode()
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 0 and row.last_error == ""

    django_mail.outbox = []
    with QUEUED:
        tasks.run_pending()
        tasks.run_pending()
    assert [m.subject for m in django_mail.outbox].count("Bekræft din tilmelding") == 1
    row.refresh_from_db()
    assert row.state == OutgoingEmail.State.SENT
    # A sent email is never sent again.
    with QUEUED:
        again = client.post(url, follow=True)
        tasks.run_pending()
    assert "sendes ikke to gange" in again.content.decode()
    assert [m.subject for m in django_mail.outbox].count("Bekræft din tilmelding") == 1


def test_retry_of_a_failed_attempt_sends_it_now(client, log_rows):
    client.force_login(staff("driftsansvarlig", "view_outgoingemail", "retry_outgoingemail"))
    row = log_rows["retrying"]
    django_mail.outbox = []
    with QUEUED:
        assert client.post(f"{INDEX}{row.pk}/retry/").status_code == 302
        tasks.run_pending()  # the backoff (an hour) is not waited for
    assert [m.to for m in django_mail.outbox if m.subject == "Side til godkendelse"] == [["godkender@example.org"]]
    row.refresh_from_db()
    assert row.status == "sent"


def test_permissions(client, log_rows):
    row = log_rows["given_up"]
    retry_url = f"{INDEX}{row.pk}/retry/"

    # An editor with the admin but without the permission: no log, no menu item, no retry.
    client.force_login(
        staff(
            "redaktoer-uden",
        )
    )
    assert refused(client.get(INDEX))
    assert INDEX not in client.get("/admin/").content.decode()
    assert refused(client.post(retry_url))
    row.refresh_from_db()
    assert row.status == "failed"

    # "Kan se" only: the log, but not "Prøv igen".
    client.force_login(staff("kan-se", "view_outgoingemail"))
    listing = client.get(INDEX)
    assert listing.status_code == 200 and "Bekræft din tilmelding" in listing.content.decode()
    assert "Prøv igen" not in listing.content.decode()
    assert refused(client.get(retry_url)) and refused(client.post(retry_url))
    row.refresh_from_db()
    assert row.status == "failed"

    # Nobody adds, edits or deletes rows here.
    for path in ("new/", f"edit/{row.pk}/", f"delete/{row.pk}/", f"inspect/{row.pk}/"):
        assert client.get(INDEX + path).status_code == 404


def test_old_traces_are_purged_by_the_worker_sweep(log_rows, settings):
    settings.EMAIL_LOG_DAYS = 14
    later = timezone.now() + datetime.timedelta(days=15)
    assert mail.purge_email_log(now=later) == 2  # the sent trace and the given-up email
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "Nulstil adgangskode",
        "Side til godkendelse",
    ]
    assert mail.purge_email_log in tasks._housekeeping  # run by the worker's sweep


def test_both_permissions_can_be_given_to_a_group_in_the_admin(client, log_rows):
    """The group editor offers "Kan se" and "Kan sende igen" for the log, nothing else."""
    client.force_login(get_user_model().objects.create_superuser("admin2", "admin2@example.org", "x"))
    html = client.get("/admin/groups/new/").content.decode()
    ids = dict(
        Permission.objects.filter(content_type__app_label="movement", content_type__model="outgoingemail").values_list(
            "codename", "pk"
        )
    )
    offered = {codename for codename, pk in ids.items() if f'name="permissions" value="{pk}"' in html}
    assert offered == {"view_outgoingemail", "retry_outgoingemail"}, offered
    assert "Kan sende udgående e-mails igen" in html
