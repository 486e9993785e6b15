"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture
def demo_site(db):
    """The full demo site, as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    from home.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def home_page(db):
    """A bare home page as the default site's root (no demo content)."""
    from movement.demo import ensure_home

    return ensure_home()
