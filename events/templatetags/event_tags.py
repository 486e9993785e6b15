from django import template

from events.formatting import format_clock, format_deadline, format_when

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
