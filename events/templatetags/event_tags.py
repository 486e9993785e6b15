from django import template

from events.formatting import format_clock, format_deadline, format_when
from events.models import EventPage

register = template.Library()


@register.filter
def danish_when(event):
    """{{ page|danish_when }} → 'torsdag den 1. februar 2018 kl. 13-16'."""
    return format_when(event.start, event.end)


@register.filter
def danish_clock(value):
    return format_clock(value)


@register.filter
def danish_deadline(value):
    return format_deadline(value) if value else ""


@register.simple_tag
def next_event():
    """{% next_event as event %}: the next live, public event that has not
    ended, for pages of other apps (the home page) that show one."""
    return EventPage.next_upcoming()
