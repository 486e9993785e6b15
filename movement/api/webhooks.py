"""Publish webhooks: tell frontends when a page is published, unpublished
or deleted, so a static frontend can rebuild or purge its cache.

For each URL in `PUBLISH_WEBHOOK_URLS` we POST

    {"event": "publish", "page_id": 7, "type": "news.ArticlePage",
     "title": "...", "url": "https://.../nyheder/x/", "api_url": "...",
     "time": "2018-02-01T16:00:00+00:00"}

with `X-Samskabelse-Signature: sha256=<HMAC-SHA256 of the body with
PUBLISH_WEBHOOK_SECRET>`.

Why this shape:
- sent from `transaction.on_commit`, so a rolled-back publish sends nothing
  and the receiver can already fetch the new content from the API;
- sent from a small thread pool, so a slow or dead receiver never blocks
  the editor's request, and no error here can fail a publish;
- retried with exponential backoff (`PUBLISH_WEBHOOK_MAX_ATTEMPTS`,
  `PUBLISH_WEBHOOK_BACKOFF` seconds, doubling);
- every delivery is a `WebhookDelivery` row editors can read in the admin.
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import pre_delete
from django.utils import timezone

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Samskabelse-Signature"
EVENT_HEADER = "X-Samskabelse-Event"
DELIVERY_HEADER = "X-Samskabelse-Delivery"

_executor = None
_executor_lock = threading.Lock()
_futures = set()


def get_executor():
    global _executor
    with _executor_lock:
        if _executor is None:
            workers = getattr(settings, "PUBLISH_WEBHOOK_WORKERS", 2)
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="publish-webhook")
        return _executor


def wait_for_deliveries(timeout=30):
    """Block until queued deliveries finish (tests, management commands)."""
    pending = list(_futures)
    if pending:
        wait(pending, timeout=timeout)


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
            delivery = WebhookDelivery.objects.create(
                url=url,
                event=payload["event"],
                page_id=payload["page_id"],
                page_type=payload["type"],
                page_title=(payload["title"] or "")[:255],
                payload=body.decode(),
            )
            future = get_executor().submit(_deliver, delivery.pk, url, body, payload["event"])
            _futures.add(future)
            future.add_done_callback(_futures.discard)
        except Exception:  # noqa: BLE001
            logger.exception("webhook: could not queue %s for %s", payload["event"], url)


def _post(url, body, event, delivery_id):
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Samskabelse-Webhook/1",
            SIGNATURE_HEADER: sign(body),
            EVENT_HEADER: event,
            DELIVERY_HEADER: str(delivery_id),
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


def _deliver(delivery_id, url, body, event):
    from movement.models import WebhookDelivery

    max_attempts = max(1, getattr(settings, "PUBLISH_WEBHOOK_MAX_ATTEMPTS", 4))
    backoff = getattr(settings, "PUBLISH_WEBHOOK_BACKOFF", 2.0)
    try:
        for attempt in range(1, max_attempts + 1):
            status_code, error = _post(url, body, event, delivery_id)
            delivered = status_code is not None and 200 <= status_code < 300
            if delivered:
                status = WebhookDelivery.Status.DELIVERED
            elif attempt == max_attempts:
                status = WebhookDelivery.Status.FAILED
            else:
                status = WebhookDelivery.Status.PENDING
            WebhookDelivery.objects.filter(pk=delivery_id).update(
                status=status,
                status_code=status_code,
                attempts=attempt,
                last_error=error,
                updated_at=timezone.now(),
            )
            if delivered:
                return True
            logger.warning("webhook: %s to %s failed (attempt %d/%d): %s", event, url, attempt, max_attempts, error)
            if attempt < max_attempts:
                time.sleep(backoff * 2 ** (attempt - 1))
        return False
    except Exception:  # noqa: BLE001
        logger.exception("webhook: delivery %s crashed", delivery_id)
        return False
    finally:
        connections.close_all()


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
