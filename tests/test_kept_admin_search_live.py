"""What workers keep, on a real server: gunicorn with 2 workers on the
production settings (stamps in the shared file cache, kept answers in each
worker's memory).

One editor searches the admin over and over on new connections (so both
workers answer and keep, movement/editing/kept_search.py), another autosaves
a new draft title through the admin's editor: every search after it shows
the new title, whichever worker answers. Then the second editor publishes,
and every anonymous read of the article and the API after it shows the new
title, though both workers had it cached and knew its stamps
(`page_cache.current_versions` trusts known stamps while `any` is unchanged)."""

import re

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

import pytest
import requests

from news.models import ArticlePage
from tests.live import production_env, staff_user, start_gunicorn, stop, wait_until
from tests.test_concurrent_writes import PASSWORD, Editor, _gist, _healthy

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORD = "ledelse"


class ArticleEditor(Editor):
    def open_edit_form(self, page):
        self.action = f"/admin/pages/{page.pk}/edit/"
        response = self.request("GET", self.action)
        assert response.status_code == 200, _gist(response)
        self.form = querydict_from_html(response.text, form_id="page-edit-form", exclude_csrf=False)
        for field in ArticlePage._meta.get_fields():
            if isinstance(field, StreamField) and f"{field.name}-count" not in self.form:
                self.form[f"{field.name}-count"] = "0"
        self.revision_id = None

    def search(self):
        response = self.request("GET", f"/admin/pages/search/?q={WORD}")
        assert response.status_code == 200, _gist(response)
        return response


def test_a_draft_saved_on_one_worker_shows_in_every_search_at_once(tmp_path):
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    article = ArticlePage.objects.live().filter(title__icontains=WORD).first()
    assert article is not None
    staff_user("soeger", "Redaktører", PASSWORD)
    staff_user("skriver", "Godkendere", PASSWORD)  # may publish

    env = production_env(tmp_path, ADMIN_2FA_REQUIRED="false")
    server, base = start_gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=2)
    try:
        assert wait_until(lambda: _healthy(base + "/healthz/"), 60), (tmp_path / "gunicorn.log").read_text()
        searcher, writer = ArticleEditor(base, "soeger", 1), ArticleEditor(base, "skriver", 2)
        searcher.log_in()
        writer.log_in()
        before = [searcher.search() for _ in range(12)]
        kept_before = [r.headers.get("X-Admin-Search") for r in before]
        assert "kept" in kept_before, kept_before
        assert all(article.title in r.text for r in before)

        new_title = f"{article.title} (ny kladde)"
        writer.open_edit_form(article)
        writer.autosave(new_title)
        after = [searcher.search() for _ in range(12)]

        # Anonymous readers: the article, its API detail and the listing, cached on both workers.
        reads = [article.url, f"/api/v2/pages/{article.pk}/", "/api/v2/pages/?type=news.ArticlePage&fields=title"]

        def read_all():
            return {url: [_anonymous(base + url) for _ in range(8)] for url in reads}

        cached_before = read_all()
        writer.autosave(new_title + " udgivet")
        writer.publish()
        published = read_all()
    finally:
        stop(server)
    output = (tmp_path / "gunicorn.log").read_text()
    missing = [i for i, r in enumerate(after) if new_title not in r.text]
    assert not missing, (missing, [r.headers.get("X-Admin-Search") for r in after], output[-2000:])
    # The first answer after the draft was rendered afresh, the later ones kept again.
    assert after[0].headers.get("X-Admin-Search") == "fresh"
    assert "kept" in [r.headers.get("X-Admin-Search") for r in after]
    assert not re.search(r"Traceback|database is locked", output), output[-3000:]
    for url, responses in cached_before.items():
        assert all(r.status_code == 200 and article.title in r.text for r in responses), url
        assert any(
            r.headers.get("X-Page-Cache") == "HIT" or r.headers.get("X-API-Cache") == "HIT" for r in responses
        ), (
            url,
            [dict(r.headers) for r in responses[:2]],
        )
    for url, responses in published.items():
        stale = [i for i, r in enumerate(responses) if f"{new_title} udgivet" not in r.text]
        assert not stale, (url, stale)


def _anonymous(url):
    return requests.get(url, headers={"Connection": "close"}, timeout=30)
