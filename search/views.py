"""Site search (`/search/`) and type-ahead (`/search/autocomplete/`).

Only `Page.objects.live().public()` is searched: `.search()` alone would
include drafts and pages behind a view restriction (members-only text).
The default search backend does the Danish work (docs/search.md).
"""

import datetime
import hashlib
import json

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, get_page_models
from wagtail.search.utils import normalise_query_string

from movement.caching import page_cache, structure
from search import hits as search_hits
from search import lexicon
from search.excerpts import excerpt, highlight, searchable_text
from search.text import query_stems, stem

MAX_QUERY_LENGTH = 200
# Ranked ids kept per search (ten result pages).
CACHED_RESULTS = 100
# Searches whose first result page's pages are kept (views.kept_first_page).
KEPT_FIRST_PAGES = 200
RESULTS_PER_PAGE = 10
AUTOCOMPLETE_MIN_LENGTH = 2
AUTOCOMPLETE_LIMIT = 8
# Search syntax other engines know; here they would be searched as words.
OPERATOR_WORDS = {"AND", "OR", "NOT", "NEAR"}

# Filter slug -> (label, page models as "app_label.ModelName").
TYPES = {
    "nyhed": (_("Nyhed"), ["news.ArticlePage"]),
    "arrangement": (_("Arrangement"), ["events.EventPage"]),
    "manifest": (_("Manifest"), ["manifesto.ManifestoPage"]),
    "principper": (_("Principper"), ["movement.PrinciplesPage"]),
    "side": (
        _("Side"),
        ["home.HomePage", "news.NewsIndexPage", "events.EventIndexPage"],
    ),
}
_LABEL_BY_MODEL = {model.lower(): label for label, models in TYPES.values() for model in models}


def type_label(page_or_content_type):
    """ "Nyhed", "Arrangement"…: a page can override it with `search_type_label`."""
    custom = getattr(page_or_content_type, "search_type_label", None)
    if custom:
        return custom
    ct = page_or_content_type
    if isinstance(ct, Page):
        ct = ContentType.objects.get_for_id(ct.content_type_id)
    return _LABEL_BY_MODEL.get(f"{ct.app_label}.{ct.model}", _("Side"))


def clean_query(raw):
    """Strip NUL bytes and control characters, cap the length."""
    cleaned = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(cleaned.split())[:MAX_QUERY_LENGTH].strip()


def backend_query(query):
    """The query as the backend gets it: operator words dropped."""
    return " ".join(word for word in query.split() if word not in OPERATOR_WORDS)


def tagged_models():
    """Page models with a `tags` field (articles today, maybe events tomorrow)."""
    result = []
    for model in get_page_models():
        try:
            field = model._meta.get_field("tags")
        except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
            continue
        if getattr(field, "through", None) is not None:
            result.append((model, field))
    return result


def tag_choices():
    """Tags used on at least one live page, for the filter. A scan of every
    tagged page, so kept until anything is published (movement/caching/structure.py)."""
    return structure.cached("search-tag-choices", _tag_choices, deps=(page_cache.ANY,))


def _tag_choices():
    choices = {}
    for _model, field in tagged_models():
        tag_model = field.related_model
        through = field.through
        used = through.objects.filter(content_object__live=True).values("tag_id")
        for slug, name in tag_model.objects.filter(pk__in=used).values_list("slug", "name"):
            choices.setdefault(slug, name)
    return sorted(choices.items(), key=lambda item: item[1].casefold())


def page_ids_with_tag(slug):
    ids = []
    for model, field in tagged_models():
        ids += list(model.objects.filter(**{f"{field.name}__slug": slug}).values_list("pk", flat=True))
    return ids


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Søg efter"))
    type = forms.ChoiceField(
        required=False,
        label=_("Type"),
        choices=[("", _("Alle typer"))] + [(slug, label) for slug, (label, _m) in TYPES.items()],
        error_messages={"invalid_choice": _("Ukendt type. Vælg en af typerne på listen.")},
    )
    tag = forms.CharField(required=False, max_length=100, label=_("Emne"))
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={"invalid": _("Sidetallet skal være et helt tal.")},
    )

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    def clean_tag(self):
        return clean_query(self.cleaned_data.get("tag"))[:100]


