"""Work queued when a process is killed with SIGKILL is done after the
restart, retried with backoff, exactly once per receiver: a real worker
process, killed mid-delivery, and real receivers on 127.0.0.1."""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from movement.models import WebhookDelivery
from tests.live import production_env, start_worker, stop, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Receiver:
    """Answers the queued statuses in turn (the first may be held until
    released), then 200; records every request with its idempotency key."""

    def __init__(self, statuses, hold_first=False):
        self.statuses = list(statuses)
        self.requests = []  # (key, status answered)
        self.first_arrived = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                json.loads(body)
                first = not receiver.first_arrived.is_set()
                receiver.first_arrived.set()
                if first:
                    receiver.release.wait(30)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                receiver.requests.append((self.headers["Idempotency-Key"], status))
                try:
                    self.send_response(status)
                    self.end_headers()
                except OSError:
                    pass  # the worker that asked is dead

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self):
        return [key for key, status in self.requests if 200 <= status < 300]

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_sigkilled_worker_loses_nothing_and_delivers_once_per_receiver(settings, tmp_path):
    from movement.demo import ensure_home
    from movement.tests.factories import PrinciplesPageFactory

    page = PrinciplesPageFactory(parent=ensure_home())
    held = Receiver([500, 500], hold_first=True)  # killed while it holds; then fails once more
    flaky = Receiver([503])  # fails first, then succeeds
    settings.PUBLISH_WEBHOOK_URLS = [held.url, flaky.url]
    env = production_env(
        tmp_path, TASK_LEASE_SECONDS=2, TASK_RECOVERY_GRACE=0, PUBLISH_WEBHOOK_BACKOFF=0.3, PUBLISH_WEBHOOK_TIMEOUT=20
    )
    worker = None
    try:
        page.save_revision().publish()
        assert WebhookDelivery.objects.filter(status="pending").count() == 2

        worker = start_worker(env, tmp_path / "worker.log")
        assert held.first_arrived.wait(30), (tmp_path / "worker.log").read_text()
        os.kill(worker.pid, signal.SIGKILL)  # mid-delivery
        worker.wait(10)
        interrupted = WebhookDelivery.objects.get(url=held.url)
        assert interrupted.status == "pending" and interrupted.attempts == 1 and interrupted.locked_until
        held.release.set()  # its answer goes to a dead socket

        worker = start_worker(env, tmp_path / "worker.log")  # the restart
        assert wait_until(lambda: not WebhookDelivery.objects.filter(status="pending").exists(), 60), (
            tmp_path / "worker.log"
        ).read_text()[-3000:]
        wait_until(lambda: False, 1.5)  # time for any duplicate to show up

        for receiver in (held, flaky):
            delivery = WebhookDelivery.objects.get(url=receiver.url)
            assert delivery.status == "delivered" and delivery.status_code == 200
            keys = {key for key, _status in receiver.requests}
            assert keys == {str(delivery.idempotency_key)}  # one key on every retry
            assert receiver.accepted() == [str(delivery.idempotency_key)]  # accepted exactly once
        held_delivery = WebhookDelivery.objects.get(url=held.url)
        assert held_delivery.attempts == 3  # killed, 500, 200
        assert [status for _key, status in held.requests] == [500, 500, 200]
        assert WebhookDelivery.objects.get(url=flaky.url).attempts == 2
    finally:
        if worker is not None:
            stop(worker)
        held.close()
        flaky.close()
