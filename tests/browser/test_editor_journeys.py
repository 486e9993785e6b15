"""What editors do in the Danish Wagtail admin, in Chromium: write and
publish an article (journey 1), add a program session with a speaker to an
upcoming event (journey 2); then check that readers and the API see it."""

import re
from urllib.parse import quote, unquote, urlsplit

from django.utils import timezone

import pytest

pytestmark = pytest.mark.browser

ADMIN = ("admin", "admin")
EXISTING_TAG = "Ledelse"
NEW_TAG = "Grøn fællesskabsøkonomi"
LINKED_PAGE = ("De 7 principper", "/principper/")
UPCOMING_EVENT_SLUG = "samskabelse-i-praksis-demo"
SPEAKER = "Jacob Torfing"


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def admin_login(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(ADMIN[0])
    page.locator("#id_password").fill(ADMIN[1])
    page.locator("form button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/admin/$"))


def admin_script_errors(console_errors):
    """Console errors that break the admin: blocked or failing scripts."""
    return [e for e in console_errors if "script" in e.lower() or e.startswith("uncaught")]


def choose_in_modal(page, search, link_name):
    """Wagtail's chooser modals: search, then click the hit."""
    modal = page.locator(".modal-dialog")
    expect()(modal).to_be_visible()
    modal.locator("input[name=q]").fill(search)
    modal.get_by_role("link", name=link_name).first.click()
    expect()(modal).to_be_hidden()


def publish(page):
    page.locator("footer .w-dropdown-button [data-w-dropdown-target=toggle]").click()
    page.locator("footer button[name=action-publish]").click()


def page_id(live_site, model_path, slug):
    """A page's id from the public API (what an integrator would do)."""
    from django.apps import apps

    return apps.get_model(model_path).objects.get(slug=slug).pk


# --- Journey 1 -------------------------------------------------------------


