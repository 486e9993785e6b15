"""The project's Danish catalog (locale/da): it fills the gaps in Wagtail's own
Danish translation, so editors meet no English in the admin (issue #11).

Checks the catalog itself (placeholders, HTML, compiled .mo in step with the
.po, nothing Wagtail needs left out) and what an editor really sees on the
admin's everyday screens."""

import importlib.util
import json
import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils import translation

from wagtail.test.utils import WagtailTestUtils

import polib
import pytest

LOCALE_DIR = settings.BASE_DIR / "locale" / "da" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")

PY_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXrc%]")
BRACE_FORMAT = re.compile(r"\{[^{}\s]*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def load_tool():
    """locale/tools/missing_wagtail_da.py is a script, not a package: load it by path."""
    path = settings.BASE_DIR / "locale" / "tools" / "missing_wagtail_da.py"
    spec = importlib.util.spec_from_file_location("missing_wagtail_da", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs(entry):
    """(source, translation) pairs: one per plural form."""
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
    return [(entry.msgid, entry.msgstr)]


def markers(text):
    return (
        sorted(PY_FORMAT.findall(text)),
        sorted(BRACE_FORMAT.findall(text)),
        sorted(HTML_TAG.findall(text)),
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalog_is_danish_with_plural_header(domain):
    po = polib.pofile(str(LOCALE_DIR / f"{domain}.po"))
    assert po.metadata["Language"] == "da"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert len(po) > 0


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_translation_keeps_placeholders_and_html(domain):
    """A lost %(name)s, {title} or <b> breaks the admin (KeyError, broken markup)."""
    problems = []
    for entry in polib.pofile(str(LOCALE_DIR / f"{domain}.po")):
        for source, target in pairs(entry):
            if not target:
                problems.append(f"empty: {source!r}")
            elif markers(source) != markers(target):
                problems.append(f"{source!r} -> {target!r}")
            elif source.endswith((" ", "\n")) != target.endswith((" ", "\n")):
                problems.append(f"trailing whitespace differs: {source!r} -> {target!r}")
    assert problems == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_mo_matches_po(domain):
    """Django reads only the .mo: it must hold exactly what the .po says."""
    po = polib.pofile(str(LOCALE_DIR / f"{domain}.po"))
    mo = polib.mofile(str(LOCALE_DIR / f"{domain}.mo"))

    def catalog(entries):
        return {
            (e.msgctxt, e.msgid): (e.msgstr_plural[0], e.msgstr_plural[1]) if e.msgid_plural else e.msgstr
            for e in entries
        }

    assert catalog(mo) == catalog(po.translated_entries())


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_wagtail_string_left_untranslated(domain):
    """After a Wagtail upgrade this fails until the new strings are translated
    (docs/translations.md: run locale/tools/missing_wagtail_da.py --merge)."""
    tool = load_tool()
    left = [f"{app}: {entry.msgid!r}" for app, entry in tool.missing(domain)]
    assert left == []


def test_no_allauth_string_left_untranslated():
    """The members' pages (login, signup, password reset, e-mail confirmation, logout)."""
    left = [entry.msgid for _app, entry in load_tool().allauth_missing()]
    assert left == []


def test_project_catalog_wins_at_runtime():
    """LOCALE_PATHS overrides Wagtail's own (English-leaning) Danish strings."""
    with translation.override("da"):
        assert translation.gettext("Save draft") == "Gem kladde"  # Wagtail's da: "Gem skitse"
        assert translation.gettext("Dashboard") == "Kontrolpanel"  # Wagtail's da: "Dashboard"
        assert translation.gettext("Editing %(page_type)s") % {"page_type": "Artikel"} == "Redigerer Artikel"
        assert translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 3) % {"counter": 3} == "Slet 3 sider"
        assert translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 1) == "Slet 1 side"
        # allauth's own Danish has "Bruger" for the login field and "Password ændret med success."
        assert translation.pgettext("field label", "Login") == "Log ind"
        assert translation.gettext("Password successfully changed.") == "Din adgangskode er ændret."


# --- What an editor sees -------------------------------------------------

# On every admin screen: the sidebar menu (JSON for the React sidebar), the
# skip link and the keyboard-shortcuts dialog.
EVERYWHERE_ENGLISH = ["Pages", "Images", "Documents", "Snippets", "Reports", "Settings", "Help", "Log out"]
EVERYWHERE_DANISH = ["Sider", "Billeder", "Dokumenter", "Uddrag", "Rapporter", "Indstillinger", "Hjælp", "Log ud"]
EVERYWHERE_ENGLISH += ["Skip to main content", "Keyboard shortcuts", "Search"]
EVERYWHERE_DANISH += ["Spring til hovedindhold", "Tastaturgenveje", "Søg"]

SCREENS = {
    "dashboard": (
        "/admin/",
        ["Dashboard", "Site summary"],
        ["Kontrolpanel", "Oversigt over webstedet"],
    ),
    "explorer": (
        "/admin/pages/{home}/",
        # "Actions" is hard-coded in Wagtail's wagtailadmin/shared/headers/_actions.html;
        # templates/wagtailadmin/shared/headers/_actions.html overrides it to translate it.
        ["Exploring", "Bulk actions", "Show filters", "Add child page", "Date updated", "Actions"],
        ["Gennemser", "Massehandlinger", "Vis filtre", "Tilføj underside", "Dato opdateret", "Handlinger"],
    ),
    "page editor": (
        "/admin/pages/{home}/edit/",
        [
            "Save draft",
            "Publish",
            "Unpublish",
            "Editing",
            "Preview",
            "Comments",
            "Content",
            "Promote",
            "Set schedule",
            "Checks",
            "History",
            "Submit for moderation",
            "Save Draft",
        ],
        [
            "Gem kladde",
            "Udgiv",
            "Afpublicer",
            "Redigerer",
            "Forhåndsvis",
            "Kommentarer",
            "Indhold",
            "Promovering",
            "Angiv plan",
            "Tjek",
            "Historik",
        ],
    ),
    "images": (
        "/admin/images/",
        ["Add an image", "Sort by", "Grid layout", "Add images to collection"],
        ["Tilføj et billede", "Sortér efter", "Gittervisning"],
    ),
    "documents": (
        "/admin/documents/",
        ["Add a document", "You haven't uploaded any documents"],
        ["Tilføj et dokument", "Du har ikke uploadet nogen dokumenter"],
    ),
    "snippets": (
        "/admin/snippets/",
        ["Instances", "Name"],
        ["Forekomster", "Navn"],
    ),
}


class VisibleText(HTMLParser):
    """Text a person meets: element text, the <title>, and the attributes that
    are shown or read aloud (aria-label, title, placeholder, alt); plus the
    labels of the React sidebar, which arrive as JSON in a <script>."""

    SHOWN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.parts.extend(v for k, v in attrs.items() if k in self.SHOWN_ATTRIBUTES and v)
        if tag in ("script", "style"):
            self._script = attrs.get("id") or ""

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._script = None

    def handle_data(self, data):
        if self._script is None:
            self.parts.append(data)
        elif self._script == "wagtail-sidebar-props":
            self.parts.extend(sidebar_labels(json.loads(data)))

    def text(self):
        return "\n".join(part.strip() for part in self.parts if part.strip())


def sidebar_labels(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "label" and isinstance(value, str):
                yield value
            else:
                yield from sidebar_labels(value)
    elif isinstance(node, list):
        for item in node:
            yield from sidebar_labels(item)


def contains(text, phrase):
    """Whole words only: "Publish" must not match "Published" nor Danish words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@pytest.fixture
def editor_client(client, home_page):
    user = WagtailTestUtils.create_superuser("oversaetter", password="pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("screen", SCREENS)
def test_admin_screen_has_no_english(editor_client, home_page, screen):
    url, english, danish = SCREENS[screen]
    response = editor_client.get(url.format(home=home_page.pk))
    assert response.status_code == 200
    parser = VisibleText()
    parser.feed(response.content.decode())
    text = parser.text()

    left_in_english = [p for p in english + EVERYWHERE_ENGLISH if contains(text, p)]
    assert left_in_english == []
    missing_danish = [p for p in danish + EVERYWHERE_DANISH if not contains(text, p)]
    assert missing_danish == []


@pytest.mark.django_db
def test_admin_javascript_catalog_is_danish(editor_client):
    """Wagtail's React parts (sidebar, comments, StreamField) translate through /admin/jsi18n/."""
    response = editor_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    body = response.content.decode()
    for english, danish in [
        ("Main menu", "Hovedmenu"),
        ("Insert a block", "Indsæt en blok"),
        ("Dashboard", "Kontrolpanel"),
    ]:
        # Django writes the catalog with json.dumps (non-ASCII escaped).
        assert f"{json.dumps(english)}: {json.dumps(danish)}" in body, english
