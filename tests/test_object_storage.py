"""Media in S3-compatible object storage (MEDIA_STORAGE=s3), against a real
S3 server that the test run starts (moto's standalone server, tests/conftest.py).

Images land public-read with long cache headers and are fetched from the
bucket over HTTP; documents land private, are reached only through Wagtail's
serve view (collection privacy checked there), and never get a public URL;
backup and restore carry every object, ACLs included, into another bucket."""

import io
import tarfile

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
import requests
from PIL import Image as PILImage

from manifesto.demo import members_collection
from tests.conftest import new_bucket, s3_client

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def _use_bucket(settings, endpoint, bucket):
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = settings.AWS_SECRET_ACCESS_KEY = "testing"
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.AWS_S3_OBJECT_ACLS = True
    settings.AWS_QUERYSTRING_AUTH = False
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.MEDIA_URL = f"{endpoint}/{bucket}/"
    # Last: this setting's change makes Django build the default storage anew.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "movement.media.storage.MediaS3Storage"}}


@pytest.fixture
def bucket(settings, s3_server):
    from django.core.cache import caches

    caches["default"].clear()  # Wagtail caches renditions there: none from another test's bucket
    name = new_bucket(s3_server)
    _use_bucket(settings, s3_server, name)
    return name


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 60), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _public_read(client, bucket, key):
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS and g["Permission"] == "READ" for g in grants)


@pytest.fixture
def uploads(db, bucket):
    from wagtail.models import Collection

    image = get_image_model()(title="Blå")
    image.file = ContentFile(_png(), name="blaa.png")
    image.save()
    Document = get_document_model()
    private = Document(title="Kun for medlemmer", collection=members_collection())
    private.file = ContentFile(b"%PDF-1.4 kun for medlemmer", name="medlemmer.pdf")
    private.save()
    public = Document(title="Offentlig", collection=Collection.get_first_root_node())
    public.file = ContentFile(b"%PDF-1.4 for alle", name="alle.pdf")
    public.save()
    return image, private, public


@pytest.mark.django_db
def test_images_and_renditions_are_public_objects(uploads, bucket, s3_server):
    image, _private, _public = uploads
    rendition = image.get_rendition("fill-40x30")
    s3 = s3_client(s3_server)
    for name, url in ((image.file.name, image.file.url), (rendition.file.name, rendition.url)):
        assert url.startswith(f"{s3_server}/{bucket}/"), url
        assert "Signature" not in url  # a plain, cacheable address
        assert _public_read(s3, bucket, name)
        head = s3.head_object(Bucket=bucket, Key=name)
        assert head["CacheControl"] == "public, max-age=2592000"
        response = requests.get(url, timeout=10)  # anonymous, straight from the bucket
        assert response.status_code == 200
        assert PILImage.open(io.BytesIO(response.content)).size in ((80, 60), (40, 30))


@pytest.mark.django_db
def test_documents_are_private_objects_behind_the_serve_view(uploads, bucket, s3_server, client, django_user_model):
    from allauth.account.models import EmailAddress

    _image, private, public = uploads
    s3 = s3_client(s3_server)
    for document in (private, public):
        assert document.file.name.startswith("documents/")
        assert not _public_read(s3, bucket, document.file.name)
        assert s3.head_object(Bucket=bucket, Key=document.file.name)["CacheControl"] == "private, no-store"
        assert "X-Amz-Signature" in document.file.url  # never a plain public address
    # Anonymous: the members' document is a redirect to log in, no byte of it.
    response = client.get(private.url)
    assert response.status_code == 302 and "/medlem/login/" in response["Location"]
    # The public one streams from the bucket through the serve view.
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 for alle"
    # A member gets the private one, read from the bucket with our credentials.
    member = django_user_model.objects.create_user("m", "m@example.org", "pw")
    EmailAddress.objects.create(user=member, email="m@example.org", verified=True, primary=True)
    client.force_login(member)
    response = client.get(private.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 kun for medlemmer"


@pytest.mark.django_db
def test_backup_and_restore_carry_the_bucket(uploads, bucket, s3_server, settings, tmp_path):
    from movement.operations.backup import add_media, restore_media

    image, private, _public = uploads
    rendition = image.get_rendition("fill-40x30")
    s3 = s3_client(s3_server)
    names = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert {image.file.name, rendition.file.name, private.file.name} <= set(names)
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        add_media(tar)
    with tarfile.open(archive, "r:gz") as tar:
        assert sorted(m.name.removeprefix("media/") for m in tar.getmembers() if m.isfile()) == names
        tar.extractall(tmp_path / "out", filter="data")

    target = new_bucket(s3_server)
    _use_bucket(settings, s3_server, target)
    restore_media(tmp_path / "out" / "media")
    restored = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=target)["Contents"])
    assert restored == names
    for name in names:
        original = s3.get_object(Bucket=bucket, Key=name)["Body"].read()
        assert s3.get_object(Bucket=target, Key=name)["Body"].read() == original
        assert _public_read(s3, target, name) == name.startswith(("images/", "original_images/"))
    assert not _public_read(s3, target, private.file.name)
