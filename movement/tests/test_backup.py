"""`make backup` / `make restore`: a full round trip into an empty installation.

Runs the real management commands in subprocesses against their own database
(a SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL) and their own media folder, then compares pages, documents (with
file contents) and registrations on both sides.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

SNAPSHOT = r"""
import hashlib, json
from django.apps import apps
from wagtail.models import Page
from wagtail.documents import get_document_model
data = {
    "pages": sorted((p.url_path, p.title, p.live, p.content_type.model) for p in Page.objects.all()),
    "documents": sorted(
        (d.title, d.collection.name, hashlib.sha256(d.file.read()).hexdigest()) for d in get_document_model().objects.all()
    ),
    "registrations": [],
}
try:
    Registration = apps.get_model("events", "Registration")
    data["registrations"] = sorted((r.email, r.name) for r in Registration.objects.all())
except LookupError:
    pass
print(json.dumps(data))
"""

ADD_REGISTRATION = r"""
from django.apps import apps
try:
    Registration = apps.get_model("events", "Registration")
except LookupError:
    raise SystemExit(0)
from events.models import EventPage
event = EventPage.objects.order_by("-start").first()
fields = {f.name for f in Registration._meta.get_fields()}
values = {"event": event, "name": "Backup Test", "email": "backup@example.org"}
if "organisation" in fields:
    values["organisation"] = "Testkommune"
Registration.objects.create(**{k: v for k, v in values.items() if k in fields})
"""


def _manage(env, *args, input_code=None):
    cmd = [sys.executable, "manage.py", *args]
    if input_code is not None:
        cmd = [sys.executable, "manage.py", "shell", "-c", input_code]
    result = subprocess.run(cmd, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{cmd[2:4]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Installation:
    """One installation: its own database and media folder."""

    def __init__(self, root, name):
        self.root = root / name
        self.root.mkdir()
        self.db_name = None
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME"}}
        env.update({"DJANGO_SETTINGS_MODULE": "movement.settings.test", "MEDIA_ROOT": str(self.root / "media")})
        env["VAR_DIR"] = str(self.root / "var")
        if connection.vendor == "postgresql":
            db = settings.DATABASES["default"]
            self.db_name = f"samskabelse_backup_{name}_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.db_name}"')
            user = db.get("USER") or "postgres"
            env["DATABASE_URL"] = (
                f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.db_name}"
            )
        else:
            env["DATABASE_URL"] = f"sqlite:///{self.root / 'db.sqlite3'}"
        self.env = env

    def manage(self, *args):
        return _manage(self.env, *args)

    def shell(self, code):
        return _manage(self.env, input_code=code)

    def snapshot(self):
        return json.loads(self.shell(SNAPSHOT).strip().splitlines()[-1])

    def drop(self):
        if self.db_name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restore_round_trip(tmp_path):
    source = Installation(tmp_path, "source")
    target = Installation(tmp_path, "target")
    try:
        source.manage("migrate", "--noinput", "-v0")
        source.manage("load_demo_content")
        source.shell(ADD_REGISTRATION)
        before = source.snapshot()
        assert len(before["pages"]) > 5

        archive = Path(source.manage("backup", "--output", str(tmp_path / "backups")).strip().splitlines()[-1])
        assert archive.name.startswith("samskabelse-") and archive.name.endswith(".tar.gz")
        assert archive.is_file()

        target.manage("migrate", "--noinput", "-v0")
        target.manage("restore", str(archive))
        after = target.snapshot()
        assert after == before
        # The media files came along: every image file the database names exists.
        images = target.shell(
            "from wagtail.images import get_image_model\n"
            "import os\n"
            "print(all(os.path.exists(i.file.path) for i in get_image_model().objects.all()))"
        )
        assert images.strip().splitlines()[-1] == "True"

        # Restoring over a site with content is refused without --force.
        refused = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=BASE_DIR,
            env=target.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert refused.returncode != 0
        assert "--force" in refused.stderr
    finally:
        source.drop()
        target.drop()
