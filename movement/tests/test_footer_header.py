"""Footer: contact, privacy policy, accessibility statement (editable pages).
Header: log in, become a member; my page and log out when logged in."""

import re

from django.contrib.auth import get_user_model

from allauth.account.models import EmailAddress

from movement.demo import ACCESSIBILITY_SLUG, PRIVACY_SLUG
from movement.models import SiteSettings, StandardPage


def footer(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def header(html):
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


def test_footer_links_contact_privacy_and_accessibility(client, demo_site):
    for url in ["/", "/nyheder/", "/arrangementer/nytaarskur-2018/", "/findes-ikke/"]:
        html = footer(client.get(url).content.decode())
        assert 'href="mailto:kontakt@samskabelse.dk"' in html, url
        assert f'href="/{PRIVACY_SLUG}/">Privatlivspolitik</a>' in html, url
        assert f'href="/{ACCESSIBILITY_SLUG}/">Tilgængelighedserklæring</a>' in html, url


def test_privacy_policy_says_what_is_stored_why_and_how_long(client, demo_site):
    response = client.get(f"/{PRIVACY_SLUG}/")
    assert response.status_code == 200
    text = response.content.decode()
    for words in [
        "Tilmelding til arrangementer",
        "90 dage efter arrangementet",  # REGISTRATION_RETENTION_DAYS' default
        "Medlemskab",
        "slette din konto",
        "5 forkerte forsøg",  # AXES_FAILURE_LIMIT's default
        "Logfiler",
        "IP-adresser er afkortet",
        "Datatilsynet",
    ]:
        assert words in text, words


def test_privacy_policy_matches_the_settings(settings):
    from movement.demo import PRIVACY_BODY

    assert f"{settings.REGISTRATION_RETENTION_DAYS} dage efter arrangementet" in PRIVACY_BODY
    assert f"efter {settings.AXES_FAILURE_LIMIT} forkerte forsøg" in PRIVACY_BODY
    assert settings.AXES_COOLOFF_TIME == 1 and "i en time" in PRIVACY_BODY


def test_accessibility_statement_follows_the_danish_template(client, demo_site):
    text = client.get(f"/{ACCESSIBILITY_SLUG}/").content.decode()
    for heading in [
        "Overholdelsesstatus",
        "Ikke-tilgængeligt indhold",
        "Udarbejdelse af denne tilgængelighedserklæring",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
    ]:
        assert f"<h2>{heading}</h2>" in text, heading
    assert "webtilgængelighedsloven" in text
    assert "Digitaliseringsstyrelsen" in text and "Ligebehandlingsnævnet" in text


def test_footer_pages_are_editable_pages_in_the_api(client, demo_site):
    page = StandardPage.objects.get(slug=PRIVACY_SLUG)
    assert page.get_parent().specific_class.__name__ == "HomePage"
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["meta"]["type"] == "movement.StandardPage"
    assert "<h2>Medlemskab</h2>" in data["body"]
    found = client.get("/search/", {"q": "privatlivspolitik"}).content.decode()
    assert f"/{PRIVACY_SLUG}/" in found


def test_a_settings_change_moves_the_footer_link(client, demo_site):
    home = demo_site
    other = StandardPage(title="Om persondata", slug="om-persondata", body="<p>Tekst.</p>")
    home.add_child(instance=other)
    other.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.privacy_page = other
    site_settings.save()
    html = footer(client.get("/").content.decode())
    assert 'href="/om-persondata/">Om persondata</a>' in html
    other.unpublish()
    assert "Om persondata" not in footer(client.get("/").content.decode())


def test_header_offers_log_in_and_membership_to_readers(client, demo_site):
    html = header(client.get("/").content.decode())
    assert 'href="/medlem/login/">Log ind</a>' in html
    assert 'href="/medlem/signup/">Bliv medlem</a>' in html
    assert "Log ud" not in html and "Min side" not in html


def test_header_offers_my_page_and_log_out_to_members(client, demo_site):
    user = get_user_model().objects.create_user("m1", "m1@example.org", "hemmeligt-kodeord-1")
    EmailAddress.objects.create(user=user, email="m1@example.org", verified=True, primary=True)
    client.force_login(user)
    html = header(client.get("/").content.decode())
    assert 'href="/medlem/">Min side</a>' in html
    assert "Log ind" not in html and "Bliv medlem" not in html
    form = re.search(r'<form class="member-menu__logout" method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form and form.group(1) == "/medlem/logout/"
    assert 'name="csrfmiddlewaretoken"' in form.group(2) and 'type="submit"' in form.group(2)
    # The form works without JavaScript: a plain POST logs out.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    response = client.post("/medlem/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "Log ind" in header(client.get("/").content.decode())
