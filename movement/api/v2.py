"""Wagtail API v2 router (`/api/v2/`) and the project's viewsets.

On top of Wagtail's stock endpoints:

- every query parameter is validated before the database (400 naming it);
- filters `tags`, `upcoming`, `from`/`to`, `category`, and `search`
  combined with any other filter (`movement.api.filters`);
- listings run a constant number of queries: after pagination the page
  objects get their relations prefetched in one query per relation
  (`prefetch_for_api`), and tags are read from that prefetch;
- `Last-Modified` from the newest `last_published_at` in the response
  (ETag, Cache-Control and 304s: `movement.caching.http_cache`);
- `/api/v2/page_preview/`: the draft a preview token points at
  (`movement.api.preview`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import path
from django.utils.http import http_date

from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager, _TaggableManager
from wagtail.api import APIField
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Revision

from rest_framework import status
from rest_framework.fields import Field
from rest_framework.response import Response

from movement.api.filters import (
    MovementFilter,
    ParameterError,
    SearchReadyFilter,
    ValidatingFieldsFilter,
    validate_query_parameters,
)
from movement.api.nested_fields import apply_nested_fields, take_nested_fields
from movement.api.preview import PreviewTokenError, content_type_label, read_preview_token
from movement.api.representations import API_IMAGE_RENDITIONS, image_representation
from movement.caching import structure


class PrefetchedTagNamesField(Field):
    """Tag names, sorted in Python so a prefetch of `tags` is used.

    Wagtail's stock `TagsField` calls `.order_by("name")`, one query per
    item whatever was prefetched (PITFALLS.md).
    """

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class PrefetchedTagsMixin:
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name, None), _TaggableManager):
            return PrefetchedTagNamesField, {}
        return super().build_property_field(field_name, model_class)


class MovementPageSerializer(PrefetchedTagsMixin, PageSerializer):
    def to_representation(self, instance):
        kept = getattr(self.context.get("view"), "kept_item", None)
        if kept is None:
            return super().to_representation(instance)
        return kept(instance, lambda: super(MovementPageSerializer, self).to_representation(instance))

    pass


class MovementImageSerializer(PrefetchedTagsMixin, ImageSerializer):
    pass


class MovementDocumentSerializer(PrefetchedTagsMixin, DocumentSerializer):
    pass


def prefetch_lookups(model, field_names=None):
    """The lookups that let a page type's API fields serialise without N+1.

    Derived from the model's `api_fields` (image FKs with their renditions,
    other FKs, tags, inline children, many-to-many), plus whatever the model
    adds with the `api_prefetch_related` convention: a list, or a classmethod
    returning a list, of `prefetch_related` lookups (strings or `Prefetch`),
    e.g. `["authors__person__organisation", "category"]`.
    """
    from movement.models import Person

    image_model = get_image_model()
    lookups = ["locale"]
    for api_field in getattr(model, "api_fields", ()):
        name = getattr(api_field, "name", api_field)
        if field_names is not None and name not in field_names:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a property: nothing to prefetch  # noqa: BLE001
            continue
        if isinstance(field, models.ForeignKey):
            if field.related_model is image_model:
                images = image_model.objects.prefetch_renditions(*API_IMAGE_RENDITIONS.values())
                lookups.append(Prefetch(name, queryset=images))
            else:
                lookups.append(name)
                if field.related_model is Person:  # person_representation reads it
                    lookups.append(f"{name}__organisation")
        elif isinstance(field, TaggableManager) or field.many_to_many:
            lookups.append(name)
            if field.related_model is Person:
                lookups.append(f"{name}__organisation")
        elif field.one_to_many and isinstance(getattr(field, "field", None), ParentalKey):
            lookups.append(name)
    extra = getattr(model, "api_prefetch_related", None)
    if callable(extra):
        extra = extra()
    lookups.extend(extra or ())
    return lookups


def public_pages_queryset(request):
    """`wagtail.api.querysets.get_public_pages_queryset` without its query of
    every view restriction when the structure cache knows there are none."""
    if (
        not structure.enabled()
        or getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        or structure.restriction_snapshot()["restrictions"]
    ):
        try:
            return get_public_pages_queryset(request)
        except ValueError as error:
            raise BadRequestError(str(error)) from error
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as error:
        raise BadRequestError(str(error)) from error
    queryset = Page.objects.all().live()
    if site is None:
        return queryset.none()
    return queryset.descendant_of(site.root_page, inclusive=True)


def prefetch_for_api(objects, model):
    """Prefetch the API fields' relations, then let each page type batch what
    a prefetch cannot express (`api_prepare(objects)`, a classmethod; e.g. the
    people named inside an event's program StreamField)."""
    objects = list(objects)
    if objects:
        prefetch_related_objects(objects, *prefetch_lookups(model))
        for page_type in {type(obj) for obj in objects}:
            prepare = getattr(page_type, "api_prepare", None)
            if prepare is not None:
                prepare([obj for obj in objects if type(obj) is page_type])
    return objects


def newest_published(objects):
    dates = [obj.last_published_at for obj in objects if getattr(obj, "last_published_at", None)]
    return max(dates) if dates else None


def set_last_modified(response, moment):
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response


class CompactJSONMixin:
    """Compact JSON (Wagtail indents by 4: a third more bytes on the wire);
    pretty only when asked for with `Accept: application/json; indent=4`."""

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["indent"] = None
        return context


class ValidatedParametersMixin:
    """Run `validate_query_parameters` before any handler touches the DB."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        validate_query_parameters(request, max_limit=getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20)


class KeptPagination(WagtailPagination):
    """Wagtail's offset pagination, with the total and the page's ids kept in
    the structure cache until any page is published, moved or deleted
    (`pages`) or the site changes: COUNT and ORDER BY over every article
    grew with the table. Then the page's objects are read by id. Not for
    searches, random order or personal callers (restrictions they pass)."""

    def paginate_queryset(self, queryset, request, view=None):
        from movement.caching.page_cache import is_personal

        params = sorted((name, tuple(values)) for name, values in request.GET.lists() if name != "fields")
        names = {name for name, _values in params}
        if (
            not structure.enabled()
            or not getattr(view, "keep_items", True)
            or is_personal(request)
            or "search" in names
            or request.GET.get("order") == "random"
            or getattr(request, "is_preview", False)
        ):
            return super().paginate_queryset(queryset, request, view)

        def compute():
            objects = list(super(KeptPagination, self).paginate_queryset(queryset, request, view))
            return self.total_count, tuple(obj.pk for obj in objects)

        key = f"api-page-ids:{request.get_host()}:{request.path}:{params!r}"
        self.total_count, ids = structure.cached(key, compute, deps=("pages", "site"), copy_value=False)
        self.view = view
        # The ids came from this queryset; its filters (the public pages of
        # the site, every live page id in a subquery) need not run again.
        by_id = queryset.model._default_manager.filter(pk__in=ids)
        by_id.query.select_related = queryset.query.select_related
        by_id.query.deferred_loading = queryset.query.deferred_loading
        by_id._prefetch_related_lookups = queryset._prefetch_related_lookups
        by_id._iterable_class = queryset._iterable_class
        found = {obj.pk: obj for obj in by_id}
        return [found[pk] for pk in ids if pk in found]


class MovementPagesAPIViewSet(CompactJSONMixin, ValidatedParametersMixin, PagesAPIViewSet):
    base_serializer_class = MovementPageSerializer
    pagination_class = KeptPagination
    keep_items = True  # see `_item_key`
    filter_backends = [
        ValidatingFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        MovementFilter,
        SearchReadyFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["upcoming", "from", "to", "category", "tags"]
    )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._nested_fields = take_nested_fields(request)

    def finalize_response(self, request, response, *args, **kwargs):
        selected = getattr(self, "_nested_fields", None)
        if selected and response.status_code == 200 and isinstance(response.data, dict):
            if "items" in response.data:
                for item in response.data["items"]:
                    apply_nested_fields(item, selected)
            else:
                apply_nested_fields(response.data, selected)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_base_queryset(self):
        """Wagtail's public pages, built once per request (it is asked for
        up to three times) and from the structure cache's restrictions."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = public_pages_queryset(self.request)
        return self._base_queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Only the pages whose data is not kept need their relations.
        missing = [obj for obj in page if not self.item_is_kept(obj)]
        prefetch_for_api(missing, queryset.model)
        self._objects = page
        return page

    def listing_view(self, request):
        response = super().listing_view(request)
        return set_last_modified(response, newest_published(getattr(self, "_objects", [])))

    def detail_view(self, request, pk):
        instance = self.get_object()  # live, public, of this site: every time
        if not self.item_is_kept(instance):
            prefetch_for_api([instance], type(instance))
        serializer = self.get_serializer(instance)
        return set_last_modified(Response(serializer.data), instance.last_published_at)

    # -- a page's serialised data, kept like the templates' fragments ----

    def _item_key(self, instance):
        """Name and dependencies of `instance`'s data in the structure cache,
        or None where it is not kept: personal callers (they may pass
        restrictions), previews, and nested `fields` selections (applied in
        place by `finalize_response`; the kept data is shared by threads)."""
        from movement.caching.page_cache import is_personal

        request = self.request
        if (
            not self.keep_items
            or not structure.enabled()
            or is_personal(request)
            or getattr(request, "is_preview", False)
            or getattr(self, "_nested_fields", None)
        ):
            return None
        if not hasattr(self, "_item_params"):
            self._item_params = sorted(
                (key, tuple(values)) for key, values in request.GET.lists() if key not in ("offset", "limit")
            )
        name = f"api-item:{type(self).__name__}:{self.action}:{request.get_host()}:{instance.pk}:{self._item_params!r}"
        # Its own change and what it shows (people, images, documents) bump
        # `page:<id>`; its parent and the pages it links to, `pages`.
        return name, ("pages", "site", f"page:{instance.pk}")

    def item_is_kept(self, instance):
        key = self._item_key(instance)
        return key is not None and structure.peek(*key)[0]

    def kept_item(self, instance, compute):
        key = self._item_key(instance)
        if key is None:
            return compute()
        return structure.cached(key[0], compute, deps=key[1], copy_value=False)


