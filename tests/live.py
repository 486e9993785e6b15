"""Real processes for the tests of background work and concurrency: the
task worker and gunicorn on the test database, on free 127.0.0.1 ports."""

import os
import socket
import subprocess
import sys
import time
import uuid
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


def staff_user(username, group, password):
    """An admin user in `group` whose password the production settings'
    hasher knows (the test settings' MD5 is unknown to production)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org", is_staff=True)
    user.password = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))
    return user


def start_gunicorn(env, log_path, workers=2, threads=4):
    """gunicorn on a free port with `env` (collectstatic run first, as a
    deployment does); `(process, base URL)`, its output in `log_path`."""
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    log = open(log_path, "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "movement.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--threads", str(threads), "--timeout", "60"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    return process, f"http://127.0.0.1:{port}"


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


class Installation:
    """A second installation of the site for backup and restore: its own
    VAR_DIR, media folder and database (a new, empty one of the suite's
    engine, dropped by `drop()`, unless `database_url` names one), and
    `manage.py` run in it as a subprocess on the test settings. `env` adds
    variables (object storage)."""

    def __init__(self, root, name, env=None, database_url=None):
        self.root = root / name
        self.root.mkdir()
        self.db_name = None
        environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
        environ.update(
            DJANGO_SETTINGS_MODULE="movement.settings.test",
            VAR_DIR=str(self.root / "var"),
            MEDIA_ROOT=str(self.root / "media"),
        )
        environ.update(env or {})
        db = settings.DATABASES["default"]
        if db.get("PASSWORD"):
            environ["PGPASSWORD"] = str(db["PASSWORD"])
        if database_url:
            environ["DATABASE_URL"] = database_url
        elif connection.vendor == "postgresql":
            self.db_name = f"samskabelse_{name}_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.db_name}"')
            user = db.get("USER") or "postgres"
            environ["DATABASE_URL"] = (
                f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.db_name}"
            )
        else:
            environ["DATABASE_URL"] = f"sqlite:///{self.root / 'db.sqlite3'}"
        self.env = environ

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{args[:2]} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def shell(self, code):
        return self.manage("shell", "-c", code)

    def drop(self):
        if self.db_name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
