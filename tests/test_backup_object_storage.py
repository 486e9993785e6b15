"""`make backup` → `make restore` with media in object storage: the real
commands as subprocesses, from an installation on one bucket (the test
database, its content made here with media in that bucket) into a fresh
empty installation (its own SQLite file or PostgreSQL database, an empty
bucket) on the S3 server the test run starts (moto, tests/conftest.py).

Pages, users, images with their renditions and documents come back with the
same bytes; the members' documents are still private (no public-read object,
anonymous readers sent to log in), and the restored site serves all of it."""

import json
from pathlib import Path

import pytest
import requests

from tests import live
from tests.conftest import new_bucket, s3_client, s3_env
from tests.live import database_url

ROOT = Path(__file__).resolve().parents[1]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"

SNAPSHOT = r"""
import hashlib, json
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

def digest(field):
    with field.storage.open(field.name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()

Image = get_image_model()
data = {
    "pages": sorted((p.url_path, p.title, p.live) for p in Page.objects.all()),
    "users": sorted((u.username, u.email, u.password, u.is_superuser) for u in get_user_model().objects.all()),
    "images": sorted((i.title, i.file.name, digest(i.file)) for i in Image.objects.all()),
    "renditions": sorted(
        (r.image.title, r.filter_spec, r.file.name, digest(r.file))
        for r in Image.get_rendition_model().objects.select_related("image")
    ),
    "documents": sorted(
        (d.title, d.collection.name, d.file.name, digest(d.file), bool(d.collection.get_view_restrictions()))
        for d in get_document_model().objects.all()
    ),
}
print(json.dumps(data))
"""

# What the restored site serves, through its own URL configuration.
SERVE = r"""
import json
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
client = Client()
pages = {p.url: client.get(p.url).status_code for p in Page.objects.live().specific() if p.url}
documents = []
for d in get_document_model().objects.all():
    response = client.get(d.url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    documents.append((d.file.name, response.status_code, response.get("Location", ""), len(body), d.file.size))
images = [i.get_rendition("fill-40x30").url for i in get_image_model().objects.all()]
print(json.dumps({"pages": pages, "documents": documents, "renditions": images}))
"""

# Serving first: it makes the renditions pages ask for, which the snapshot then holds.
BOTH = SERVE + "\n" + SNAPSHOT


class Installation(live.Installation):
    """An installation whose media are in a bucket of the S3 server."""

    def __init__(self, root, name, endpoint, bucket=None, database_url=None):
        self.bucket = bucket or new_bucket(endpoint)
        super().__init__(root, name, env=s3_env(endpoint, self.bucket), database_url=database_url)

    def json(self, code):
        return [json.loads(line) for line in self.shell(code).strip().splitlines()[-2:]]


def _public_read(s3, bucket, key):
    grants = s3.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ" for g in grants)


def _content(settings, endpoint, bucket):
    """A small site with media in the bucket: pages, a member, images with a
    rendition, a public document and one in the members' collection."""
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from manifesto.demo import members_collection
    from movement.demo import ensure_home
    from movement.models import StandardPage
    from tests.test_object_storage import _png, _use_bucket

    caches["default"].clear()  # renditions of another bucket
    _use_bucket(settings, endpoint, bucket)
    home = ensure_home()
    page = home.add_child(instance=StandardPage(title="Om bevægelsen", slug="om", body="<p>Samskabelse.</p>"))
    page.save_revision().publish()
    get_user_model().objects.create_user("medlem", "medlem@example.org", "kode-til-medlem")
    for title in ("Blå", "Grøn"):
        image = get_image_model()(title=title)
        image.file = ContentFile(_png(), name=f"{title.lower()}.png")
        image.save()
        image.get_rendition("fill-40x30")
    Document = get_document_model()
    for title, collection, name in (
        ("Kun for medlemmer", members_collection(), "medlemmer.pdf"),
        ("Offentlig", Collection.get_first_root_node(), "alle.pdf"),
    ):
        document = Document(title=title, collection=collection)
        document.file = ContentFile(f"%PDF-1.4 {title}".encode(), name=name)
        document.save()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_commands_round_trip_through_object_storage(tmp_path, s3_server, settings):
    s3 = s3_client(s3_server)
    bucket = new_bucket(s3_server)
    _content(settings, s3_server, bucket)
    source = Installation(tmp_path, "kilde", s3_server, bucket=bucket, database_url=database_url())
    target = Installation(tmp_path, "maal", s3_server)
    try:
        _served, before = source.json(BOTH)
        assert len(before["pages"]) >= 3 and before["users"] and len(before["renditions"]) >= 2
        assert [d[0] for d in before["documents"] if d[-1]] == ["Kun for medlemmer"]  # private
        source_keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=source.bucket)["Contents"])

        archive = Path(source.manage("backup", "--output", str(tmp_path / "backups")).strip().splitlines()[-1])
        assert archive.is_file()

        # Into an empty database (no tables yet) and an empty bucket.
        assert s3.list_objects_v2(Bucket=target.bucket).get("KeyCount", 0) == 0
        target.manage("restore", str(archive))
        served, after = target.json(BOTH)
        assert after == before  # serving made no rendition anew: they came back
        target_keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=target.bucket)["Contents"])
        assert target_keys == source_keys
        for key in target_keys:
            # Images public, documents private, as in the source bucket.
            assert _public_read(s3, target.bucket, key) == key.startswith(("images/", "original_images/")), key

        assert len(served["pages"]) >= 2 and all(s == 200 for s in served["pages"].values()), served["pages"]
        private = {name for _title, _coll, name, _digest, is_private in before["documents"] if is_private}
        for name, status, location, length, size in served["documents"]:
            if name in private:
                assert status == 302 and "/medlem/login/" in location  # no byte to an anonymous reader
            else:
                assert status == 200 and length == size
        for url in served["renditions"]:
            assert url.startswith(f"{s3_server}/{target.bucket}/"), url  # the restored bucket, not the old one
            response = requests.get(url, timeout=10)  # anonymous, straight from the bucket
            assert response.status_code == 200 and response.content
    finally:
        target.drop()
