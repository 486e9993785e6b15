"""Two app servers, as on several machines: two gunicorn instances of the
production settings on two free ports, sharing one PostgreSQL database (its
own, created and dropped here), Redis (REDIS_URL) and the S3 server.

An image and a document uploaded through one are served by the other; a
publish on one is seen at once on the other with the page and structure
caches on; rate limits and the login lockout count across both; a publish
webhook is delivered once, not once per server. Runs when DATABASE_URL is
PostgreSQL (`.ci/run` does), needs Redis at REDIS_URL or 127.0.0.1:6379.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings

import pytest
import requests

from tests.conftest import free_port, new_bucket, s3_env

BASE_DIR = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
EDITOR, PASSWORD = "redaktor2", "en-lang-adgangskode-2"

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs DATABASE_URL on PostgreSQL"
)

SETUP = f"""
from django.contrib.auth import get_user_model
from wagtail.models import APIToken, Page, Site
from home.models import HomePage
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Forside før", slug="forside"))
home.save_revision().publish()
Site.objects.all().delete()
Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="To servere")
User = get_user_model()
editor = User.objects.create_superuser("{EDITOR}", "redaktor2@example.org", "{PASSWORD}")
User.objects.create_user("udelukket", "udelukket@example.org", "{PASSWORD}", is_staff=True)
_token, plaintext = APIToken.create_token(user=editor, name="to-servere")
print("SETUP", home.pk, plaintext)
"""


class Hooks(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Hooks.received.append(json.loads(body or b"{}"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return client


@pytest.fixture(scope="module")
def cluster(s3_server, tmp_path_factory):
    redis_client = _redis()
    tmp = tmp_path_factory.mktemp("two-servers")
    db = settings.DATABASES["default"]
    name = f"samskabelse_two_{uuid.uuid4().hex[:8]}"
    user = db.get("USER") or "postgres"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    import psycopg

    admin = psycopg.connect(
        host=host, port=port, user=user, password=db.get("PASSWORD") or None, dbname="postgres", autocommit=True
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    hooks = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    ports = [free_port(), free_port()]
    prefix = f"two-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if k not in {"TEST_DATABASE_NAME", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "movement.settings.production",
            "SECRET_KEY": "two-servers-" + uuid.uuid4().hex,
            "DATABASE_URL": f"postgres://{user}@{host}:{port}/{name}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": prefix,
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports[0]}",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": ",".join(f"http://127.0.0.1:{p}" for p in ports),
            "SECURE_SSL_REDIRECT": "false",
            "ADMIN_2FA_REQUIRED": "false",
            "RATELIMIT_SEARCH": "6/m",
            "PUBLISH_WEBHOOK_URLS": f"http://127.0.0.1:{hooks.server_port}/hook",
            "VAR_DIR": str(tmp / "var"),
            "LOG_LEVEL": "WARNING",
            **s3_env(s3_server, new_bucket(s3_server)),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    servers = []
    try:
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=300)
        # The production settings' static storage needs its manifest.
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=300)
        out = subprocess.run(
            [*manage, "shell", "-c", SETUP],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        ).stdout
        _tag, home_id, token = out.strip().splitlines()[-1].split()
        for server_port in ports:
            log = open(tmp / f"gunicorn-{server_port}.log", "w")  # noqa: SIM115
            servers.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "movement.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{server_port}",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                    ],
                    cwd=BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        # Webhooks go through the database task queue: one worker for both servers.
        worker_log = open(tmp / "worker.log", "w")  # noqa: SIM115
        servers.append(
            subprocess.Popen(
                [*manage, "task_worker", "--interval", "0.5"],
                cwd=BASE_DIR,
                env=env,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
            )
        )
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url in urls:
            for _ in range(300):
                try:
                    if requests.get(f"{url}/healthz/", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.2)
            else:
                pytest.fail(f"gunicorn at {url} did not start: {(tmp / 'gunicorn-*.log')}")
        yield {"a": urls[0], "b": urls[1], "home_id": int(home_id), "token": token}
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        hooks.shutdown()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        for key in redis_client.scan_iter(f"{prefix}*"):
            redis_client.delete(key)


def _csrf(response):
    match = re.search(
        r'name="csrfmiddlewaretoken"\s+value="([^"]+)"|value="([^"]+)"\s+name="csrfmiddlewaretoken"', response.text
    )
    assert match, (response.status_code, response.text[:500])
    return match.group(1) or match.group(2)


def _login(base, username=EDITOR, password=PASSWORD):
    session = requests.Session()
    form = session.get(f"{base}/admin/login/", timeout=10)
    token = _csrf(form)
    response = session.post(
        f"{base}/admin/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
        headers={"Referer": f"{base}/admin/login/"},
        timeout=10,
        allow_redirects=False,
    )
    return session, response


def _upload(session, base, kind, filename, data, content_type):
    page = session.get(f"{base}/admin/{kind}/multiple/add/", timeout=10)
    token = _csrf(page)
    response = session.post(
        f"{base}/admin/{kind}/multiple/add/",
        data={"csrfmiddlewaretoken": token},
        files={"files[]": (filename, data, content_type)},
        headers={"X-Requested-With": "XMLHttpRequest", "Referer": f"{base}/admin/{kind}/multiple/add/"},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:500]
    payload = response.json()
    assert payload["success"], payload
    return payload


def test_uploads_through_one_are_served_by_the_other(cluster):
    import io

    from PIL import Image as PILImage

    session, response = _login(cluster["a"])
    assert response.status_code == 302, response.text[:300]
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (10, 160, 90)).save(buffer, "PNG")
    image = _upload(session, cluster["a"], "images", "to-servere.png", buffer.getvalue(), "image/png")
    detail = requests.get(f"{cluster['b']}/api/v2/images/{image['image_id']}/", timeout=10).json()
    download = requests.get(detail["meta"]["download_url"], timeout=10)
    assert download.status_code == 200 and download.content == buffer.getvalue()

    text = b"Et dokument fra server A"
    document = _upload(session, cluster["a"], "documents", "fra-a.txt", text, "text/plain")
    found = requests.get(f"{cluster['b']}/api/v2/documents/{document['doc_id']}/", timeout=10).json()
    served = requests.get(found["meta"]["download_url"], timeout=10)
    assert found["meta"]["download_url"].startswith(cluster["a"])  # the public URL names one host
    on_b = requests.get(cluster["b"] + found["meta"]["download_url"].removeprefix(cluster["a"]), timeout=10)
    assert served.content == text and on_b.status_code == 200 and on_b.content == text


def test_a_publish_on_one_is_seen_at_once_on_the_other(cluster):
    home = f"{cluster['b']}/"
    for _ in range(2):  # cached on B (page cache and structure cache, in Redis and B's memory)
        assert "Forside før" in requests.get(home, timeout=10).text
    Hooks.received.clear()
    auth = {"Authorization": f"Bearer {cluster['token']}"}
    page_url = f"{cluster['a']}/api/v3/pages/{cluster['home_id']}/"
    edit = requests.patch(page_url, json={"title": "Forside efter"}, headers=auth, timeout=30)
    assert edit.status_code == 200, edit.text[:300]
    publish = requests.post(f"{page_url}actions/publish/", headers=auth, timeout=30)
    assert publish.status_code in (200, 202), publish.text[:300]
    after = requests.get(home, timeout=10).text
    assert "Forside efter" in after and "Forside før" not in after
    # The webhook: once, from the server that published.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not Hooks.received:
        time.sleep(0.2)
    time.sleep(2)
    published = [hook for hook in Hooks.received if hook.get("event") == "publish"]
    assert len(published) == 1, Hooks.received


def test_rate_limits_count_across_both(cluster):
    answers = []
    for base in (cluster["a"], cluster["b"]) * 3:
        answers.append(requests.get(f"{base}/search/?q=samskabelse", timeout=10).status_code)
    assert answers == [200] * 6
    assert requests.get(f"{cluster['a']}/search/?q=samskabelse", timeout=10).status_code == 429
    assert requests.get(f"{cluster['b']}/search/?q=samskabelse", timeout=10).status_code == 429


def test_login_lockout_counts_across_both(cluster):
    for base in (cluster["a"], cluster["b"], cluster["a"], cluster["b"]):
        _session, response = _login(base, "udelukket", "forkert")
        assert response.status_code == 200  # the form again, with an error
    # The fifth failure, on either server, locks the pair out (AXES_FAILURE_LIMIT=5)...
    _session, response = _login(cluster["a"], "udelukket", "forkert")
    assert response.status_code == 429
    # ...on both, right password or not.
    for base in (cluster["b"], cluster["a"]):
        _session, response = _login(base, "udelukket", PASSWORD)
        assert response.status_code == 429
