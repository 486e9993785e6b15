"""The admin's page search kept per editor (movement/editing/kept_search.py):
a repeated search is answered from memory, and every change an editor could
see in the rows (a draft's title, publish, lock, move, delete, workflow) or in
who may see them (groups, permissions) makes the next one fresh. Through the
Django test client, as an editor of the demo's "Redaktører"."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from movement.editing import kept_search
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db

URL = "/admin/pages/search/?q=samskabelse"


@pytest.fixture
def editor(demo_site):
    user = get_user_model().objects.create_user("kept-redaktoer", "kept@example.org", "x")
    user.groups.add(Group.objects.get(name="Redaktører"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def search(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response


def kept(client, url=URL):
    return search(client, url).headers.get(kept_search.HEADER)


def article():
    return ArticlePage.objects.live().filter(title__icontains="samskabelse").first() or ArticlePage.objects.first()


def test_a_repeated_search_is_kept_and_identical(editor_client):
    first = search(editor_client)
    assert first.headers[kept_search.HEADER] == "fresh"
    with CaptureQueriesContext(connection) as captured:
        second = search(editor_client)
    assert second.headers[kept_search.HEADER] == "kept"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert len(captured.captured_queries) <= 5, [q["sql"][:80] for q in captured.captured_queries]


def test_the_results_fragment_and_the_page_are_kept_apart(editor_client):
    page = search(editor_client)
    fragment = search(editor_client, "/admin/pages/search/results/?q=samskabelse")
    assert fragment.headers[kept_search.HEADER] == "fresh"
    assert fragment.content != page.content
    assert kept(editor_client, "/admin/pages/search/results/?q=samskabelse") == "kept"


def test_a_draft_title_shows_at_once(editor_client, editor):
    page = article()
    url = f"/admin/pages/search/?q={page.title.split()[0]}"
    assert page.title in search(editor_client, url).content.decode()
    assert kept(editor_client, url) == "kept"
    page.title = page.title + " kladde i Aabenraa"
    page.save_revision(user=editor)
    response = search(editor_client, url)
    assert response.headers[kept_search.HEADER] == "fresh"
    assert page.title in response.content.decode()


@pytest.mark.parametrize("change", ["publish", "unpublish", "lock", "move", "delete", "workflow"])
def test_every_change_to_a_page_makes_the_next_search_fresh(editor_client, editor, admin_user, change):
    search(editor_client)
    assert kept(editor_client) == "kept"
    page = article()
    if change == "publish":
        page.title = page.title + " (ny)"
        page.save_revision(user=admin_user).publish(user=admin_user)
    elif change == "unpublish":
        page.unpublish(user=admin_user)
    elif change == "lock":
        page.locked, page.locked_by = True, admin_user
        page.save(update_fields=["locked", "locked_by"], clean=False)
    elif change == "move":
        page.move(NewsIndexPage.objects.get(), pos="first-child", user=admin_user)
    elif change == "delete":
        page.delete(user=admin_user)
    elif change == "workflow":
        page.save_revision(user=editor)
        page.get_workflow().start(page, editor)
    response = search(editor_client)
    assert response.headers[kept_search.HEADER] == "fresh", change


def test_another_editor_never_gets_the_kept_answer(editor_client, demo_site):
    search(editor_client)
    other = get_user_model().objects.create_user("anden-redaktoer", "anden@example.org", "x")
    other.groups.add(Group.objects.get(name="Redaktører"))
    other_client = Client()
    other_client.force_login(other)
    assert kept(other_client) == "fresh"
    # A new session of the same editor (a new CSRF token) is fresh too.
    same_editor_again = Client()
    same_editor_again.force_login(get_user_model().objects.get(username="kept-redaktoer"))
    assert kept(same_editor_again) == "fresh"


def test_losing_the_group_takes_the_search_away_at_once(editor_client, editor):
    search(editor_client)
    editor.groups.clear()
    response = editor_client.get(URL)
    assert response.status_code in (302, 403), response.status_code
    assert kept_search.HEADER not in response.headers


def test_a_changed_language_is_fresh(editor_client, editor):
    from wagtail.users.models import UserProfile

    search(editor_client)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    response = search(editor_client)
    assert response.headers[kept_search.HEADER] == "fresh"
    assert 'lang="en"' in response.content.decode()


def shown_messages(response):
    """The <li> of the admin's messages list (base.html's `div.messages`)."""
    text = response.content.decode()
    block = text[text.index('<div class="messages"') :]
    return block[: block.index("</ul>")].count("<li")


def test_a_message_for_the_editor_shows_once_and_is_never_kept(client, admin_user, demo_site):
    """Unlocking a page from the search ("Lås op" and back) leaves a message
    for the next page: it must show there, once, and that page is not kept."""
    client.force_login(admin_user)
    page = article()
    page.locked, page.locked_by = True, admin_user
    page.save(update_fields=["locked", "locked_by"], clean=False)
    search(client)
    assert kept(client) == "kept"
    response = client.post(f"/admin/pages/{page.pk}/unlock/", {"next": URL}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert shown_messages(response) == 1
    assert kept_search.HEADER not in response.headers  # shown with its message, not kept
    after = search(client)
    assert shown_messages(after) == 0
    assert after.headers[kept_search.HEADER] == "fresh"
    assert kept(client) == "kept"


def test_only_get_is_kept_and_a_post_is_never_answered_from_memory(editor_client):
    search(editor_client)
    response = editor_client.post(URL, {})
    assert kept_search.HEADER not in response.headers
