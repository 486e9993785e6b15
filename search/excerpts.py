"""Excerpts with the words found highlighted, computed in Python.

The text comes from fields already loaded on the specific page (StreamFields
are read from their raw JSON, so no chooser block runs a query): a search page
costs the same number of SQL queries however many hits it shows. Only text a
reader reads is taken: the raw JSON is walked with the block definitions and
only text, rich text and quote blocks count, so times, choice keys ("welcome",
"h2"), ids and URLs never show ("13:00:00 13:15:00 welcome VELKOMST" was an
event's excerpt). Matching is by Danish stem, so "kommune" marks
"kommunerne". Everything is HTML-escaped before `<mark>` is added; user input
is never echoed unescaped.
"""

import re
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.fields import RichTextField
from wagtail.search import index

from search.text import WORD_RE, stem

EXCERPT_WORDS = 32
WORDS_BEFORE = 8
# Tags that end a line of text: "<p>a</p><p>b</p>" reads "a b", not "ab".
_BREAKING_TAG = re.compile(r"</?(p|br|li|ul|ol|h[1-6]|div|blockquote|tr|td|th)\b[^>]*>", re.IGNORECASE)
# Blocks whose value is prose a reader sees (BlockQuoteBlock is a TextBlock).
_TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock)


def html_text(value):
    return unescape(strip_tags(_BREAKING_TAG.sub(" ", value)))


def readable_strings(block, value):
    """The prose in a raw StreamField value, walked with its block definition:
    text and rich text only; never choices, times, dates, numbers, URLs, ids."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for item in value if isinstance(value, (list, tuple)) else ():
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield from readable_strings(block.child_blocks[item["type"]], item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                yield from readable_strings(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value if isinstance(value, (list, tuple)) else ():
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from readable_strings(block.child_block, item)
    elif isinstance(block, blocks.RichTextBlock):
        if isinstance(value, str):
            yield html_text(value)
    elif isinstance(block, _TEXT_BLOCKS) and isinstance(value, str):
        yield value


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
            parts.extend(readable_strings(value.stream_block, list(raw)))
        elif isinstance(value, str):
            if isinstance(_model_field(page, field.field_name), RichTextField):
                value = html_text(value)
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