class ImageRenditionsField(Field):
    """`renditions` of an image, as in every other place an image appears
    (`representations.image_representation`)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        return image_representation(image)["renditions"]


class MovementImagesAPIViewSet(CompactJSONMixin, ValidatedParametersMixin, ImagesAPIViewSet):
    """Images with their renditions (small, medium, large), in listings too;
    the renditions come from one prefetch."""

    base_serializer_class = MovementImageSerializer
    body_fields = [*ImagesAPIViewSet.body_fields, APIField("renditions", serializer=ImageRenditionsField())]
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "renditions"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags").prefetch_renditions(*API_IMAGE_RENDITIONS.values())


class MovementDocumentsAPIViewSet(CompactJSONMixin, ValidatedParametersMixin, DocumentsAPIViewSet):
    """Documents in restricted collections (the members-only manifesto PDF)
    are hidden from callers who don't pass the restriction, in listings and
    detail alike (Wagtail's `get_restricted_collection_ids`)."""

    base_serializer_class = MovementDocumentSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")


class PagePreviewAPIViewSet(MovementPagesAPIViewSet):
    """`/api/v2/page_preview/?content_type=<app.model>&token=<token>`."""

    keep_items = False  # a draft: never kept

    known_query_parameters = MovementPagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="detail")]

    def get_object(self):
        if hasattr(self, "_cached_object"):
            return self._cached_object
        params = self.request.GET
        for name in ("content_type", "token"):
            if not params.get(name):
                raise ParameterError(name, "is required")
        page_id, revision_id = read_preview_token(params["token"])
        revision = Revision.page_revisions.filter(pk=revision_id, object_id=str(page_id)).first()
        if revision is None:
            raise Http404("the previewed revision no longer exists")
        page = revision.as_object()
        if content_type_label(page) != params["content_type"].lower():
            raise ParameterError("content_type", f"the token is for {content_type_label(page)}")
        self._cached_object = page
        return page

    def detail_view(self, request, pk=None):
        page = self.get_object()
        response = Response(self.get_serializer(page).data)
        # A draft: never in a shared cache (see movement.caching.http_cache).
        response["Cache-Control"] = "private, no-store"
        return response

    def handle_exception(self, exc):
        if isinstance(exc, PreviewTokenError):
            return Response({"message": str(exc)}, status=status.HTTP_403_FORBIDDEN)
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", MovementPagesAPIViewSet)
api_router.register_endpoint("images", MovementImagesAPIViewSet)
api_router.register_endpoint("documents", MovementDocumentsAPIViewSet)

# After "pages", so page detail URLs still point at the pages endpoint.
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)
