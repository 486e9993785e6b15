"""What movement/editing/language.py and our copies of Wagtail templates fix
(issue 20), and that those copies still match the installed Wagtail."""

import re
from pathlib import Path

from django.conf import settings

import pytest


def wagtail_template(name):
    import wagtail

    return (Path(wagtail.__file__).parent / "admin" / "templates" / name).read_text()


def ours(name):
    return (settings.BASE_DIR / "templates" / name).read_text()


def without_our_comment(text):
    return re.sub(r"\{# Overrides Wagtail 8\.0's template only[^#]*#\}", "", text, count=1)


@pytest.mark.parametrize(
    "name,change",
    [
        ("wagtailadmin/home.html", ('value="Search"', 'value="{% trans "Search" %}"')),
        ("wagtailadmin/shared/header.html", ('value="Search"', 'value="{% trans "Search" %}"')),
        (
            "wagtailadmin/shared/user_avatar.html",
            (
                "{% if not username %}{{ user }}{% else %}{{ username }}{% endif %}",
                "{% if username %}{{ username }}{% elif user %}{{ user }}{% else %}–{% endif %}",
            ),
        ),
    ],
)
def test_template_copies_differ_from_wagtail_only_by_our_change(name, change):
    """After a Wagtail upgrade this fails when Wagtail changed the template:
    copy it again and reapply the one change (docs/translations.md)."""
    theirs = wagtail_template(name)
    assert change[0] in theirs, f"Wagtail's {name} no longer has {change[0]!r}"
    assert without_our_comment(ours(name)) == theirs.replace(change[0], change[1])


@pytest.mark.django_db
def test_login_page_is_danish(client):
    html = client.get("/admin/login/").content.decode()
    assert "Adgangskode" in html and ">\n            Password<" not in html
    assert "Skriv dit brugernavn" in html and "Skriv din brugernavn" not in html
    assert "Log ind i administrationen" in html and "Log ind i Wagtail" not in html


@pytest.mark.django_db
def test_sites_listing_columns_are_danish(admin_client):
    html = admin_client.get("/admin/sites/").content.decode()
    assert "Site name" not in html and "Root page" not in html
    assert "Webstedsnavn" in html and "Rodside" in html


@pytest.mark.django_db
def test_root_collection_is_danish():
    from wagtail.models import Collection

    assert Collection.get_first_root_node().name == "Hovedsamling"
