"""`make backup` / `make restore`: a full round trip into an empty installation.

Runs the real management commands in subprocesses against their own database
(a SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL) and their own media folder, then compares pages, documents (with
file contents) and registrations on both sides.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import live

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


class Installation(live.Installation):
    def snapshot(self):
        return json.loads(self.shell(SNAPSHOT).strip().splitlines()[-1])


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
