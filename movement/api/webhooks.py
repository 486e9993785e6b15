"""Publish webhooks: tell frontends when a page is published, unpublished
or deleted, so a static frontend can rebuild or purge its cache.

For each URL in `PUBLISH_WEBHOOK_URLS` we POST

    {"event": "publish", "page_id": 7, "type": "news.ArticlePage",
     "title": "...", "url": "https://.../nyheder/x/", "api_url": "...",
     "time": "2018-02-01T16:00:00+00:00"}

with `X-Samskabelse-Signature: sha256=<HMAC-SHA256 of the body with
PUBLISH_WEBHOOK_SECRET>`.

Why this shape:
- written from `transaction.on_commit`, so a rolled-back publish sends nothing
  and the receiver can already fetch the new content from the API;
- one `WebhookDelivery` row per receiver, sent by the task worker
  (`manage.py task_worker`, movement/operations/tasks.py), so a slow or dead
  receiver never blocks the editor's request, no error here can fail a
  publish, and nothing queued is lost when a process is killed;
- retried with exponential backoff (`PUBLISH_WEBHOOK_MAX_ATTEMPTS`,
  `PUBLISH_WEBHOOK_BACKOFF` seconds, doubling), each attempt claimed on the
  row first so no two workers make the same attempt;
- every attempt carries the delivery's `Idempotency-Key` (a UUID, the same
  on every retry): a worker killed after the receiver answered but before
  the answer was saved sends again, and the receiver drops the repeat.
  That is what "exactly once per receiver" can mean over HTTP;
- every delivery is a row editors can read in the admin.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from django_tasks import task

from movement.operations import tasks

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Samskabelse-Signature"
EVENT_HEADER = "X-Samskabelse-Event"
DELIVERY_HEADER = "X-Samskabelse-Delivery"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def wait_for_deliveries(timeout=30):
    """Run deliveries in this process until none is pending, retries
    included (tests, commands); gives up after `timeout` seconds."""
    import time

    from movement.models import WebhookDelivery

    deadline = time.monotonic() + timeout
    while True:
        tasks.run_pending(recover_first=False)
        if not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def sign(body, secret=None):
    secret = secret if secret is not None else settings.PUBLISH_WEBHOOK_SECRET
    if isinstance(secret, str):
        secret = secret.encode()
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify_signature(body, header, secret=None):
    """For receivers written in Python (and our tests)."""
    return hmac.compare_digest(sign(body, secret), header or "")


def page_payload(event, page):
    """The JSON document for `event` on `page` (called before a delete)."""
    from movement.api.representations import absolute_url

    specific_class = page.specific_class or type(page)
    try:
        url = page.get_full_url()
    except Exception:  # a page outside every site has no URL  # noqa: BLE001
        url = None
    return {
        "event": event,
        "page_id": page.pk,
        "type": specific_class._meta.label,
        "title": page.title,
        "url": url,
        "api_url": absolute_url(f"/api/v2/pages/{page.pk}/"),
        "time": timezone.now().isoformat(),
    }


def schedule(event, page):
    """Queue a delivery to every URL once the current transaction commits."""
    urls = list(getattr(settings, "PUBLISH_WEBHOOK_URLS", []) or [])
    if not urls:
        return
    try:
        payload = page_payload(event, page)
    except Exception:  # never fail a publish  # noqa: BLE001
        logger.exception("webhook: could not build the %s payload for page %s", event, page.pk)
        return
    transaction.on_commit(lambda: _enqueue(payload, urls))


def _enqueue(payload, urls):
    from movement.models import WebhookDelivery

    if payload["event"] == "unpublish" and not Page.objects.filter(pk=payload["page_id"]).exists():
        return  # deleted in the same transaction: the "delete" event says it all
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    for url in urls:
        try:
            with transaction.atomic():
                delivery = WebhookDelivery.objects.create(
                    url=url,
                    event=payload["event"],
                    page_id=payload["page_id"],
                    page_type=payload["type"],
                    page_title=(payload["title"] or "")[:255],
                    payload=body.decode(),
                )
                tasks.enqueue(deliver_webhook, delivery.pk)
        except Exception:  # noqa: BLE001
            logger.exception("webhook: could not queue %s for %s", payload["event"], url)


def _post(url, body, event, delivery):
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Samskabelse-Webhook/1",
            SIGNATURE_HEADER: sign(body),
            EVENT_HEADER: event,
            DELIVERY_HEADER: str(delivery.pk),
            IDEMPOTENCY_HEADER: str(delivery.idempotency_key),
        },
    )
    timeout = getattr(settings, "PUBLISH_WEBHOOK_TIMEOUT", 5)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URLs from settings)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc)) or exc.__class__.__name__


@task(backend=tasks.BACKEND)
def deliver_webhook(delivery_id):
    """One attempt at one delivery; on failure the next one is queued with backoff."""
    from movement.models import WebhookDelivery

    if not tasks.claim(WebhookDelivery, delivery_id):
        return "skipped"  # done, not due yet, or another worker has it
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    status_code, error = _post(delivery.url, delivery.payload.encode(), delivery.event, delivery)
    delivered = status_code is not None and 200 <= status_code < 300
    max_attempts = max(1, getattr(settings, "PUBLISH_WEBHOOK_MAX_ATTEMPTS", 4))
    now = timezone.now()
    update = {"status_code": status_code, "last_error": error, "locked_until": None, "updated_at": now}
    if delivered:
        update["status"] = WebhookDelivery.Status.DELIVERED
    elif delivery.attempts >= max_attempts:
        update["status"] = WebhookDelivery.Status.FAILED
    else:
        wait = tasks.backoff(delivery.attempts, getattr(settings, "PUBLISH_WEBHOOK_BACKOFF", 2.0))
        update["next_attempt_at"] = now + datetime.timedelta(seconds=wait)
    WebhookDelivery.objects.filter(pk=delivery_id).update(**update)
    if delivered:
        return "delivered"
    logger.warning(
        "webhook: %s to %s failed (attempt %d/%d): %s",
        delivery.event,
        delivery.url,
        delivery.attempts,
        max_attempts,
        error,
    )
    if "next_attempt_at" in update:
        tasks.enqueue(deliver_webhook, delivery_id, run_after=update["next_attempt_at"])
    return "failed"


tasks.register("movement.WebhookDelivery", deliver_webhook)


def on_page_published(sender, instance, **kwargs):
    schedule("publish", instance)


def on_page_unpublished(sender, instance, **kwargs):
    schedule("unpublish", instance)


def on_page_deleted(sender, instance, **kwargs):
    schedule("delete", instance)


def connect_signals():
    page_published.connect(on_page_published, dispatch_uid="movement_webhook_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="movement_webhook_unpublish")
    pre_delete.connect(on_page_deleted, sender=Page, dispatch_uid="movement_webhook_delete")