def test_editor_publishes_article(page, live_site, console_errors, new_page):
    """Log in, create an article with an image, a category, an existing and a
    new (æøå) tag, a body with a heading and a link to another page; preview;
    publish. Then the article is on its tag page, in the feed, in search and
    in the API."""
    e = expect()
    title = "Grøn omstilling i Ærøskøbing"
    heading = "Hvad er næste skridt?"
    admin_login(page)

    # The news index in the page explorer, then "add child page": ArticlePage
    # is the only allowed type, so Wagtail goes straight to its form.
    news_index_id = page_id(live_site, "news.NewsIndexPage", "nyheder")
    page.goto(f"/admin/pages/{news_index_id}/add_subpage/")
    e(page).to_have_url(re.compile(r"/admin/pages/add/news/articlepage/\d+/$"))

    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.keyboard.press("Escape")  # closes the date picker
    page.locator("#id_intro").fill("Et nyt indlæg om grøn omstilling og fællesskaber i Ærøskøbing.")

    page.locator("#id_category-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    e(modal, f"the category chooser did not open; console: {admin_script_errors(console_errors)}").to_be_visible()
    modal.get_by_role("link", name="Artikel", exact=True).click()
    e(modal).to_be_hidden()

    # Tags: the tagit widget; an existing tag picked from the autocomplete,
    # a new one with æøå typed in full.
    tag_input = page.locator("ul.tagit input").first
    tag_input.click()
    tag_input.press_sequentially(EXISTING_TAG[:5], delay=40)
    page.locator("ul.ui-autocomplete li", has_text=EXISTING_TAG).first.click()
    tag_input.press_sequentially(NEW_TAG, delay=20)
    tag_input.press("Enter")
    e(page.locator("ul.tagit li.tagit-choice")).to_have_count(2)

    page.locator("#id_image-chooser .chooser__choose-button").click()
    e(
        page.locator(".modal-dialog"), f"the image chooser did not open; console: {admin_script_errors(console_errors)}"
    ).to_be_visible()
    page.locator(".modal-dialog").get_by_role("link", name="Samskabelse på tværs").first.click()
    e(page.locator(".modal-dialog")).to_be_hidden()

    # Body: a heading block, then a paragraph with a link to another page.
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Overskrift", exact=True).click()
    page.locator("#body-0-value-text").fill(heading)
    page.locator("#body-root button.c-sf-add-button").last.click()
    page.get_by_role("option", name="Tekst", exact=True).click()
    editor = page.locator("#body-root [contenteditable=true]").first
    editor.click()
    page.keyboard.type("Læs de syv principper")
    for _ in range(len("syv principper")):
        page.keyboard.press("Shift+ArrowLeft")
    page.locator("button[name=LINK]").click()
    choose_in_modal(page, "principper", LINKED_PAGE[0])
    e(editor.locator(f"a[href='{LINKED_PAGE[1]}']")).to_be_visible()

    # Preview in the side panel, as the editor does, then publish.
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("iframe[src*='preview']").first
    e(preview.locator("main h1")).to_have_text(title)
    e(preview.locator("main h2", has_text=heading)).to_be_visible()
    e(preview.locator(f"main a[href='{LINKED_PAGE[1]}']")).to_be_visible()

    publish(page)
    # Published: Wagtail goes back to the news index's page listing.
    e(page).to_have_url(re.compile(rf"/admin/pages/{news_index_id}/$"))
    e(page.locator(".messages")).to_contain_text(title)

    # --- what readers and integrators see --------------------------------
    reader = new_page()
    reader.goto("/nyheder/")
    # Dated today, so on the feed's first page (after any upcoming events).
    reader.locator("#news-feed-list").get_by_role("link", name=title).click()
    e(reader.locator("main h1")).to_have_text(title)
    e(reader.locator("main h2", has_text=heading)).to_be_visible()
    e(reader.locator(f"main a[href='{LINKED_PAGE[1]}']")).to_be_visible()
    article_url = reader.url

    reader.locator("main").get_by_role("link", name=NEW_TAG, exact=True).first.click()
    e(reader.locator("main h1")).to_have_text(NEW_TAG)
    e(reader).to_have_url(
        re.compile(r"/nyheder/tag/gr%C3%B8n-f%C3%A6llesskabs%C3%B8konomi/$|/nyheder/tag/grøn-fællesskabsøkonomi/$")
    )
    e(reader.locator("#news-feed-list").get_by_role("link", name=title)).to_be_visible()

    reader.goto("/search/?q=Ærøskøbing")
    e(reader.locator("main").get_by_role("link", name=title).first).to_be_visible()

    # The API's find view redirects to the page's detail URL, which it makes
    # absolute with WAGTAILAPI_BASE_URL: follow it on the live server.
    path = urlsplit(article_url).path
    found = reader.request.get(f"/api/v2/pages/find/?html_path={quote(unquote(path))}", max_redirects=0)
    assert found.status == 302, f"API find answered {found.status}"
    detail = urlsplit(found.headers["location"])
    api = reader.request.get(f"{detail.path}?{detail.query}" if detail.query else detail.path)
    assert api.ok, f"API detail answered {api.status}"
    data = api.json()
    assert data["title"] == title
    assert data["meta"]["type"] == "news.ArticlePage"
    tag_names = {t if isinstance(t, str) else t.get("name") for t in data["tags"]}
    assert tag_names == {EXISTING_TAG, NEW_TAG}, data["tags"]
    body = str(data["body"])
    assert heading in body and LINKED_PAGE[1] in body, body
    assert data["image"], "the API has no image for the article"


# --- Journey 2 -------------------------------------------------------------


def test_editor_adds_program_session(page, live_site, console_errors, new_page):
    """Add a session with a speaker from the people snippets to the upcoming
    event, publish; the event page and the API show it."""
    e = expect()
    session_title = "Æbleskiver og åben mikrofon"
    admin_login(page)
    event_id = page_id(live_site, "events.EventPage", UPCOMING_EVENT_SLUG)
    page.goto(f"/admin/pages/{event_id}/edit/")

    count_input = page.locator("input[name='program-count']")
    before = int(count_input.input_value())
    page.locator("#program-root > [data-streamfield-stream-container] > div > button.c-sf-add-button").last.click()
    e(count_input).to_have_value(str(before + 1))
    prefix = f"#program-{before}-value"
    page.locator(f"{prefix}-start").fill("15:30")
    page.locator(f"{prefix}-end").fill("15:50")
    page.keyboard.press("Escape")  # closes the time picker
    page.locator(f"{prefix}-title").fill(session_title)

    # A new session starts with no participants and no sub-items: add one
    # participant with the list's own "+" button.
    participants_count = page.locator(f"input[name='program-{before}-value-participants-count']")
    assert participants_count.input_value() == "0"
    assert page.locator(f"input[name='program-{before}-value-items-count']").input_value() == "0"
    participants_count.locator("xpath=ancestor::*[.//button[contains(@class,'c-sf-add-button')]][1]").locator(
        "button.c-sf-add-button"
    ).first.click()
    e(participants_count).to_have_value("1")

    # The speaker: chosen from the shared people snippets.
    page.locator(f"{prefix}-participants-0-value-person-chooser .chooser__choose-button").click()
    choose_in_modal(page, SPEAKER.split()[-1], re.compile(SPEAKER))
    e(page.locator(f"{prefix}-participants-0-value-person")).not_to_have_value("")

    publish(page)
    e(page).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    e(page.locator(".messages")).to_contain_text("Samskabelse i praksis")

    reader = new_page()
    reader.goto(f"/arrangementer/{UPCOMING_EVENT_SLUG}/")
    session = reader.locator("main article.program-session").filter(has_text=session_title)
    e(session).to_be_visible()
    e(session).to_contain_text(SPEAKER)
    e(session).to_contain_text("15.30")

    api = reader.request.get(f"/api/v2/pages/{event_id}/")
    assert api.ok
    program = api.json()["program"]
    added = [s for s in program if s["title"] == session_title]
    assert len(added) == 1, program
    assert [p["name"] for p in added[0]["participants"]] == [SPEAKER]
