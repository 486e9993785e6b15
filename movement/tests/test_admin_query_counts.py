"""The admin at many articles (issue 20): the explorer of "What else is
cooking?" must run the same number of queries for a page of 5 rows as for a
page of 30, for a superuser and for an editor without publish rights (the
demo's "Redaktører"), whose per-row permission checks are Wagtail's rules
answered from the row for leaf pages (movement/editing/permissions.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import news.demo
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def explorer_queries(client):
    url = f"/admin/pages/{NewsIndexPage.objects.get().pk}/"
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grows(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(5)
    small = explorer_queries(client)
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(25)
    return small, explorer_queries(client)


def test_explorer_queries_are_flat_per_page_for_a_superuser(
    client, demo_site, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    small, large = grows(client, django_capture_on_commit_callbacks)
    assert large <= small, f"explorer queries grew with rows: {small} -> {large}"


def test_explorer_queries_are_flat_per_page_for_an_editor(client, demo_site, django_capture_on_commit_callbacks):
    editor = get_user_model().objects.create_user("bench-editor", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    small, large = grows(client, django_capture_on_commit_callbacks)
    assert large <= small, f"explorer queries grew with rows: {small} -> {large}"
