"""Real processes for the tests of background work and concurrency: the
task worker and gunicorn on the test database, on free 127.0.0.1 ports."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """DATABASE_URL of the test database, for processes outside pytest."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def production_env(var_dir, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "TEST_DATABASE", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="movement.settings.production",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url(),
        DATABASE_CONN_MAX_AGE="0",
        VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        RATELIMIT_ENABLE="false",
        AXES_ENABLED="false",
        LOG_FORMAT="plain",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args):
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True
    )


def start_worker(env, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "task_worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until(predicate, timeout=60, step=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
