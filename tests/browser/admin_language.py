"""What counts as English or bad Danish on an admin screen.

The English side is built from Wagtail's installed catalogs, never from a
hand list: every msgid in Wagtail's English source catalogs (``django`` and
``djangojs`` of every Wagtail app) that the Danish catalogs Django actually
loads (Wagtail's own, Django's, ours in ``locale/da``) do not translate. A
visible string equal to one of those is English an editor sees. So after a
Wagtail upgrade the walk finds the new strings by itself
(docs/translations.md).

The bad-Danish side is a short list of phrases found by editors: wrong gender,
doubled words, English capitalisation, and Wagtail's brand where Danish
editors expect their own site.
"""

import functools
import re
from pathlib import Path

# Found in the admin by editors (issue 20) and kept out for good. Each is a
# substring (or, in BAD_DANISH_PATTERNS, a regular expression); the reason
# says what is wrong.
BAD_DANISH = {
    "Skriv din brugernavn": "brugernavn is neuter: 'dit brugernavn'",
    "Indsend til Til": "workflow name doubled into the button",
    "Tilføj Forfatter": "Danish nouns are lower case mid-sentence: 'Tilføj forfatter'",
    "Log ind i Wagtail": "editors log in to their own site's administration",
    "For site-menuer": "half English: 'Til menuer'",
    "Indsend til moderation": "Danish says 'godkendelse'",
    "Gem skitse": "Danish says 'kladde'",
    "Bevæg op": "Danish says 'Flyt op'",
    "Bevæg ned": "Danish says 'Flyt ned'",
}

BAD_DANISH_PATTERNS = {
    r"\bTilføj (?!Wagtail)[A-ZÆØÅ][a-zæøå]": "Danish nouns are lower case after 'Tilføj'",
}

# Wagtail msgids that are also ordinary Danish (or names) and so may appear
# untranslated on a Danish screen: only where the Danish word is the same.
SAME_IN_DANISH = {
    "Status",
    "Tags",
    "Tag",
    "Logo",
    "Admin",
    "Wagtail",
    "E-mail",
    "ID",
    "URL",
    "OK",
    "Filter",
    "Ja",
    "Type",
    "Minimum",
    "Port",
    "System",
    "Layout",
    "Format",
    "Permanent",
    "App",
    "Slug",
    "Status:",
    "Link",
    "Alias",
    "Administrator",
    "Token",
}

# Data that Wagtail's own migrations create with English names (no catalog
# has them): the root collection and page, groups, the first workflow.
WAGTAIL_MIGRATION_NAMES = {
    "Root",
    "Editors",
    "Moderators",
    "Moderators approval",
    "Welcome to your new Wagtail site!",
}

# How the browser collects what an editor can see: text of rendered elements
# (hidden ones skipped by their computed style), and the attributes a screen
# reader or a tooltip shows.
COLLECT_VISIBLE_JS = r"""() => {
    const out = new Set();
    const add = (s) => { if (s) { s = s.replace(/\s+/g, ' ').trim(); if (s) out.add(s); } };
    const visible = (el) => {
        if (!el.getClientRects().length) return false;
        const s = getComputedStyle(el);
        return s.visibility !== 'hidden' && s.display !== 'none';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const el = node.parentElement;
        if (!el || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(el.tagName)) continue;
        if (el.closest('[hidden], [aria-hidden=true]') && !el.closest('.w-sr-only, .visuallyhidden')) continue;
        if (!visible(el) && !el.closest('.w-sr-only, .visuallyhidden')) continue;
        add(node.textContent);
        // A label split over inline elements ("Save <em>draft</em>").
        if (el.childElementCount <= 3 && el.textContent.length < 120) add(el.innerText);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description], [data-w-tooltip-content-value], input[type=submit], input[type=button]')) {
        if (el.closest('[hidden]')) continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'data-w-tooltip-content-value']) add(el.getAttribute(a));
        if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) add(el.value);
    }
    for (const el of document.querySelectorAll('select option')) add(el.textContent);
    add(document.title);
    return Array.from(out);
}"""


def wagtail_dir():
    import wagtail

    return Path(wagtail.__file__).resolve().parent


def _norm(text):
    return " ".join(text.replace("\u2026", "...").split()).casefold()


def _loaded_danish(domain):
    """The Danish catalog Django really serves for `domain`: Wagtail's, Django's
    and every app's Danish merged, with ours (LOCALE_PATHS) on top."""
    from django.utils.translation import trans_real

    return trans_real.DjangoTranslation("da", domain=domain)


@functools.cache
def english_wagtail_strings():
    """Every Wagtail English msgid (singular and plural, casefolded) that is
    not also Danish text: neither a translation Django serves for some
    msgid (other than an English msgstr copied from its msgid, like
    Wagtail's Danish "Upload" for "Upload") nor in SAME_IN_DANISH.

    Catches both a msgid no catalog translates ("Upload") and English that
    never went through gettext but matches one of Wagtail's strings, such as
    a column labelled from a field name ("Site name" for ``site_name`` while
    the catalog has "webstedsnavn" for "site name") or a field without a
    label ("Password")."""
    import polib

    english = set()
    danish = {_norm(word) for word in SAME_IN_DANISH}
    for domain in ("django", "djangojs"):
        catalog = _loaded_danish(domain)._catalog
        for msgid, msgstr in catalog.items():
            source = msgid[0] if isinstance(msgid, tuple) else msgid
            source = source.split("\x04", 1)[-1]
            if msgstr and _norm(msgstr) != _norm(source):
                danish.add(_norm(msgstr))
        for path in sorted(wagtail_dir().rglob(f"locale/en/LC_MESSAGES/{domain}.po")):
            for entry in polib.pofile(str(path)):
                if entry.obsolete:
                    continue
                for text in filter(None, (entry.msgid, entry.msgid_plural)):
                    if len(re.findall(r"[A-Za-z]", text)) >= 2:
                        english.add(_norm(text))
    return frozenset(english - danish)


def english_in(strings):
    """The visible strings that are Wagtail English (also with a trailing
    colon or required mark, as labels show them), or names Wagtail's
    migrations create in English."""
    english = english_wagtail_strings()
    found = set()
    for text in strings:
        for candidate in (text, text.rstrip("*: ").strip()):
            if _norm(candidate) in english or candidate in WAGTAIL_MIGRATION_NAMES:
                found.add(candidate)
    return sorted(found)


def bad_danish_in(strings):
    found = set()
    for text in strings:
        for phrase in BAD_DANISH:
            if phrase in text:
                found.add(f"{phrase!r} ({BAD_DANISH[phrase]})")
        for pattern, reason in BAD_DANISH_PATTERNS.items():
            match = re.search(pattern, text)
            if match:
                found.add(f"{text!r} ({reason})")
    return sorted(found)
