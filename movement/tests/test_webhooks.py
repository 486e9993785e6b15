"""Publish webhooks against a real HTTP server on 127.0.0.1 (no mocks)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from movement.api.webhooks import SIGNATURE_HEADER, verify_signature, wait_for_deliveries
from movement.models import WebhookDelivery
from movement.tests.factories import PrinciplesPageFactory


class Receiver:
    """Answers with the queued status codes, then 200; records each request."""

    def __init__(self, statuses=(), hold=None):
        self.statuses = list(statuses)
        self.hold = hold
        self.requests = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                receiver.arrived.set()
                if receiver.hold is not None:
                    receiver.hold.wait(10)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(**kwargs):
        made.append(Receiver(**kwargs))
        return made[-1]

    yield make
    for r in made:
        if r.hold is not None:
            r.hold.set()
        r.close()


# Real commits, so on_commit fires and the delivery thread sees the rows;
# serialized_rollback restores Wagtail's root page after each flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def page():
    from movement.demo import ensure_home

    home = ensure_home()
    return PrinciplesPageFactory(parent=home)


def test_publish_posts_signed_json(page, receiver, settings):
    hook = receiver()
    settings.PUBLISH_WEBHOOK_URLS = [hook.url]
    settings.PUBLISH_WEBHOOK_SECRET = "hemmelig"
    page.save_revision().publish()
    wait_for_deliveries()
    headers, body = hook.requests[-1]
    assert verify_signature(body, headers[SIGNATURE_HEADER], "hemmelig")
    assert not verify_signature(body, headers[SIGNATURE_HEADER], "forkert")
    data = json.loads(body)
    assert data["event"] == "publish" and data["page_id"] == page.pk
    assert data["type"] == "movement.PrinciplesPage"
    assert data["url"].endswith("/principper/") and data["time"]
    delivery = WebhookDelivery.objects.get(event="publish")
    assert (delivery.status, delivery.status_code, delivery.attempts) == ("delivered", 200, 1)


def test_unpublish_and_delete(page, receiver, settings):
    hook = receiver()
    settings.PUBLISH_WEBHOOK_URLS = [hook.url]
    page.unpublish()
    wait_for_deliveries()
    page.refresh_from_db()
    page.save_revision().publish()
    wait_for_deliveries()
    page.delete()
    wait_for_deliveries()
    events = [json.loads(body)["event"] for _headers, body in hook.requests]
    assert events == ["unpublish", "publish", "delete"]


def test_retries_with_backoff_then_succeeds(page, receiver, settings):
    hook = receiver(statuses=[500, 503])
    settings.PUBLISH_WEBHOOK_URLS = [hook.url]
    settings.PUBLISH_WEBHOOK_BACKOFF = 0.01
    page.save_revision().publish()
    wait_for_deliveries()
    assert len(hook.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


def test_dead_receiver_is_logged_and_never_fails_publish(page, receiver, settings):
    dead = receiver()
    dead_url = dead.url
    dead.close()
    settings.PUBLISH_WEBHOOK_URLS = [dead_url]
    settings.PUBLISH_WEBHOOK_MAX_ATTEMPTS = 2
    settings.PUBLISH_WEBHOOK_BACKOFF = 0.01
    page.title = "Ny titel"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "Ny titel" and page.live
    wait_for_deliveries()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 2 and delivery.last_error


def test_slow_receiver_does_not_block_publishing(page, receiver, settings):
    hold = threading.Event()
    hook = receiver(hold=hold)
    settings.PUBLISH_WEBHOOK_URLS = [hook.url]
    page.save_revision().publish()  # returns at once: the worker sends, not the request
    assert WebhookDelivery.objects.get().status == "pending" and not hook.requests
    worker = threading.Thread(target=wait_for_deliveries)
    worker.start()
    assert hook.arrived.wait(10)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.locked_until is not None  # claimed, in flight
    hold.set()
    worker.join(30)
    assert WebhookDelivery.objects.get().status == "delivered"


def test_editors_see_the_delivery_log(page, receiver, settings, client, django_user_model):
    hook = receiver()
    settings.PUBLISH_WEBHOOK_URLS = [hook.url]
    page.save_revision().publish()
    wait_for_deliveries()
    admin = django_user_model.objects.create_superuser("a", "a@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/webhook_deliveries/")
    assert response.status_code == 200
    assert hook.url.encode() in response.content
    assert client.get("/admin/webhook_deliveries/new/").status_code in (302, 403)
