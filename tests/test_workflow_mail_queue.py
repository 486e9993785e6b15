"""Workflow emails go through the durable queue: the demo's editor
("redaktoer", no publish rights) creates an article and submits it through
the admin while the mail server does not answer. The answer is no 500 but a
redirect with a Danish message; the submission is in the workflow; the notice
to the approver ("godkender") is an `OutgoingEmail` row with its task, tried
and retried by the worker; once a real SMTP server (aiosmtpd) answers it is
delivered once, in Danish, with links on PUBLIC_BASE_URL only. The approval
through the admin then tells the editor the same way."""

import re

from django.test import override_settings
from django.urls import reverse

from wagtail.fields import StreamField
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

import pytest
from django_tasks_db.models import DBTaskResult

from movement.demo import DEMO_EDITOR, DEMO_MODERATOR
from movement.models import OutgoingEmail
from movement.operations import tasks
from movement.tests.test_workflow_emails import notification_english
from news.models import ArticlePage, NewsIndexPage
from tests.live import free_port
from tests.mail import deliver_queue, plain

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC = "https://www.samskabelse.example"


def test_workflow_notices_are_queued_retried_danish_and_on_the_public_url(client, demo_site):
    port = free_port()  # nothing listens here yet
    index = NewsIndexPage.objects.get()
    with override_settings(
        PUBLIC_BASE_URL=PUBLIC,
        WAGTAILADMIN_BASE_URL=PUBLIC,
        EMAIL_BACKEND="movement.operations.mail.QueuedEmailBackend",
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
        EMAIL_RETRY_BACKOFF=0.2,
    ):
        # The editor submits a new article through the admin's create view.
        assert client.login(username=DEMO_EDITOR[0], password=DEMO_EDITOR[1])
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", index.pk])
        form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
        assert "action-publish" not in form
        for field in ArticlePage._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in form:
                form[f"{field.name}-count"] = "0"
        form.update({"title": "Et udspil om nærdemokrati", "slug": "udspil-naerdemokrati", "date": "02.11.2026"})
        form["action-submit"] = "1"
        response = client.post(url, form)
        assert response.status_code == 302, response.status_code
        landing = client.get(response["Location"]).content.decode()
        assert "prøver vi automatisk igen" in landing
        assert "indsendt" in landing

        article = ArticlePage.objects.get(slug="udspil-naerdemokrati")
        state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(article.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS and not article.live

        # The approver's notice is a queued email with its task, not sent in the request.
        notices = OutgoingEmail.objects.filter(recipient__startswith="g…@")
        assert notices.count() == 1 and notices.get().status == "pending"
        notice = notices.get()
        assert "godkender@example.org" in notice.message["to"]
        assert DBTaskResult.objects.filter(task_path__endswith="send_email", args_kwargs__args=[notice.pk]).exists()

        # The mail server does not answer: an attempt fails, the email waits for the retry.
        tasks.run_pending()
        notice.refresh_from_db()
        assert notice.status == "pending" and notice.attempts == 1 and "Connection" in notice.last_error
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the submission is not lost

        # The mail server answers: delivered, once.
        delivered = deliver_queue(port)
        to_moderator = [plain(c) for rcpt, c in delivered if "godkender@example.org" in rcpt]
        assert len(to_moderator) == 1, [rcpt for rcpt, _c in delivered]

        # The approver approves through the admin; the editor's notice goes the same way.
        client.logout()
        assert client.login(username=DEMO_MODERATOR[0], password=DEMO_MODERATOR[1])
        task_state = state.current_task_state
        action_url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
        response = client.post(action_url, {"comment": "Godkendt"})
        assert response.status_code in (200, 302)
        state.refresh_from_db()
        article.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED and article.live
        assert OutgoingEmail.objects.filter(recipient__startswith="r…@", status="pending").exists()
        delivered = deliver_queue(port)
        to_editor = [plain(c) for rcpt, c in delivered if "redaktoer@example.org" in rcpt]
        assert len(to_editor) == 1, [rcpt for rcpt, _c in delivered]

    english = notification_english()
    for text in to_moderator + to_editor:
        flat = " ".join(text.split())
        assert not [fragment for fragment in english if fragment in flat], text
        assert re.search(r"godkend|indsendt|arbejdsgang", text, re.I), text
        links = re.findall(r"https?://[^\s\"'<>]+", text)
        assert links, text
        assert all(link.startswith(PUBLIC + "/") for link in links), links
    assert any(f"/admin/pages/{article.pk}/" in text for text in to_moderator)
