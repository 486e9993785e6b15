"""The explorer's leaf-page permission shortcut keeps Wagtail's rules
(movement/editing/permissions.py): the same answers as Wagtail's own
tester on every combination, and the admin's delete and move views still
refuse an editor what Wagtail refuses and allow what it allows."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, Page, PagePermissionTester

import pytest

from movement.editing.permissions import MovementPagePermissionTester
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db

ACTIONS = ("add", "change", "publish", "bulk_delete")


def user_with(actions, page, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x")
    if actions:
        group = Group.objects.create(name=f"gruppe {name}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for action in actions:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=f"{action}_page")
            )
        user.groups.add(group)
    return user


def test_same_answers_as_wagtails_tester_on_every_combination(demo_site):
    """Every set of page permissions x live or draft x own, other's or no
    owner x leaf or not: can_delete, can_delete(ignore_bulk) and can_move
    as Wagtail answers them."""
    index = NewsIndexPage.objects.get()
    other = get_user_model().objects.create_user("anden", "anden@example.org", "x")
    article = ArticlePage.objects.child_of(index).first()
    combinations = [actions for size in range(len(ACTIONS) + 1) for actions in itertools.combinations(ACTIONS, size)]
    compared = 0
    for n, actions in enumerate(combinations):
        user = user_with(actions, demo_site, f"redaktoer{n}")
        for page, live, owner in itertools.product((article, index), (True, False), (user, other, None)):
            Page.objects.filter(pk=page.pk).update(live=live, owner=owner)
            page = type(page).objects.get(pk=page.pk)  # fresh, as the explorer loads its rows
            ours, wagtails = MovementPagePermissionTester(user, page), PagePermissionTester(user, page)
            for check in ("can_delete", "can_move"):
                assert getattr(ours, check)() == getattr(wagtails, check)(), (check, actions, page, live, owner)
            assert ours.can_delete(ignore_bulk=True) == wagtails.can_delete(ignore_bulk=True)
            compared += 1
    assert compared == len(combinations) * 12
    # the site's pages use it
    assert isinstance(article.permissions_for_user(other), MovementPagePermissionTester)


def editor(name="redaktoer-test"):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "x")
    user.groups.add(Group.objects.get(name="Redaktører"))
    return user


def test_editor_cannot_delete_or_move_a_live_article_in_the_admin(client, demo_site):
    """Wagtail forbids an editor without publish rights to delete or move
    anything live: no buttons in the explorer, and the views refuse."""
    client.force_login(editor())
    index = NewsIndexPage.objects.get()
    article = ArticlePage.objects.child_of(index).live().first()
    listing = client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert f"/admin/pages/{article.pk}/edit/" in listing
    assert f"/admin/pages/{article.pk}/delete/" not in listing
    assert f"/admin/pages/{article.pk}/move/" not in listing

    for url in (f"/admin/pages/{article.pk}/delete/", f"/admin/pages/{article.pk}/move/"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
    response = client.post(f"/admin/pages/{article.pk}/delete/")
    assert response.status_code in (302, 403)
    assert ArticlePage.objects.filter(pk=article.pk).exists()


def test_editor_can_delete_and_move_a_draft_article_in_the_admin(client, demo_site):
    """A draft leaf may be deleted and moved by an editor with change rights,
    as Wagtail allows: the buttons are there, and the views do it."""
    client.force_login(editor())
    index = NewsIndexPage.objects.get()
    draft, other_draft = ArticlePage.objects.child_of(index).live()[:2]
    ArticlePage.objects.filter(pk__in=[draft.pk, other_draft.pk]).update(live=False)
    listing = client.get(f"/admin/pages/{index.pk}/").content.decode()
    assert f"/admin/pages/{draft.pk}/delete/" in listing
    assert f"/admin/pages/{draft.pk}/move/" in listing

    assert client.get(f"/admin/pages/{draft.pk}/move/").status_code == 200
    assert client.get(f"/admin/pages/{draft.pk}/delete/").status_code == 200
    response = client.post(f"/admin/pages/{draft.pk}/delete/")
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(pk=draft.pk).exists()


def test_editor_cannot_delete_the_news_index_with_its_articles(client, demo_site):
    """A page with children: no bulk delete for an editor (Wagtail's own
    code path, untouched)."""
    client.force_login(editor())
    index = NewsIndexPage.objects.get()
    response = client.post(f"/admin/pages/{index.pk}/delete/")
    assert response.status_code in (302, 403)
    assert NewsIndexPage.objects.filter(pk=index.pk).exists()