def page_date(page):
    for attr in ("date", "start"):
        value = getattr(page, attr, None)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date()
        if isinstance(value, datetime.date):
            return value
    published = page.first_published_at or page.last_published_at
    return timezone.localtime(published).date() if published else None


def describe(page, stems, request):
    """One hit as the template shows it."""
    return {
        "page": page,
        "url": page.get_url(request),
        "type": type_label(page),
        "title": highlight(page.title, stems),
        "date": page_date(page),
        "excerpt": excerpt(searchable_text(page), stems),
    }


def promotions(query, request, stems):
    """Editors' picks for this query. Read-only: `Query.get()` would write."""
    normalised = normalise_query_string(query)
    if not normalised:
        return []
    picks = list(SearchPromotion.objects.filter(query__query_string=normalised).order_by("sort_order", "pk"))
    page_ids = [p.page_id for p in picks if p.page_id]
    pages = (
        {p.pk: p for p in structure.public(Page.objects.live()).filter(pk__in=page_ids).specific()} if page_ids else {}
    )
    result = []
    for pick in picks:
        if pick.page_id:
            page = pages.get(pick.page_id)
            if page is None:  # unpublished or private since it was promoted
                continue
            item = describe(page, stems, request)
            if pick.description:
                item["excerpt"] = pick.description
        else:
            item = {
                "url": pick.external_link_url,
                "type": _("Link"),
                "title": pick.external_link_text or pick.external_link_url,
                "excerpt": pick.description,
            }
        result.append(item)
    return result


class RankedResults:
    """What the paginator pages through: the count and the best
    `CACHED_RESULTS` ids from the structure cache. The pages of the first
    result page are kept with them (one query per page type among the hits,
    so up to seven on the demo), so a repeated search runs no page query;
    the other kept pages cost those queries; deeper pages ask the backend."""

    def __init__(self, results, count, ids, key=None):
        self.results, self.total, self.ids, self.key = results, count, ids, key

    def __len__(self):
        return self.total

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None or (key.stop or 0) > len(self.ids):
            return self.results[key]
        ids = self.ids[key]
        if self.key is not None and not key.start:
            return kept_first_page(f"{self.key}:{key.stop}", lambda: self._pages(ids))
        return self._pages(ids)

    @staticmethod
    def _pages(ids):
        live = structure.public(Page.objects.live())  # no query: belt and braces for the stamps
        pages = {page.pk: page for page in live.filter(pk__in=ids).specific()}
        return [pages[pk] for pk in ids if pk in pages]


def kept_first_page(name, load):
    """The pages of a search's first result page, kept per worker until
    anything is published, for the last `KEPT_FIRST_PAGES` searches only (a
    page with its body is some kilobytes; the rankings themselves are ids).
    Read-only instances shared by the worker's threads: the template and the
    excerpts only read them."""
    kept = structure.cached("search-first-pages", dict, deps=(page_cache.ANY,), copy_value=False)
    pages = kept.get(name)
    if pages is None:
        pages = load()
        while len(kept) >= KEPT_FIRST_PAGES:
            try:
                kept.pop(next(iter(kept)))
            except (KeyError, StopIteration, RuntimeError):  # another thread got there first
                break
        kept[name] = pages
    return pages


def ranked_ids(results, limit):
    """The ids of the best `limit` hits. The project's backends answer from
    the ranking query alone (`ranked_ids`); others load the pages."""
    sliced = results[:limit]
    if hasattr(sliced, "ranked_ids"):
        return tuple(sliced.ranked_ids())
    return tuple(page.pk for page in sliced)


