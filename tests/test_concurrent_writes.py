"""Real concurrency on the production settings: 40 registrations for one
event at once, through gunicorn (2 workers x 4 threads) with CSRF, while
editors, logged in to the admin like a browser, create new events, autosave
them and publish ("Udgiv"), as the issue saw it fail on SQLite ("database is
locked" 250 ms after the autosave). No 5xx, every publish took effect, and
the capacity holds. Runs on SQLite and on PostgreSQL."""

import re
import threading
import time

from django.utils import timezone

from wagtail.fields import StreamField
from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

import pytest
import requests

from events import demo
from events.forms import make_token
from events.models import EventIndexPage, EventPage, Registration
from tests.live import production_env, staff_user, start_gunicorn, stop, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CAPACITY = 10
REGISTRANTS = 40
EDITORS = 3
PASSWORD = "en-lang-adgangskode-til-admin"


def _gist(response):
    """Status, title and error messages of an admin answer, for a failing assert."""
    text = response.text
    found = re.findall(r"<title>(.*?)</title>|class=\"[^\"]*error[^\"]*\"[^>]*>\s*(.{0,200})", text, re.S)
    return response.status_code, response.url, [" ".join(part.split()) for pair in found for part in pair if part][:6]


def _healthy(url):
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Editor:
    """One editor's browser in the admin: what Wagtail 8's editor sends.

    The create form is read from the page's HTML (querydict_from_html, as a
    browser would submit it). Autosave is the `w-autosave` controller's
    fetch: the whole form as multipart, `Accept: application/json`, the CSRF
    token in `X-CSRFToken`; its answer names the edit URL (the form's new
    action), a hydrate URL the editor loads, the new revision (sent back as
    `overwrite_revision_id` on the next autosave) and field updates it writes
    into the form. "Udgiv" is the form's ordinary submit with `action-publish`.
    """

    def __init__(self, base, username, number):
        self.base = base
        self.username = username
        self.number = number
        self.session = requests.Session()
        self.session.headers["Connection"] = "close"  # see register()
        self.statuses = []
        self.slug = f"samtidigt-arrangement-{number}"
        self.title = f"Samtidigt arrangement {number}"

    def request(self, method, path, **kwargs):
        response = self.session.request(method, self.base + path, timeout=60, allow_redirects=False, **kwargs)
        self.statuses.append((method, path.split("?")[0], response.status_code))
        return response

    def csrf(self):
        return self.session.cookies.get("csrftoken")

    def log_in(self):
        page = self.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.request(
            "POST",
            "/admin/login/",
            data={"csrfmiddlewaretoken": token, "username": self.username, "password": PASSWORD},
        )
        assert response.status_code == 302, _gist(response)

    def open_create_form(self, parent_id):
        self.action = f"/admin/pages/add/events/eventpage/{parent_id}/"
        page = self.request("GET", self.action)
        assert page.status_code == 200, _gist(page)
        form = querydict_from_html(page.text, form_id="page-edit-form", exclude_csrf=False)
        for field in EventPage._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in form:
                form[f"{field.name}-count"] = "0"  # drawn by JavaScript: no inputs in the HTML
        form.update(
            {
                "title": self.title,
                "slug": self.slug,
                "lede": "Kom og vær med",
                "start": "01.12.2030 13:00",
                "end": "01.12.2030 16:00",
            }
        )
        self.form = form
        self.revision_id = None

    def _multipart(self, extra=None):
        data = [(key, value) for key in self.form for value in self.form.getlist(key)]
        data += list((extra or {}).items())
        # Multipart like the browser's FormData (requests sends multipart only with files).
        return {"files": [(key, (None, value)) for key, value in data]}

    def autosave(self, title):
        self.form["title"] = title
        extra = {"overwrite_revision_id": str(self.revision_id)} if self.revision_id else {}
        response = self.request(
            "POST",
            self.action,
            headers={"Accept": "application/json", "X-CSRFToken": self.csrf()},
            **self._multipart(extra),
        )
        assert response.status_code == 200, _gist(response)
        answer = response.json()
        assert answer["success"], answer
        self.revision_id = answer["revision_id"]
        for name, value in answer.get("field_updates", {}).items():
            self.form[name] = value
        if answer.get("url"):
            self.action = answer["url"]  # the form now posts to the edit view
        if answer.get("hydrate_url"):
            hydrate = self.request("GET", answer["hydrate_url"])
            assert hydrate.status_code == 200
            # The editing-sessions module the edit view brings pings while the editor types.
            self.ping_url = re.search(r'data-w-swap-src-value="([^"]+)"', hydrate.text).group(1).replace("&amp;", "&")
        self.page_id = answer["pk"]

    def ping(self):
        """The `w-session` controller's ping: a write (EditingSession) of its own."""
        response = self.request(
            "POST",
            self.ping_url,
            headers={"Accept": "application/json", "X-CSRFToken": self.csrf()},
            data={"is_editing": "1", "revision_id": str(self.revision_id)},
        )
        assert response.status_code == 200, _gist(response)

    def publish(self):
        response = self.request("POST", self.action, **self._multipart({"action-publish": "action-publish"}))
        assert response.status_code == 302, _gist(response)
        return response


