"""The peer in the benchmark: a clone of wagtail/bakerydemo, served like us.

`make bench BENCH_PEER=/path/to/bakerydemo` (or `--peer PATH`). Nothing of
the peer is vendored here: the caller clones it (any commit that runs on this
Python: Wagtail 6.x-7.2 with Django 5.x; its newest needs Django 6 and
Python 3.12). This module builds it in its own virtualenv under
`var/bench-peer/` from PyPI (its own `requirements/base.txt` plus gunicorn
and WhiteNoise, which its production settings use), loads its demo data with
its own `load_initial_data` into a fresh SQLite file, collects its static
files and serves it with gunicorn exactly as we are served (production
settings, same workers and threads). Its production settings force an HTTPS
redirect, so every request carries `X-Forwarded-Proto: https` (what a TLS
proxy in front of it would send).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PEER_DIR = BASE_DIR / "var" / "bench-peer"
HEADERS = {"X-Forwarded-Proto": "https"}
# Extra packages its production settings need that base.txt leaves to the host.
EXTRA = ("gunicorn", "whitenoise>=6.6,<7")
# django-tasks 0.9.0 (what Wagtail 7.2 picks) fails on Python 3.11 when a task
# runs ("super(type, obj): obj must be an instance"), so load_initial_data
# dies; 0.8.1 works. A constraint, so peers that do not use it do not get it.
CONSTRAINTS = "django-tasks!=0.9.0\n"


def log(message):
    print(f"[bench] peer: {message}", file=sys.stderr, flush=True)


def check(path):
    """A clear message for a path that is not a bakerydemo clone."""
    path = Path(path).expanduser().resolve()
    if not (path / "manage.py").exists() or not (path / "bakerydemo" / "settings" / "production.py").exists():
        sys.exit(
            f"bench: {path} is not a clone of wagtail/bakerydemo (no manage.py, bakerydemo/settings/production.py)"
        )
    if not (path / "requirements" / "base.txt").exists():
        sys.exit(f"bench: {path}/requirements/base.txt is missing")
    return path


def venv_for(path):
    requirements = (path / "requirements" / "base.txt").read_bytes()
    digest = hashlib.sha256(requirements + repr(EXTRA).encode() + CONSTRAINTS.encode()).hexdigest()[:12]
    return PEER_DIR / f"venv-{digest}"


def build(path):
    """Its own virtualenv (kept between runs, keyed on its requirements)."""
    venv = venv_for(path)
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return python
    log(f"building a virtualenv in {venv} (its requirements/base.txt from PyPI)")
    shutil.rmtree(venv, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    constraints = venv / "constraints.txt"
    constraints.write_text(CONSTRAINTS)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(constraints)]
    subprocess.run([*pip, "-r", str(path / "requirements" / "base.txt"), *EXTRA], check=True)
    marker.write_text("ok\n")
    return python


def environment(path, workdir):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "VIRTUAL_ENV"))},
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": hashlib.sha256(os.urandom(32)).hexdigest(),
        "DATABASE_URL": f"sqlite:///{workdir / 'peer.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def prepare(path, workdir):
    """Migrate, load its demo data, collect static; then pick like URLs."""
    python = build(path)
    env = environment(path, workdir)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_initial_data"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        log("manage.py " + " ".join(command))
        done = subprocess.run([str(python), "manage.py", *command], cwd=path, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-3000:])
            raise RuntimeError(f"peer: manage.py {command[0]} failed")
    picked = subprocess.run(
        [str(python), "manage.py", "shell", "-c", PICK_URLS], cwd=path, env=env, capture_output=True, text=True
    )
    if picked.returncode != 0:
        sys.stderr.write(picked.stderr[-3000:])
        raise RuntimeError("peer: picking URLs failed")
    urls = json.loads(picked.stdout.strip().splitlines()[-1])
    return python, env, urls


# Run inside the peer (its models): the pages like ours.
PICK_URLS = r"""
import json
from django.templatetags.static import static
from wagtail.models import Page
from bakerydemo.blog.models import BlogIndexPage, BlogPage
from bakerydemo.locations.models import LocationPage
index = BlogIndexPage.objects.live().first()
posts = BlogPage.objects.live().order_by("-date_published", "-pk")
post = posts[posts.count() // 2]
tag = post.tags.order_by("slug").first()
location = LocationPage.objects.live().order_by("pk").first()
css = "css/main.css"
try:
    static_url = static(css)
except ValueError:
    static_url = "/static/" + css
print(json.dumps({
    "home": "/",
    "feed": index.url,
    "tag": f"{index.url}tags/{tag.slug}/" if tag else f"{index.url}tags/",
    "article": post.url,
    "event": location.url,
    "search": "/search/?q=bread",
    "api_listing": "/api/v2/pages/?type=blog.BlogPage&fields=*",
    "api_detail": f"/api/v2/pages/{post.pk}/",
    "static": static_url,
}))
"""


def server_command(python, port, args):
    return [
        str(python),
        "-m",
        "gunicorn",
        "bakerydemo.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
    ]


def healthy(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status == 200


if __name__ == "__main__":  # build only: `python -m bench.peer /path/to/bakerydemo`
    print(build(check(sys.argv[1])))
