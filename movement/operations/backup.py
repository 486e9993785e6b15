"""Backups that restore: the database and the media files in one dated archive.

The database is copied with the engine's own tool, so nothing is lost in a
translation: SQLite's online backup API (safe while the site is serving) or
`pg_dump --format=custom`. An archive holds:

    manifest.json          engine, time, and row counts used to verify a restore
    database.sqlite3       (SQLite) or database.dump (PostgreSQL)
    media/...              uploaded images and documents (from MEDIA_ROOT, or
                           every object of the bucket with MEDIA_STORAGE=s3)
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
COUNTED_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "auth.User",
    "movement.Person",
    "movement.Organisation",
    "events.Registration",
]


class BackupError(Exception):
    pass


def row_counts():
    """Rows per model that matter to editors, to compare after a restore."""
    counts = {}
    for label in COUNTED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model.objects.count()
    return counts


def _pg_env(db):
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db):
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _dump_database(target_dir):
    db = settings.DATABASES["default"]
    vendor = connection.vendor
    if vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "sqlite", target.name
    if vendor == "postgresql":
        target = target_dir / "database.dump"
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *_pg_args(db),
                "--file",
                str(target),
                db["NAME"],
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
        )
        return "postgresql", target.name
    raise BackupError(f"Backup of {vendor} databases is not supported.")


def create_backup(output_dir):
    """Write `samskabelse-YYYYMMDD-HHMMSS.tar.gz` into output_dir; return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"samskabelse-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        engine, db_file = _dump_database(tmp_dir)
        manifest = {
            "format": 1,
            "created": timezone.now().isoformat(),
            "engine": engine,
            "database_file": db_file,
            "counts": row_counts(),
        }
        (tmp_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(tmp_dir / MANIFEST, arcname=MANIFEST)
            tar.add(tmp_dir / db_file, arcname=db_file)
            add_media(tar)
    return archive


def _on_disk():
    from django.core.files.storage import FileSystemStorage, storages

    return isinstance(storages["default"], FileSystemStorage)


def _storage_files(storage, prefix=""):
    """Every file name in a storage (object storage has no folders to walk on disk)."""
    directories, files = storage.listdir(prefix)
    for name in files:
        yield f"{prefix}{name}"
    for directory in directories:
        yield from _storage_files(storage, f"{prefix}{directory}/")


def add_media(tar):
    """The uploads into `media/` of the archive: from MEDIA_ROOT, or every
    object of the bucket (MEDIA_STORAGE=s3), private documents included."""
    from django.core.files.storage import default_storage

    if _on_disk():
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            tar.add(media_root, arcname="media")
        return
    for name in _storage_files(default_storage):
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        info = tarfile.TarInfo(f"media/{name}")
        info.size = len(data)
        info.mtime = int(timezone.now().timestamp())
        tar.addfile(info, io.BytesIO(data))


def restore_media(media_src):
    """Put the archive's media back under the same names (the database names
    them), on disk or in the bucket; the storage sets each object's ACL."""
    from django.core.files.storage import default_storage

    media_src = Path(media_src)
    if not media_src.exists():
        return
    if _on_disk():
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(media_src, media_root, dirs_exist_ok=True)
        return
    for path in sorted(p for p in media_src.rglob("*") if p.is_file()):
        name = path.relative_to(media_src).as_posix()
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(path, "rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"Could not restore {name} under its own name (got {saved}).")


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            raise BackupError("The archive has no manifest.json.")
        return json.loads(member.read())


def database_is_empty():
    """True when no migrations have run yet, or no pages beyond Wagtail's own."""
    tables = connection.introspection.table_names()
    if "wagtailcore_page" not in tables:
        return True
    from wagtail.models import Page

    return Page.objects.count() <= 2


def restore_backup(archive, force=False):
    """Bring an archive back into this installation. Refuses to overwrite a
    site that has content unless `force`, so a mistyped command loses nothing."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    manifest = read_manifest(archive)
    vendor = connection.vendor
    if manifest["engine"] != vendor:
        raise BackupError(f"The archive is from {manifest['engine']}; this installation runs {vendor}.")
    if not force and not database_is_empty():
        raise BackupError("This installation already has content. Use --force to replace it.")
    db = settings.DATABASES["default"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_dir, filter="data")
        db_file = tmp_dir / manifest["database_file"]
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(db_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    *_pg_args(db),
                    "--dbname",
                    db["NAME"],
                    str(db_file),
                ],
                check=True,
                env=_pg_env(db),
                capture_output=True,
            )
        restore_media(tmp_dir / "media")
    return manifest
