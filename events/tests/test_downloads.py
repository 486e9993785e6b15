"""Calendar downloads keep the event's own name (RFC 6266), æøå included."""

from urllib.parse import unquote

import pytest

from events.ics import content_disposition
from events.models import EventPage


def test_ascii_slug_gets_plain_filename():
    assert content_disposition("nytaarskur-2018.ics") == 'attachment; filename="nytaarskur-2018.ics"'


@pytest.mark.parametrize(
    ("name", "fallback"),
    [("fællesmøde-på-ø.ics", "faellesmoede-paa-oe.ics"), ("ÆRØ.ics", "AeROe.ics"), ("ææ.ics", "aeae.ics")],
)
def test_non_ascii_name_gets_filename_star(name, fallback):
    header = content_disposition(name)
    assert header.startswith(f'attachment; filename="{fallback}"; ')
    assert unquote(header.split("UTF-8''")[1]) == name
    assert header.isascii()


def test_event_with_danish_slug_downloads_under_its_name(client, demo_site):
    event = EventPage.objects.get(slug="nytaarskur-2018")
    event.slug = "årsmøde-på-ærø"
    event.save_revision().publish()
    response = client.get("/arrangementer/årsmøde-på-ærø/ics/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''%C3%A5rsm%C3%B8de-p%C3%A5-%C3%A6r%C3%B8.ics" in disposition
    assert 'filename="aarsmoede-paa-aeroe.ics"' in disposition


def test_all_events_file_name(client, demo_site):
    assert client.get("/arrangementer/ics/")["Content-Disposition"] == 'attachment; filename="arrangementer.ics"'
