"""A click on "Udgiv" while an autosave is under way publishes the page once
(movement/static/movement/admin/autosave-submit.js).

Wagtail 8.0's autosave creates a new page on its first success and only
then moves the form to the edit view. A publish clicked before that answer
arrived was posted to the create view again, refused ("Sluggen ... er
allerede i brug") and left a stray draft. CI on PostgreSQL hit it in the
article journey. Here the race is made certain rather than left to timing:
the browser lets the autosave reach the server, which creates the page, and
holds its answer back until Publish has been clicked."""

import re

import pytest

from .conftest import DESKTOP, PHONE
from .test_editor_journeys import admin_login, page_id, publish

pytestmark = pytest.mark.browser


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def is_autosave(request):
    return request.method == "POST" and "application/json" in (request.headers.get("accept") or "")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "desktop"])
def test_publish_during_autosave_of_a_new_page_publishes_it_once(new_page, live_site, viewport):
    from django.utils import timezone

    from news.models import ArticlePage

    e = expect()
    title = f"Udgivet mens kladden blev gemt ({viewport['width']} px)"
    page = new_page(viewport=viewport)
    admin_login(page)
    news_index_id = page_id(live_site, "news.NewsIndexPage", "nyheder")

    held = []

    def hold_answer(route):
        # The server sees the autosave now; the browser gets its answer later.
        held.append((route, route.fetch()))

    page.route(
        re.compile(r"/admin/pages/add/news/articlepage/\d+/$"),
        lambda route: hold_answer(route) if is_autosave(route.request) else route.continue_(),
    )
    page.goto(f"/admin/pages/add/news/articlepage/{news_index_id}/")
    # Wagtail's w-unsaved takes the form's starting state 2 s after load, and
    # only edits after that start an autosave.
    page.wait_for_function(
        "() => window.wagtail?.app?.getControllerForElementAndIdentifier("
        "document.getElementById('page-edit-form'), 'w-unsaved')"
        "?.initialFormData"
    )
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.keyboard.press("Escape")
    page.locator("#id_intro").fill("Et indlæg, der udgives midt i en automatisk gemning.")

    # Wait (pumping Playwright's events, so the route handler runs) until the
    # autosave has created the draft on the server.
    for _ in range(400):
        if held and ArticlePage.objects.filter(title=title).exists():
            break
        page.wait_for_timeout(50)
    assert held, "no autosave was sent within 20 s"
    assert ArticlePage.objects.filter(title=title).count() == 1

    publish(page)
    route, answer = held.pop()
    route.fulfill(response=answer)  # the autosave's answer arrives after the click

    e(page).to_have_url(re.compile(rf"/admin/pages/{news_index_id}/$"))
    pages = ArticlePage.objects.filter(title=title)
    assert pages.count() == 1, f"{pages.count()} pages titled {title!r}: the publish created another"
    assert pages.get().live, "the page autosave created was not published"
    for route, answer in held:  # later autosaves, if any, are let through
        route.fulfill(response=answer)
