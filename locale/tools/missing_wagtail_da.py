"""Find the Wagtail admin strings that have no Danish translation, and compile ours.

Wagtail's own Danish catalogs translate only a fraction of the admin, so the
project keeps its own catalog in ``locale/da/LC_MESSAGES/`` (``LOCALE_PATHS``
wins over every app catalog). After a Wagtail upgrade new strings appear;
this script lists them so they can be translated (see docs/translations.md).

Usage (from the repository root, with the virtualenv's Python):

    .venv/bin/python locale/tools/missing_wagtail_da.py            # report
    .venv/bin/python locale/tools/missing_wagtail_da.py --merge    # add empty entries to our .po
    .venv/bin/python locale/tools/missing_wagtail_da.py --compile  # .po -> .mo

"Missing" means: in an app's English source catalog, but neither translated
by any of Wagtail's Danish catalogs nor by our project catalog. ``--merge``
appends such strings to our catalog with an empty ``msgstr`` (Django ignores
empty translations, so the English shows until someone fills it in).
"""

import argparse
import sys
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[2]
PROJECT_LOCALE = REPO / "locale" / "da" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")

# The Wagtail apps whose strings an editor can meet ("" is wagtail core).
APPS = (
    "",
    "admin",
    "images",
    "documents",
    "snippets",
    "users",
    "embeds",
    "sites",
    "search",
    "contrib/search_promotions",
    "contrib/redirects",
    "contrib/settings",
    "contrib/forms",
    "locales",
)

HEADER = {
    "Project-Id-Version": "Samskabelse",
    "Report-Msgid-Bugs-To": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Language": "da",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def wagtail_dir():
    """The installed Wagtail package (imported lazily: nothing runs at import time)."""
    import wagtail

    return Path(wagtail.__file__).resolve().parent


def catalog_path(domain):
    return PROJECT_LOCALE / f"{domain}.po"


def key(entry):
    return (entry.msgctxt, entry.msgid)


def translated_keys(pofile):
    return {key(e) for e in pofile if not e.obsolete and e.translated()}


def wagtail_translated(domain):
    """Keys any installed Wagtail Danish catalog already translates.

    Django merges all apps' catalogs into one, so a string translated by one
    Wagtail app is translated everywhere.
    """
    done = set()
    for path in wagtail_dir().rglob(f"locale/da/LC_MESSAGES/{domain}.po"):
        done |= translated_keys(polib.pofile(str(path)))
    return done


def source_entries(domain):
    """(app, entry) for every msgid in the English source catalogs, first app wins."""
    seen = set()
    for app in APPS:
        path = wagtail_dir() / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or key(entry) in seen:
                continue
            seen.add(key(entry))
            yield app or "core", entry


def load_project(domain):
    path = catalog_path(domain)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    po = polib.POFile(wrapwidth=0)
    po.header = "Danish translations that fill the gaps in Wagtail's own Danish catalogs.\nSee docs/translations.md."
    po.metadata = dict(HEADER)
    return po


def allauth_missing(project=None):
    """Members' pages (django-allauth): strings its Danish catalog lacks and we lack too."""
    import allauth

    base = Path(allauth.__file__).resolve().parent / "locale"
    project = project if project is not None else load_project("django")
    done = translated_keys(polib.pofile(str(base / "da" / "LC_MESSAGES" / "django.po"))) | translated_keys(project)
    source = polib.pofile(str(base / "en" / "LC_MESSAGES" / "django.po"))
    return [("allauth", e) for e in source if not e.obsolete and key(e) not in done]


def missing(domain, project=None):
    """Source entries translated neither by Wagtail's Danish catalogs nor by ours."""
    project = project if project is not None else load_project(domain)
    done = wagtail_translated(domain) | translated_keys(project)
    return [(app, e) for app, e in source_entries(domain) if key(e) not in done]


def merge(domain):
    """Append missing strings with an empty msgstr so a translator can fill them in."""
    project = load_project(domain)
    present = {key(e) for e in project}
    added = 0
    for app, source in missing(domain, project):
        if key(source) in present:
            continue  # already there, still untranslated
        entry = polib.POEntry(
            msgid=source.msgid,
            msgctxt=source.msgctxt,
            msgid_plural=source.msgid_plural,
            occurrences=source.occurrences,
            flags=list(source.flags),
            tcomment=f"wagtail {app}",
        )
        if source.msgid_plural:
            entry.msgstr_plural = {0: "", 1: ""}
        project.append(entry)
        added += 1
    PROJECT_LOCALE.mkdir(parents=True, exist_ok=True)
    project.save(str(catalog_path(domain)))
    return added


def compile_catalogs():
    """Write the .mo next to each .po (Django reads only the .mo)."""
    for domain in DOMAINS:
        po_path = catalog_path(domain)
        if po_path.exists():
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            print(f"compiled {po_path.relative_to(REPO)}")


def report():
    total = 0
    for domain in DOMAINS:
        by_app = {}
        extra = allauth_missing() if domain == "django" else []
        for app, _entry in missing(domain) + extra:
            by_app[app] = by_app.get(app, 0) + 1
        for app, count in sorted(by_app.items()):
            print(f"{domain:9} {app:28} {count:5} untranslated")
        total += sum(by_app.values())
    print(f"total untranslated: {total}")
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--merge", action="store_true", help="add missing strings (empty msgstr) to our .po files")
    parser.add_argument("--compile", action="store_true", help="compile our .po files to .mo")
    parser.add_argument("--list", action="store_true", help="print every missing msgid")
    args = parser.parse_args(argv)
    if args.merge:
        for domain in DOMAINS:
            print(f"{domain}: added {merge(domain)} empty entries")
    if args.list:
        for domain in DOMAINS:
            for app, entry in missing(domain):
                print(f"{domain}\t{app}\t{entry.msgid!r}")
    if args.compile:
        compile_catalogs()
    return 1 if report() and not args.merge else 0


if __name__ == "__main__":
    sys.exit(main())
