"""Every email the site sends goes through a queue in the database.

`EMAIL_BACKEND` is `QueuedEmailBackend`: `send_mail`, allauth's signup and
password-reset mails, Wagtail's workflow notices and the events'
confirmations write an `OutgoingEmail` row, in the same transaction as what
caused them, and return at once. The task worker sends it with the real
backend (`EMAIL_DELIVERY_BACKEND`, from `EMAIL_URL`) and retries with
backoff while the mail server does not answer. So a dead mail server is
never a 500, never leaves half a signup behind, and loses no mail.

Editors see the queue in the admin (Indstillinger → Udgående e-mails,
movement/operations/admin_views.py) with masked recipients only; a sent
email keeps its subject and masked recipient, not its text, for
`EMAIL_LOG_DAYS` days (`purge_email_log`, run by the worker's sweep).
"""

import base64
import datetime
import logging
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from django_tasks import task

from movement.operations import tasks
from movement.security.clients import mask_text

logger = logging.getLogger(__name__)


def serialize(message):
    """An EmailMessage as JSON (attachments base64), to be rebuilt by `deserialize`."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            attachments.append({"mime": base64.b64encode(attachment.as_bytes()).decode()})
            continue
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append({"filename": filename, "content": base64.b64encode(content).decode(), "mimetype": mimetype})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def deserialize(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for attachment in data.get("attachments", []):
        if "mime" in attachment:
            from email import message_from_bytes

            message.attach(message_from_bytes(base64.b64decode(attachment["mime"])))
        else:
            message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


def mask_address(address):
    """`anne@example.org` -> `a…@example.org`: enough to tell a mail domain's
    trouble or one person's email from another, not enough to read an address."""
    local, _at, domain = str(address).rpartition("@")
    if not local:
        return "…"
    return f"{local[0]}…@{domain}"


def masked_recipients(message):
    recipients = message.recipients()
    if not recipients:
        return ""
    more = f" (+{len(recipients) - 1})" if len(recipients) > 1 else ""
    return f"{mask_address(recipients[0])}{more}"[:255]


def delivery_connection():
    return get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)


class QueuedEmailBackend(BaseEmailBackend):
    """Writes each message to the queue; the task worker sends it."""

    def send_messages(self, email_messages):
        from movement.models import OutgoingEmail

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            # A fixed Message-ID: should a worker die between the mail
            # server's "250 OK" and deleting the row, the repeat is recognisable.
            message.extra_headers.setdefault("Message-ID", make_msgid(domain="samskabelse.dk"))
            with transaction.atomic():
                row = OutgoingEmail.objects.create(
                    subject=str(message.subject)[:255],
                    recipient=masked_recipients(message),
                    recipients=min(len(message.recipients()), 32767),
                    message=serialize(message),
                )
                tasks.enqueue(send_email, row.pk)
            count += 1
        return count


@task(backend=tasks.BACKEND)
def send_email(email_id):
    """One attempt at one email; deleted when sent, retried with backoff if not."""
    from movement.models import OutgoingEmail

    if not tasks.claim(OutgoingEmail, email_id):
        return "skipped"
    row = OutgoingEmail.objects.get(pk=email_id)
    try:
        message = deserialize(row.message)
        message.connection = delivery_connection()
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        max_attempts = max(1, getattr(settings, "EMAIL_MAX_ATTEMPTS", 8))
        now = timezone.now()
        # Mail servers name the refused address: the admin shows the error, masked.
        update = {"last_error": mask_text(f"{error.__class__.__name__}: {error}")[:2000], "locked_until": None}
        if row.attempts >= max_attempts:
            update["status"] = OutgoingEmail.Status.FAILED
            logger.error("mail: gave up on email %s after %d attempts: %s", email_id, row.attempts, error)
        else:
            wait = tasks.backoff(row.attempts, getattr(settings, "EMAIL_RETRY_BACKOFF", 30.0))
            update["next_attempt_at"] = now + datetime.timedelta(seconds=wait)
            logger.warning(
                "mail: email %s not sent (attempt %d), retry in %.1f s: %s", email_id, row.attempts, wait, error
            )
        OutgoingEmail.objects.filter(pk=email_id).update(**update)
        if "next_attempt_at" in update:
            tasks.enqueue(send_email, email_id, run_after=update["next_attempt_at"])
        return "failed"
    # Sent: keep a trace for the admin (subject, masked recipient, time), not
    # the text or the addresses; purge_email_log deletes the trace later.
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), message={}, locked_until=None, last_error=""
    )
    return "sent"


def retry(email_id):
    """ "Prøv igen" in the admin: a failed or given-up email is due now, with a
    fresh run of attempts. One conditional UPDATE, so a double click (or two
    editors) requeues it once; a sent email is never touched, and the claim in
    `send_email` keeps any task that is already queued for it from sending twice.
    Returns True when this call requeued it."""
    from movement.models import OutgoingEmail

    with transaction.atomic():
        now = timezone.now()
        retryable = OutgoingEmail.state_filter(OutgoingEmail.State.RETRYING) | OutgoingEmail.state_filter(
            OutgoingEmail.State.GIVEN_UP
        )
        not_running = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        # Clearing the error makes it "i kø": the same UPDATE matches it no more.
        requeued = OutgoingEmail.objects.filter(retryable, not_running, pk=email_id).update(
            status=OutgoingEmail.Status.PENDING, attempts=0, last_error="", next_attempt_at=now, updated_at=now
        )
        if requeued:
            tasks.enqueue(send_email, email_id)
    return bool(requeued)


def purge_email_log(now=None):
    """Delete the traces of sent emails, and given-up emails, older than
    `EMAIL_LOG_DAYS` days (personal data is kept no longer than needed)."""
    from movement.models import OutgoingEmail

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=float(getattr(settings, "EMAIL_LOG_DAYS", 14)))
    old = OutgoingEmail.objects.filter(
        status__in=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED], updated_at__lt=cutoff
    )
    deleted, _by_model = old.delete()
    return deleted


tasks.register("movement.OutgoingEmail", send_email)
tasks.register_housekeeping(purge_email_log)
