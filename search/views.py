"""Site search (`/search/`) and type-ahead (`/search/autocomplete/`)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """Strip NUL bytes and control characters, cap the length."""
    cleaned = "".join(ch for ch in (raw or "") if ch.isprintable())
    return cleaned.strip()[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q"))
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})


def autocomplete(request):
    query = clean_query(request.GET.get("q"))
    suggestions = []
    if len(query) >= 2:
        pages = Page.objects.live().public().autocomplete(query)[:8]
        suggestions = [{"title": page.title, "url": page.url} for page in pages]
    return JsonResponse({"query": query, "results": suggestions})
