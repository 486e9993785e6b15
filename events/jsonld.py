"""schema.org Event JSON-LD for search engines."""

import json

from django.utils import timezone

from movement.api.representations import absolute_url


def _person(participant):
    data = {"@type": "Person", "name": participant["name"]}
    if participant["role"]:
        data["jobTitle"] = participant["role"]
    if participant["organisation"]:
        data["affiliation"] = {"@type": "Organization", "name": participant["organisation"]}
    return data


def event_json_ld_data(event, request=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.start).isoformat(),
        "endDate": timezone.localtime(event.end).isoformat(),
        # schema.org has no "completed" status: a held event is still "scheduled".
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": "da",
    }
    url = event.get_full_url(request)
    if url:
        data["url"] = url
    if event.lede:
        data["description"] = event.lede
    if event.venue_name or event.venue_address:
        data["location"] = {
            "@type": "Place",
            "name": event.venue_name or event.venue_address,
            "address": event.venue_address or event.venue_name,
        }
    organisers = [{"@type": "Organization", "name": org.name} for org in event.organisers.all()]
    if organisers:
        data["organizer"] = organisers if len(organisers) > 1 else organisers[0]
    performers = [_person(p) for p in event.performers]
    if performers:
        data["performer"] = performers
    if event.image_id:
        rendition = event.image.get_rendition("fill-1200x675")
        data["image"] = absolute_url(rendition.url)
    return data


def event_json_ld(event, request=None):
    """JSON safe to put inside <script>: '<', '>' and '&' escaped."""
    text = json.dumps(event_json_ld_data(event, request), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
