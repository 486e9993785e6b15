"""Every email the site sends goes through a queue in the database.

`EMAIL_BACKEND` is `QueuedEmailBackend`: `send_mail`, allauth's signup and
password-reset mails, Wagtail's workflow notices and the events'
confirmations write an `OutgoingEmail` row, in the same transaction as what
caused them, and return at once. The task worker sends it with the real
backend (`EMAIL_DELIVERY_BACKEND`, from `EMAIL_URL`) and retries with
backoff while the mail server does not answer. So a dead mail server is
never a 500, never leaves half a signup behind, and loses no mail.
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
from django.utils import timezone

from django_tasks import task

from movement.operations import tasks

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
        update = {"last_error": f"{error.__class__.__name__}: {error}"[:2000], "locked_until": None}
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
    # Sent: the row held addresses and text; nothing to keep.
    OutgoingEmail.objects.filter(pk=email_id).delete()
    return "sent"


tasks.register("movement.OutgoingEmail", send_email)