def ranked_results(pages, results, words, variant):
    """The ranking of a search, kept per worker until anything is published.

    Ranking scores every hit (docs/search.md, "Speed"): a word found in 10,000
    articles costs tens of milliseconds on every engine we run. Readers in a
    rush search the same few words, so the count and the first ids are kept
    under the page cache's `any` stamp, which every publish, unpublish, move,
    delete and privacy change bumps (movement/caching/structure.py)."""
    if not structure.enabled():
        return results
    key = "search:" + hashlib.sha256(json.dumps([words, *variant], default=str).encode()).hexdigest()

    def compute():
        ranked = pages.search(words, operator="and")
        return ranked.count(), ranked_ids(ranked, CACHED_RESULTS)

    count, ids = structure.cached(key, compute, deps=(page_cache.ANY,), copy_value=False)
    return RankedResults(results, count, ids, key)


def highlight_stems(words):
    """Stems to mark in titles and excerpts: the query's own words and every
    single word it was expanded to (a compound, the æ spelling, a typo's fix)."""
    stems = set(query_stems(words)) | {stem(w) for w in words.split()}
    for slot in lexicon.expand(words).slots:
        for alternative in [*slot.exact, *slot.extra]:
            stems |= {stem(w) for w in alternative}
    return stems


def search(request):
    data = request.GET.copy()
    for key in ("q", "tag"):  # NUL bytes and the like: dropped, not an error
        if key in data:
            data[key] = clean_query(data[key])
    form = SearchForm(data)
    if not form.is_valid():
        context = {"form": form, "search_query": clean_query(request.GET.get("q")), "errors": True}
        return TemplateResponse(request, "search/search.html", context, status=400)

    query = form.cleaned_data["q"]
    type_slug = form.cleaned_data["type"]
    tag = form.cleaned_data["tag"]
    context = {
        "form": form,
        "search_query": query,
        "type_choices": [(slug, label) for slug, (label, _m) in TYPES.items()],
        "selected_type": type_slug,
        "selected_tag": tag,
        "tag_choices": tag_choices(),
    }
    words = backend_query(query)
    if not words:
        return TemplateResponse(request, "search/search.html", context)

    search_hits.maybe_flush()
    search_hits.record_hit(query)

    stems = highlight_stems(words)
    promoted = promotions(query, request, stems)

    pages = structure.public(Page.objects.live())
    if type_slug:
        models = [apps.get_model(name) for name in TYPES[type_slug][1]]
        cts = ContentType.objects.get_for_models(*models).values()
        pages = pages.filter(content_type__in=[ct.pk for ct in cts])
    if tag:
        pages = pages.filter(pk__in=page_ids_with_tag(tag))
    promoted_ids = [item["page"].pk for item in promoted if "page" in item]
    if promoted_ids:
        pages = pages.exclude(pk__in=promoted_ids)

    results = pages.specific().search(words, operator="and")
    paginator = Paginator(ranked_results(pages, results, words, [type_slug, tag, promoted_ids]), RESULTS_PER_PAGE)
    page_number = min(form.cleaned_data["page"] or 1, max(paginator.num_pages, 1))
    page_obj = paginator.page(page_number)
    context.update(
        {
            "promotions": promoted,
            "results": page_obj,
            "hits": [describe(page, stems, request) for page in page_obj.object_list],
            "result_count": paginator.count,
            "suggestion": lexicon.current().suggestion(words),
        }
    )
    return TemplateResponse(request, "search/search.html", context)


def autocomplete(request):
    """`{"query": q, "results": [{"title", "url", "type"}]}` from two letters on."""
    query = clean_query(request.GET.get("q"))
    words = backend_query(query)
    suggestions = []
    if len(words) >= AUTOCOMPLETE_MIN_LENGTH:
        pages = structure.public(Page.objects.live()).autocomplete(words)[:AUTOCOMPLETE_LIMIT]
        suggestions = [
            {"title": page.title, "url": page.get_url(request), "type": str(type_label(page))} for page in pages
        ]
    return JsonResponse({"query": query, "results": suggestions})
