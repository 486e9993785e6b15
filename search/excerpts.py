"""Excerpts with the words found highlighted, computed in Python.

The text comes from fields already loaded on the specific page (StreamFields
are read from their raw JSON, so no chooser block runs a query): a search page
costs the same number of SQL queries however many hits it shows. Matching is
by Danish stem, so "kommune" marks "kommunerne". Everything is HTML-escaped
before `<mark>` is added; user input is never echoed unescaped.
"""

import re
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.fields import RichTextField
from wagtail.search import index

from search.text import WORD_RE, stem

EXCERPT_WORDS = 32
WORDS_BEFORE = 8
_SKIP_STRING = re.compile(r"^(https?://|mailto:|/|[0-9a-f]{8}-[0-9a-f]{4}-)", re.IGNORECASE)


def _raw_strings(value):
    """Every human-readable string in a raw StreamField value."""
    if isinstance(value, str):
        if value and not _SKIP_STRING.match(value):
            yield unescape(strip_tags(value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:
            yield from _raw_strings(value["value"])
        else:
            for item in value.values():
                yield from _raw_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _raw_strings(item)


def _model_field(page, name):
    try:
        return page._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def searchable_text(page):
    """The page's indexed text (intro before body), without extra queries."""
    parts = []
    fields = [f for f in page.get_search_fields() if isinstance(f, index.SearchField) and f.field_name != "title"]
    fields.sort(key=lambda f: -(f.boost or 1))  # intro (boost 2) first
    for field in fields:
        value = getattr(page, field.field_name, None)
        if value is None or callable(value):
            continue
        raw = getattr(value, "raw_data", None)
        if raw is not None:  # StreamValue
            parts.extend(_raw_strings(list(raw)))
        elif isinstance(value, str):
            if isinstance(_model_field(page, field.field_name), RichTextField):
                value = unescape(strip_tags(value))
            parts.append(value)
    if not parts and page.search_description:
        parts.append(page.search_description)
    return " ".join(" ".join(parts).split())


def highlight(text, stems):
    """Escape `text` and wrap the words whose stem is in `stems` in <mark>."""
    out, last = [], 0
    for match in WORD_RE.finditer(text):
        if stem(match.group()) in stems:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def excerpt(text, stems, size=EXCERPT_WORDS):
    """About `size` words around the first word found, highlighted."""
    tokens = list(WORD_RE.finditer(text))
    if not tokens:
        return ""
    first = next((i for i, t in enumerate(tokens) if stem(t.group()) in stems), None)
    start_word = 0 if first is None else max(0, first - WORDS_BEFORE)
    end_word = min(len(tokens), start_word + size)
    start = tokens[start_word].start() if start_word else 0
    end = len(text) if end_word == len(tokens) else tokens[end_word - 1].end()
    snippet = highlight(text[start:end], stems)
    prefix = "… " if start_word else ""
    suffix = " …" if end_word < len(tokens) else ""
    return mark_safe(f"{prefix}{snippet}{suffix}")
