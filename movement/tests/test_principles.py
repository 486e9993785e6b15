"""The seven principles: verbatim, numbered by the editor's order, in the API,
and drawn from one record on the principles page, the home page and events."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from movement.demo import PRINCIPLES, ensure_principles
from movement.models import Principle, PrinciplesPage
from movement.tests.factories import PrincipleFactory, PrinciplesPageFactory

pytestmark = pytest.mark.django_db

SEED_LINES = [
    "#1 Vær med til at medskabe nye veje til velfærd på tværs af sektorer",
    "#2 Vær med til at løse samfundsproblemer og udfordre vanetænkningen i nye fællesskaber",
    "#3 Vær med i et ligeværdigt samarbejde, hvor alle bringer viden og ideer ind",
    "#4 Vær med til at øge den kollektive handlekraft gennem aktiv deltagelse",
    "#5 Vær med til at skabe offentlig værdi gennem mobilisering af en mangfoldighed af ideer og ressourcer",
    "#6 Vær med til at skabe målbare effekter gennem konkrete samhandlinger",
    "#7 Vær ambassadør for samskabelse ved at dele viden og erfaringer",
]


@pytest.fixture
def principles_page(home_page):
    return ensure_principles(home_page)


def test_demo_principles_are_verbatim_from_the_seed(principles_page):
    principles = principles_page.get_principles()
    assert [f"#{p.number} {p.text}" for p in principles] == SEED_LINES
    assert PRINCIPLES == [line.split(" ", 1)[1] for line in SEED_LINES]


def test_principles_page_renders_numbered_principles(client, principles_page):
    response = client.get("/principper/")
    assert response.status_code == 200
    html = response.content.decode()
    for number, text in enumerate(PRINCIPLES, start=1):
        assert f'<span class="principle-number">#{number}</span> {text}' in html


def test_reordering_renumbers(client, principles_page):
    """Moving #7 to the top (as the admin's drag and drop saves it) makes it #1."""
    for principle in Principle.objects.filter(page=principles_page):
        principle.sort_order = 0 if principle.text == PRINCIPLES[-1] else principle.sort_order + 1
        principle.save()
    first = PrinciplesPage.objects.get(pk=principles_page.pk).get_principles()[0]
    assert (first.number, first.text) == (1, PRINCIPLES[-1])
    html = client.get("/principper/").content.decode()
    assert f'<span class="principle-number">#1</span> {PRINCIPLES[-1]}' in html
    assert f'<span class="principle-number">#2</span> {PRINCIPLES[0]}' in html


def test_description_is_shown_when_given(client, principles_page):
    principle = Principle.objects.get(page=principles_page, text=PRINCIPLES[2])
    principle.description = "<p>Alle parter bidrager på lige fod.</p>"
    principle.save()
    html = client.get("/principper/").content.decode()
    assert "Alle parter bidrager på lige fod." in html


def test_api_gives_number_text_and_description(client, principles_page):
    principle = Principle.objects.get(page=principles_page, text=PRINCIPLES[0])
    principle.description = "<p>Uddybning</p>"
    principle.save()
    response = client.get(f"/api/v2/pages/{principles_page.pk}/?fields=principles")
    assert response.status_code == 200
    principles = response.json()["principles"]
    assert [p["number"] for p in principles] == [1, 2, 3, 4, 5, 6, 7]
    assert [p["text"] for p in principles] == PRINCIPLES
    assert principles[0]["description"] == "<p>Uddybning</p>"
    assert principles[1]["description"] == ""


def test_one_record_shows_on_principles_page_home_and_event(client, home_page, principles_page):
    from events.models import EventIndexPage, EventPage

    principle = Principle.objects.get(page=principles_page, text=PRINCIPLES[3])
    principle.text = "Vær med til at øge den kollektive handlekraft (rettet)"
    principle.save()

    index = EventIndexPage(title="Arrangementer", slug="arrangementer")
    home_page.add_child(instance=index)
    start = timezone.now() + timedelta(days=10)
    event = EventPage(title="Nytårskur", slug="nytaarskur", start=start, end=start + timedelta(hours=3))
    index.add_child(instance=event)
    event.save_revision().publish()

    for url in ("/", "/principper/", event.url):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Vær med til at øge den kollektive handlekraft (rettet)" in html, url
        assert "gennem aktiv deltagelse" not in html, url
        assert '<span class="principle-number">#4</span>' in html, url


def page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_principles_page_query_count_does_not_grow(client, home_page):
    page = PrinciplesPageFactory(parent=home_page)
    for _ in range(5):
        PrincipleFactory(page=page)
    client.get(page.url)  # warm the site and settings caches
    five = page_queries(client, page.url)
    for _ in range(45):
        PrincipleFactory(page=page)
    assert page_queries(client, page.url) == five


def test_admin_snippets_for_people_and_organisations(admin_client):
    from movement.demo import person

    person("Jacob Torfing", "Professor", "RUC")
    person("Frank E. Andersen", "Kommunaldirektør", "Gentofte Kommune")
    response = admin_client.get("/admin/snippets/movement/organisation/?kind=municipality")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gentofte Kommune" in html
    assert ">RUC<" not in html
    response = admin_client.get("/admin/snippets/movement/person/?q=Torfing")
    assert response.status_code == 200
    assert "Jacob Torfing" in response.content.decode()
