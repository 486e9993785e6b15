"""Real concurrency on the production settings: 40 registrations for one
event at once, through gunicorn (2 workers x 4 threads) with CSRF, while
editors publish at the same time. No 5xx ("database is locked" was one on
SQLite), and the capacity holds. Runs on SQLite and on PostgreSQL."""

import http.cookiejar
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.db import connections
from django.utils import timezone

import pytest

from events import demo
from events.forms import make_token
from events.models import EventPage, Registration
from tests.live import ROOT, free_port, manage, production_env, stop, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPACITY = 10
REGISTRANTS = 40


def _healthy(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (127.0.0.1)
            return response.status == 200
    except OSError:
        return False


def test_rush_of_registrations_and_publishes_gives_no_5xx_and_holds_capacity(tmp_path):
    from django.core.management import call_command

    from news.models import ArticlePage

    call_command("load_demo_content", verbosity=0)
    event = EventPage.objects.get(slug=demo.DEMO_SLUG)
    event.capacity = CAPACITY
    event.waitlist_enabled = False
    event.save_revision().publish()
    articles = list(ArticlePage.objects.live()[:3])
    assert articles

    env = production_env(tmp_path)
    collected = manage(env, "collectstatic", "--noinput", "-v0")
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "movement.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--threads", "4", "--timeout", "60"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    statuses, errors = [], []
    try:
        assert wait_until(lambda: _healthy(base + "/healthz/"), 60), (tmp_path / "gunicorn.log").read_text()
        url = base + event.url
        start = threading.Barrier(REGISTRANTS + len(articles))

        def register(i):
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            try:
                page = opener.open(url, timeout=60).read().decode()
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                data = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": csrf,
                        "name": f"Deltager {i}",
                        "email": f"p{i}@example.org",
                        "organisation": "RUC",
                        "job_title": "",
                        "website": "",
                        "token": make_token(event, issued_at=timezone.now().timestamp() - 10),
                    }
                ).encode()
                start.wait(60)
                no_redirect = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
                try:
                    response = no_redirect.open(url, data=data, timeout=60)
                    statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))

        def publish(article):
            try:
                start.wait(60)
                for n in range(3):
                    article.title = f"{article.title.split(' #')[0]} #{n}"
                    article.save_revision().publish()
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=register, args=(i,)) for i in range(REGISTRANTS)]
        threads += [threading.Thread(target=publish, args=(ArticlePage.objects.get(pk=a.pk),)) for a in articles]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
    finally:
        stop(server)
        log.close()
    output = (tmp_path / "gunicorn.log").read_text()
    assert not errors, errors
    assert len(statuses) == REGISTRANTS
    assert not [s for s in statuses if s >= 500], (statuses, output[-3000:])
    assert "database is locked" not in output
    assert statuses.count(302) == CAPACITY and statuses.count(409) == REGISTRANTS - CAPACITY, statuses
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