def test_rush_of_registrations_and_admin_publishes_gives_no_5xx_and_holds_capacity(tmp_path):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    event = EventPage.objects.get(slug=demo.DEMO_SLUG)
    event.capacity = CAPACITY
    event.waitlist_enabled = False
    event.save_revision().publish()
    index = EventIndexPage.objects.get()
    for n in range(EDITORS):
        staff_user(f"udgiver{n}", "Godkendere", PASSWORD)  # may publish, as the demo's approver

    env = production_env(tmp_path, ADMIN_2FA_REQUIRED="false")
    server, base = start_gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4)
    statuses, errors = [], []
    editors = [Editor(base, f"udgiver{n}", n) for n in range(EDITORS)]
    try:
        assert wait_until(lambda: _healthy(base + "/healthz/"), 60), (tmp_path / "gunicorn.log").read_text()
        url = base + event.url
        start = threading.Barrier(REGISTRANTS + EDITORS)

        def register(i):
            session = requests.Session()
            # A new connection for each request: gunicorn closes an idle
            # keep-alive connection after 2 s, and a POST sent on it while
            # the barrier waited would be reset (a browser retries; requests does not).
            session.headers["Connection"] = "close"
            try:
                page = session.get(url, timeout=60).text
                csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
                data = {
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Deltager {i}",
                    "email": f"p{i}@example.org",
                    "organisation": "RUC",
                    "job_title": "",
                    "website": "",
                    "token": make_token(event, issued_at=timezone.now().timestamp() - 10),
                }
                start.wait(60)
                statuses.append(session.post(url, data=data, timeout=60, allow_redirects=False).status_code)
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))

        def edit(editor):
            try:
                editor.log_in()
                editor.open_create_form(index.pk)
                start.wait(60)
                editor.autosave(editor.title + " (kladde)")  # creates the draft page
                editor.ping()
                editor.autosave(editor.title)  # the next keystrokes, on the edit view
                time.sleep(0.25)  # the "Udgiv", 250 ms after the autosave
                editor.publish()
            except Exception as error:  # noqa: BLE001
                errors.append(f"{editor.username}: {error!r} after {editor.statuses}")

        threads = [threading.Thread(target=register, args=(i,)) for i in range(REGISTRANTS)]
        threads += [threading.Thread(target=edit, args=(editor,)) for editor in editors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
        # Each published event is served to a reader.
        served = {e.slug: requests.get(f"{base}{index.url}{e.slug}/", timeout=30) for e in editors}
    finally:
        stop(server)
    output = (tmp_path / "gunicorn.log").read_text()
    admin_statuses = [s for editor in editors for s in editor.statuses]
    assert not errors, (errors, output[-3000:])
    assert len(statuses) == REGISTRANTS
    assert not [s for s in statuses if s >= 500], (statuses, output[-3000:])
    assert not [s for s in admin_statuses if s[2] >= 500], (admin_statuses, output[-3000:])
    assert "database is locked" not in output
    assert statuses.count(302) == CAPACITY and statuses.count(409) == REGISTRANTS - CAPACITY, statuses
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY
    # Every publish took effect: live, with the editor's last text, its revision published.
    for editor in editors:
        page = EventPage.objects.get(slug=editor.slug)
        assert page.pk == editor.page_id
        assert page.live and not page.has_unpublished_changes
        assert page.title == editor.title
        assert page.live_revision_id == page.latest_revision_id
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() >= 2
        assert served[editor.slug].status_code == 200 and editor.title in served[editor.slug].text
