"""Durable background work: webhooks and emails as rows that outlive any
process, run by the task worker (`manage.py task_worker`, docs/operations.md).

Django's tasks framework (django-tasks with django-tasks-db's database
backend, alias `durable`) carries the work: a task row is written in the same
database as the data that caused it. The framework alone does not retry and
forgets a task whose worker was killed mid-run (the row stays RUNNING), so
the state that matters lives on our own rows (`WebhookDelivery`,
`OutgoingEmail`):

- each attempt first *claims* its row with one conditional UPDATE (pending,
  due, not leased), so two workers, or a task enqueued twice, never make the
  same attempt twice;
- the claim holds a lease (`TASK_LEASE_SECONDS`); a worker killed with
  `kill -9` leaves the row leased, and once the lease runs out the worker's
  sweep (`recover`) enqueues it again;
- a failed attempt sets the next time (exponential backoff) and enqueues a
  deferred task (`run_after`); the sweep also catches a retry whose enqueue
  was lost.
"""

import datetime
import logging
import os
import signal
import subprocess
import sys
import time

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

BACKEND = "durable"
# model label -> task, filled by the modules that own the work
# (movement.api.webhooks, movement.operations.mail) when they are imported.
_durable = {}
# Functions the worker's sweep also runs (old rows to delete, and the like).
_housekeeping = []


def register(model_label, task):
    """Let the sweep re-enqueue `task(pk)` for due rows of `model_label`."""
    _durable[model_label] = task


def register_housekeeping(function):
    """Let the worker's sweep call `function()` (e.g. `mail.purge_email_log`)."""
    if function not in _housekeeping:
        _housekeeping.append(function)


def housekeeping():
    for function in _housekeeping:
        try:
            function()
        except Exception:  # a locked or restarting database: next sweep  # noqa: BLE001
            logger.exception("tasks: housekeeping %s failed", function.__name__)


def lease_seconds():
    return float(getattr(settings, "TASK_LEASE_SECONDS", 60))


def backoff(attempt, base):
    """Seconds to wait after failed attempt number `attempt` (1, 2, 4, ... times base)."""
    return base * 2 ** (attempt - 1)


def enqueue(task, pk, run_after=None):
    """Queue `task(pk)` once the current transaction commits (at once outside one).
    If this process dies first, the row is still pending and the sweep finds it."""

    def send():
        try:
            (task.using(run_after=run_after) if run_after else task).enqueue(pk)
        except Exception:  # the sweep will find the row  # noqa: BLE001
            logger.exception("tasks: could not enqueue %s(%s)", task.name, pk)

    transaction.on_commit(send)


def claim(model, pk):
    """Take the row for one attempt; False when it is done, not due, or
    another worker has it. Counts the attempt, so a crash mid-attempt counts."""
    now = timezone.now()
    taken = (
        model.objects.filter(pk=pk, status="pending", next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(
            locked_until=now + datetime.timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    return taken == 1


def recover(now=None):
    """Enqueue every pending row that is due and not leased, and has waited
    longer than `TASK_RECOVERY_GRACE` seconds (a task for it is lost: its
    worker died, or the enqueue after a commit never ran). Returns how many."""
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=float(getattr(settings, "TASK_RECOVERY_GRACE", 30)))
    count = 0
    for label, task in _durable.items():
        model = apps.get_model(label)
        due = (
            model.objects.filter(status="pending", next_attempt_at__lte=now - grace)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .values_list("pk", flat=True)
        )
        for pk in list(due):
            # Moving next_attempt_at to now keeps the next sweep from
            # enqueueing it again before this task has had its grace period.
            if model.objects.filter(pk=pk, status="pending").update(next_attempt_at=now):
                task.enqueue(pk)
                count += 1
    if count:
        logger.warning("tasks: re-enqueued %d interrupted or lost task(s)", count)
    return count


def run_pending(recover_first=True):
    """Run every task that is due now, in this process, then return
    (tests, `task_worker --once`)."""
    from django_tasks_db.management.commands.db_worker import Worker

    if recover_first:
        recover()
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    ).run()


class WorkerLoop:
    """The worker process: sweep, run what is due, sleep, again. SIGTERM or
    SIGINT finish the running task and stop; a second signal stops at once."""

    def __init__(self, interval=1.0, sweep_every=10.0, parent_pid=None):
        self.interval = interval
        self.sweep_every = sweep_every
        self.parent_pid = parent_pid
        self.worker = None
        self.stopping = False
        self.worker_id = f"{os.getpid()}-{get_random_string(12)}"

    def _signal(self, signum, frame):
        if self.stopping or self.worker is None or not self.worker.running_task:
            raise SystemExit(0)
        self.stopping = True
        self.worker.running = False

    def parent_gone(self):
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def run(self):
        from django_tasks_db.management.commands.db_worker import Worker

        signal.signal(signal.SIGTERM, self._signal)
        signal.signal(signal.SIGINT, self._signal)
        logger.info("tasks: worker %s started", self.worker_id)
        last_sweep = 0.0
        while not self.stopping and not self.parent_gone():
            close_old_connections()
            if time.monotonic() - last_sweep >= self.sweep_every:
                try:
                    recover()
                except Exception:  # a locked or restarting database: next round  # noqa: BLE001
                    logger.exception("tasks: sweep failed")
                housekeeping()
                last_sweep = time.monotonic()
            self.worker = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name=BACKEND,
                startup_delay=False,
                max_tasks=None,
                worker_id=self.worker_id,
                excluded_queue_names=[],
            )
            try:
                self.worker.run()
            except Exception:  # noqa: BLE001
                logger.exception("tasks: worker round failed")
            self.worker = None
            close_old_connections()
            if not self.stopping:
                time.sleep(self.interval)


def supervise(argv, parent_pid=None):
    """Run the worker as a child process and start it again whenever it dies
    (`kill -9`, out of memory); stop with the parent (`make run`, `make serve`)."""
    child = None

    def stop(signum, frame):
        if child and child.poll() is None:
            child.terminate()
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        if parent_pid is not None and os.getppid() != parent_pid:
            stop(None, None)
        child = subprocess.Popen([sys.executable, *argv])  # noqa: S603 (our own manage.py)
        while child.poll() is None:
            if parent_pid is not None and os.getppid() != parent_pid:
                stop(None, None)
            time.sleep(0.5)
        logger.warning("tasks: worker exited with %s; starting it again", child.returncode)
        time.sleep(1)
