"""A real SMTP server (aiosmtpd) for the tests of the mail queue: start it,
run the queue's worker until nothing is pending, and read what arrived."""

import email
from email import policy

from aiosmtpd.controller import Controller

from movement.models import OutgoingEmail
from movement.operations import tasks
from tests.live import wait_until


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def deliver_queue(port, settle=0):
    """`[(recipients, MIME text)]` the server on `port` received while the
    worker drained the queue; after `settle` seconds the worker runs once
    more, so a second delivery of anything would be in the list."""
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:

        def drained():
            tasks.run_pending()
            return not OutgoingEmail.objects.filter(status="pending").exists()

        assert wait_until(drained, 30)
        if settle:
            wait_until(lambda: False, settle)
        tasks.run_pending()
    finally:
        server.stop()
    return inbox.messages


def plain(content):
    """The subject and decoded text parts of a MIME message."""
    message = email.message_from_string(content, policy=policy.default)
    parts = [message["Subject"] or ""]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)
