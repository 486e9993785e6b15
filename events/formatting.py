"""Danish date and time display for events.

"torsdag den 1. februar 2018 kl. 13-16": Danish weekday and month names from
Django's own translations, and times with a period ("13.30"), dropping ":00".
"""

from django.utils import dateformat, timezone, translation


def format_clock(value):
    """'13' for 13:00, '13.30' for 13:30 (Danish uses a period in times)."""
    value = timezone.localtime(value) if hasattr(value, "tzinfo") and hasattr(value, "date") else value
    if value.minute == 0:
        return f"{value.hour}"
    return f"{value.hour}.{value.minute:02d}"


def format_day(value):
    """'torsdag den 1. februar 2018'."""
    with translation.override("da"):
        return dateformat.format(timezone.localtime(value), r"l \d\e\n j. F Y")


def format_when(start, end):
    if start is None:
        return ""
    if end is None:
        return f"{format_day(start)} kl. {format_clock(start)}"
    if timezone.localtime(start).date() == timezone.localtime(end).date():
        return f"{format_day(start)} kl. {format_clock(start)}-{format_clock(end)}"
    return f"{format_day(start)} kl. {format_clock(start)} til {format_day(end)} kl. {format_clock(end)}"


def format_deadline(value):
    """'mandag d. 29. januar' (the seed's wording for the registration deadline)."""
    with translation.override("da"):
        return dateformat.format(timezone.localtime(value), r"l \d. j. F")
