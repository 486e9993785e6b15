"""iCalendar files: one event (`<event url>ics/`) or all (`/arrangementer/ics/`).

Built with the icalendar library. Times are written with
`TZID=Europe/Copenhagen` and a matching VTIMEZONE (Outlook rejects files
without PRODID, VERSION, UID and DTSTAMP, and floating times drift).
"""

import re
import unicodedata
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone

from icalendar import Calendar
from icalendar import Event as ICalEvent

PRODID = "-//Den Nationale Samskabelsesbevægelse//Arrangementer//DA"
UID_DOMAIN = "samskabelse.dk"
TZID = "Europe/Copenhagen"
DANISH_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def event_uid(event):
    """Stable across renames and hosts, so calendars update rather than duplicate."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def build_calendar(events, request=None, name="Den Nationale Samskabelsesbevægelse"):
    tz = ZoneInfo(TZID)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    stamp = timezone.now().astimezone(ZoneInfo("UTC"))
    for event in events:
        item = ICalEvent()
        item.add("uid", event_uid(event))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start.astimezone(tz))
        item.add("dtend", event.end.astimezone(tz))
        item.add("summary", event.title)
        url = event.get_full_url(request)
        description = "\n\n".join(part for part in [event.lede, url] if part)
        if description:
            item.add("description", description)
        location = ", ".join(part for part in [event.venue_name, event.venue_address] if part)
        if location:
            item.add("location", location)
        if url:
            item.add("url", url)
        if event.last_published_at:
            item.add("last-modified", event.last_published_at.astimezone(ZoneInfo("UTC")))
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal


def calendar_bytes(events, request=None):
    return build_calendar(events, request).to_ical()


def content_disposition(filename):
    """`attachment` with an ASCII `filename` for old clients and, for any
    other name, RFC 6266's `filename*=UTF-8''…` (percent-encoded), which
    browsers prefer: a slug with æøå is then saved under its own name, not
    as `download.ics`."""
    fallback = filename.translate(DANISH_ASCII)
    fallback = unicodedata.normalize("NFKD", fallback).encode("ascii", "ignore").decode("ascii")
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "-", fallback).strip("-.") or "kalender.ics"
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def calendar_response(events, filename, request=None):
    response = HttpResponse(calendar_bytes(events, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response
