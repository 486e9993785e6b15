"""The editors' side: the review workflow, scheduled publishing, automatic
redirects when a slug changes, and what search engines and share cards see."""

import datetime
import json
import re

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import WorkflowState

import pytest

from movement.demo import DEMO_EDITOR, DEMO_MODERATOR, WORKFLOW_NAME
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def _new_article(index, **extra):
    article = ArticlePage(title="Et nyt udspil om velfærd", slug="nyt-udspil", date=datetime.date(2026, 11, 1), **extra)
    index.add_child(instance=article)
    return article


def test_editor_submits_moderator_approves_page_goes_live(client, demo_site):
    index = NewsIndexPage.objects.get()
    assert index.get_workflow().name == WORKFLOW_NAME
    article = _new_article(index, live=False)
    article.save_revision()

    # The editor cannot publish, only submit for review.
    assert client.login(username=DEMO_EDITOR[0], password=DEMO_EDITOR[1])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    edit_page = client.get(edit_url)
    assert edit_page.status_code == 200
    assert "action-publish" not in edit_page.content.decode()
    # Post the edit form exactly as the admin renders it, with "submit".
    from wagtail.test.utils.form_data import querydict_from_html

    form_data = querydict_from_html(edit_page.content.decode(), form_id="page-edit-form")
    form_data["action-submit"] = "1"
    # StreamFields are drawn by JavaScript, so the HTML has no inputs for them.
    from wagtail.fields import StreamField

    for field in ArticlePage._meta.get_fields():
        if isinstance(field, StreamField) and f"{field.name}-count" not in form_data:
            form_data[f"{field.name}-count"] = "0"
    response = client.post(edit_url, form_data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response.status_code
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    article.refresh_from_db()
    assert not article.live
    # Moderators are told by email.
    assert any("godkender@example.org" in message.to for message in mail.outbox)

    # The moderator approves through the admin; the page goes live.
    client.logout()
    assert client.login(username=DEMO_MODERATOR[0], password=DEMO_MODERATOR[1])
    task_state = state.current_task_state
    action_url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    response = client.post(action_url, {"comment": "Godkendt"})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED, (state.status, response.status_code, response.get("Location"))
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_scheduled_publishing_with_publish_scheduled(client, demo_site):
    import time_machine

    index = NewsIndexPage.objects.get()
    article = _new_article(index, live=False)
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live  # scheduled, not published
    call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert not article.live  # not yet time

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert article.live


def test_expiry_unpublishes(client, demo_site):
    index = NewsIndexPage.objects.get()
    article = _new_article(index)
    article.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save_revision().publish()
    call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert not article.live
    assert article.expired


def test_slug_change_creates_automatic_redirect(client, demo_site, django_capture_on_commit_callbacks):
    index = NewsIndexPage.objects.get()
    article = _new_article(index)
    article.save_revision().publish()
    old_url = article.url
    article.slug = "nyt-navn"
    # Wagtail sends page_slug_changed after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/nyheder/nyt-navn/")


def _meta(html, attr, name):
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    items = []
    for block in blocks:
        data = json.loads(block)
        items.extend(data if isinstance(data, list) else [data])
    return items


def test_home_has_share_card_canonical_and_organisation(client, demo_site):
    html = client.get("/").content.decode()
    assert '<link rel="canonical" href="http://localhost/">' in html or 'rel="canonical"' in html
    assert _meta(html, "property", "og:title") == "Den Nationale Samskabelsesbevægelse"
    assert _meta(html, "property", "og:image").startswith("http")
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    assert _meta(html, "name", "description")
    types = {item["@type"] for item in _json_ld(html)}
    assert "Organization" in types


def test_meta_description_falls_back_to_intro_and_seo_fields_win(client, demo_site):
    index = NewsIndexPage.objects.get()
    article = _new_article(index, intro="En kort indledning om velfærd.")
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert _meta(html, "name", "description") == "En kort indledning om velfærd."
    assert _meta(html, "property", "og:description") == "En kort indledning om velfærd."
    article.search_description = "Søgemaskinebeskrivelse"
    article.seo_title = "SEO-titel"
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert _meta(html, "name", "description") == "Søgemaskinebeskrivelse"
    assert _meta(html, "property", "og:title") == "SEO-titel"


def test_every_page_type_has_canonical_and_og_tags(client, demo_site):
    from wagtail.models import Page

    seen = set()
    for page in Page.objects.live().public().specific().filter(depth__gte=2):
        if type(page) in seen:
            continue
        seen.add(type(page))
        html = client.get(page.url).content.decode()
        assert 'rel="canonical"' in html, page.url
        assert _meta(html, "property", "og:title"), page.url
        assert _meta(html, "property", "og:url"), page.url
    assert len(seen) >= 6


def test_json_ld_cannot_be_broken_out_of():
    from movement.seo import json_ld_script

    html = json_ld_script({"name": "</script><script>alert(1)</script>"})
    assert "</script><script>" not in html
    assert json.loads(re.search(r">(.*)</script>$", html).group(1))["name"].startswith("</script>")


def test_sitemap_lists_live_public_pages_with_lastmod(client, demo_site):
    index = NewsIndexPage.objects.get()
    draft = _new_article(index, live=False)
    draft.save_revision()
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "/nyheder/" in xml and "/principper/" in xml
    assert "<lastmod>" in xml
    assert "/nyt-udspil/" not in xml


def test_json_ld_for_articles_events_and_the_organisation(client, demo_site):
    from events.models import EventPage

    article = ArticlePage.objects.get(slug="i-moder-til-halsen-benspaend-til-bedre-modekultur")
    html = client.get(article.url).content.decode()
    (news_article,) = [item for item in _json_ld(html) if item["@type"] == "NewsArticle"]
    assert news_article["headline"] == "I møder til halsen – benspænd til bedre mødekultur"
    assert news_article["datePublished"] == "2019-01-21"
    assert {author["name"] for author in news_article["author"]} == {"Mikkel Ejsing", "Jacob Ørting"}
    assert news_article["publisher"]["name"] == "Den Nationale Samskabelsesbevægelse"
    assert news_article["articleSection"] == "Artikel"
    assert _meta(html, "property", "og:type") == "article"

    event = EventPage.objects.get(slug="nytaarskur-2018")
    html = client.get(event.url).content.decode()
    (event_data,) = [item for item in _json_ld(html) if item["@type"] == "Event"]
    assert event_data["startDate"] == "2018-02-01T13:00:00+01:00"
    assert event_data["location"]["name"] == "Folketingets Fællessal"

    html = client.get("/").content.decode()
    assert [item["name"] for item in _json_ld(html) if item["@type"] == "Organization"] == [
        "Den Nationale Samskabelsesbevægelse"
    ]
