"""Tag entry never loses what the editor typed (issue 20), with real
keystrokes in Chromium.

Wagtail 8.0's tag widget (jQuery tag-it with a jQuery UI autocomplete)
made no chip when an existing tag was typed while its suggestion was on
screen ("ledelse" for "Ledelse") and Enter, Tab or comma was pressed, and
dropped the text on publish. movement/static/movement/admin/tag-entry.js
fixes it; these tests type as an editor does and wait for the suggestion
menu first, because the menu being open is what broke it."""

import pytest

from .test_editor_journeys import admin_login, page_id, publish

pytestmark = pytest.mark.browser


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def chips(page):
    return page.locator("ul.tagit li.tagit-choice .tagit-label")


def type_tag(page, text, wait_for_suggestion):
    """Type into the tag field key by key; wait until the autocomplete
    suggests `wait_for_suggestion` (the state in which tags were lost)."""
    tag_input = page.locator("ul.tagit input.ui-autocomplete-input").first
    tag_input.click()
    page.keyboard.type(text, delay=30)
    if wait_for_suggestion:
        expect()(page.locator("ul.ui-autocomplete:visible li", has_text=wait_for_suggestion).first).to_be_visible()
    return tag_input


def new_article(page, live_site, title):
    from django.utils import timezone

    news_index_id = page_id(live_site, "news.NewsIndexPage", "nyheder")
    page.goto(f"/admin/pages/add/news/articlepage/{news_index_id}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.keyboard.press("Escape")
    page.locator("#id_intro").fill("Et indlæg, der prøver emnefeltet af med tastaturet.")
    page.locator("#id_category-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="Artikel", exact=True).click()
    expect()(modal).to_be_hidden()


def saved_tags(title):
    from news.models import ArticlePage

    return sorted(ArticlePage.objects.get(title=title).tags.values_list("name", flat=True))


@pytest.mark.parametrize("key", ["Enter", "Tab", ","])
def test_existing_tag_in_another_case_becomes_a_chip(page, live_site, key):
    """ "ledelse" + Enter/Tab/comma while "Ledelse" is suggested: one chip,
    spelled as the existing tag; the same tag typed again adds no second chip."""
    from news.models import ArticleTag

    e = expect()
    admin_login(page)
    title = f"Emner med tasten {key!r}"
    new_article(page, live_site, title)

    type_tag(page, "ledelse", wait_for_suggestion="Ledelse")
    page.keyboard.press(key)
    e(chips(page)).to_have_text(["Ledelse"])
    if key != "Tab":
        e(page.locator("ul.tagit input.ui-autocomplete-input").first).to_have_value("")
        e(page.locator("ul.tagit input.ui-autocomplete-input").first).to_be_focused()

    type_tag(page, "LEDELSE", wait_for_suggestion=None)
    page.keyboard.press("Enter")
    e(chips(page)).to_have_text(["Ledelse"])

    publish(page)
    e(page.locator(".messages")).to_contain_text(title)
    assert saved_tags(title) == ["Ledelse"]
    assert ArticleTag.objects.filter(name__iexact="ledelse").count() == 1


def test_tag_left_typed_is_saved_on_publish(page, live_site):
    """Typed but never accepted (no key pressed, suggestion menu open):
    publishing keeps it, as a chip first, then on the page."""
    e = expect()
    admin_login(page)
    title = "Emne efterladt i feltet"
    new_article(page, live_site, title)

    type_tag(page, "velfærdsudvikling", wait_for_suggestion="Velfærdsudvikling")
    publish(page)
    e(page.locator(".messages")).to_contain_text(title)
    assert saved_tags(title) == ["Velfærdsudvikling"]


def test_new_tag_typed_then_focus_leaves_is_kept(page, live_site):
    """A new tag (no suggestion) typed and left by clicking elsewhere: a chip."""
    e = expect()
    admin_login(page)
    title = "Nyt emne med æøå"
    new_article(page, live_site, title)

    type_tag(page, "Grøn fællesskabsøkonomi på Ærø", wait_for_suggestion=None)
    page.locator("#id_title").click()
    # Wagtail quotes a tag with spaces in its chip ("…"); the tag is saved without.
    e(chips(page)).to_have_text(['"Grøn fællesskabsøkonomi på Ærø"'])
    publish(page)
    e(page.locator(".messages")).to_contain_text(title)
    assert saved_tags(title) == ["Grøn fællesskabsøkonomi på Ærø"]


def test_highlighted_suggestion_still_wins(page, live_site):
    """Arrow down onto a suggestion and Enter: Wagtail's own behaviour, the
    suggestion (not the shorter typed text) becomes the tag."""
    e = expect()
    admin_login(page)
    new_article(page, live_site, "Emne valgt med piletast")
    type_tag(page, "strat", wait_for_suggestion="Strategirealisering")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    e(chips(page)).to_have_text(["Strategirealisering"])
