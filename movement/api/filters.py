"""Query parameter validation and the project's own filters for API v2.

Every parameter is checked here *before* the database sees it, because
stock Wagtail answers some bad input with a 500 (a NUL byte in `?search=`,
an `?offset=` larger than a 64-bit integer, a malformed date in a field
filter). Each error names the parameter, so a frontend developer can fix
the request without reading our code.
"""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string

from rest_framework.filters import BaseFilterBackend

# Largest integer any parameter may carry: beyond this SQLite and PostgreSQL
# overflow (a 500 on stock Wagtail).
MAX_INT = 2**31 - 1
# Offsets past this are not a real use case; they only make the database work.
MAX_OFFSET = 100_000
MAX_SEARCH_LENGTH = 255
MAX_TAGS = 10

TRUE_VALUES = {"true", "1", "yes"}
FALSE_VALUES = {"false", "0", "no"}

# Per page type: the (start, end) fields `from`/`to`/`upcoming` work on.
DATE_RANGE_FIELDS = {
    "events.eventpage": ("start", "end"),
    "news.articlepage": ("date", "date"),
}
UPCOMING_TYPES = {"events.eventpage"}
CATEGORY_TYPES = {"news.articlepage"}


class ParameterError(BadRequestError):
    """A 400 that names the offending parameter."""

    def __init__(self, parameter, message):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


def model_label(model):
    return model._meta.label_lower


def parse_positive_int(name, value, *, minimum=0, maximum=MAX_INT):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ParameterError(name, f"must be a whole number, not '{value}'") from None
    if number < minimum or number > maximum:
        raise ParameterError(name, f"must be between {minimum} and {maximum}")
    return number


def parse_bool(name, value):
    lowered = value.strip().lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ParameterError(name, f"must be 'true' or 'false', not '{value}'")


def parse_when(name, value, *, end_of_day=False):
    """`2018-02-01` or an ISO 8601 datetime (`2018-02-01T16:00:00+01:00`)."""
    try:
        # A bare date first: parse_datetime() would read it as midnight.
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
        else:
            moment = parse_datetime(value)
            if moment is None:
                raise ValueError
    except ValueError:
        raise ParameterError(name, f"must be a date (YYYY-MM-DD) or an ISO 8601 datetime, not '{value}'") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def requested_models(request):
    """The page models `?type=` asks for (validated), or an empty tuple."""
    value = request.GET.get("type")
    if not value:
        return ()
    try:
        return page_models_from_string(value)
    except (LookupError, ValueError):
        raise ParameterError("type", f"'{value}' is not a page type (e.g. news.ArticlePage)") from None


def validate_query_parameters(request, *, max_limit):
    """Cheap, database-free checks of every parameter; raises ParameterError."""
    for name, values in request.GET.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                raise ParameterError(name.replace("\x00", ""), "null characters are not allowed")
        if len(values) > 1 and name != "_":
            raise ParameterError(name, "give the parameter only once")

    params = request.GET
    if "limit" in params:
        parse_positive_int("limit", params["limit"], minimum=1, maximum=max_limit)
    if "offset" in params:
        parse_positive_int("offset", params["offset"], maximum=MAX_OFFSET)
    for name in ("child_of", "descendant_of", "ancestor_of", "translation_of"):
        if name in params and params[name] != "root":
            parse_positive_int(name, params[name], minimum=1)
    if "id" in params:
        parse_positive_int("id", params["id"], minimum=1)
    if "search" in params:
        if not params["search"].strip():
            raise ParameterError("search", "must not be empty")
        if len(params["search"]) > MAX_SEARCH_LENGTH:
            raise ParameterError("search", f"must be at most {MAX_SEARCH_LENGTH} characters")
    if "search_operator" in params and params["search_operator"] not in {"and", "or"}:
        raise ParameterError("search_operator", "must be 'and' or 'or'")

    models_ = requested_models(request)
    labels = {model_label(model) for model in models_}
    single = len(models_) == 1

    if "upcoming" in params:
        parse_bool("upcoming", params["upcoming"])
        if not (single and labels <= UPCOMING_TYPES):
            raise ParameterError("upcoming", "only works with type=events.EventPage")
    for name in ("from", "to"):
        if name in params:
            parse_when(name, params[name])
            if not (single and labels <= set(DATE_RANGE_FIELDS)):
                raise ParameterError(name, "only works with type=events.EventPage or type=news.ArticlePage")
    if "from" in params and "to" in params:
        if parse_when("from", params["from"]) > parse_when("to", params["to"], end_of_day=True):
            raise ParameterError("to", "must not be before 'from'")
    if "category" in params:
        if not params["category"].strip():
            raise ParameterError("category", "must not be empty")
        if not (single and labels <= CATEGORY_TYPES):
            raise ParameterError("category", "only works with type=news.ArticlePage")
        if not has_field(models_[0], "category"):
            raise ParameterError("category", "this page type has no category")
    if "tags" in params:
        names = tag_names(params["tags"])
        if not names:
            raise ParameterError("tags", "give at least one tag name")
        if len(names) > MAX_TAGS:
            raise ParameterError("tags", f"at most {MAX_TAGS} tags")
        if not single or not isinstance(get_field(models_[0], "tags"), TaggableManager):
            raise ParameterError("tags", "only works with a single type that has tags, e.g. type=news.ArticlePage")


def tag_names(value):
    return [name.strip() for name in value.split(",") if name.strip()]


def get_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def has_field(model, name):
    return get_field(model, name) is not None


class ValidatingFieldsFilter(FieldsFilter):
    """Wagtail's `?<field>=value` filter, with the value checked first.

    Stock Wagtail passes e.g. `?date=tomorrow` straight to the ORM, which
    raises a ValidationError (a 500). Tags are left to `MovementFilter`,
    which matches names case-insensitively.
    """

    def filter_queryset(self, request, queryset, view):
        model = queryset.model
        # locale: its own filter; tags, category: MovementFilter.
        fields = set(view.get_available_fields(model, db_fields_only=True)) - {"locale", "tags", "category"}
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = get_field(model, name)
            if field is None or isinstance(field, TaggableManager):
                continue
            try:
                if isinstance(field, models.BooleanField):
                    value = parse_bool(name, value)
                elif isinstance(field, (models.IntegerField, models.AutoField)):
                    value = parse_positive_int(name, value, minimum=-MAX_INT)
                elif isinstance(field, models.ForeignKey):
                    value = parse_positive_int(name, value, minimum=1)
                elif field.is_relation:
                    raise ParameterError(name, "cannot filter on this field")
                else:
                    value = field.to_python(value)
            except (ValidationError, ValueError, TypeError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                raise ParameterError(name, f"'{value}' is not a valid value ({message})") from None
            queryset = queryset.filter(**{name: value})
        return queryset


class MovementFilter(BaseFilterBackend):
    """`tags`, `upcoming`, `from`/`to` and `category` (validated earlier)."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        label = model_label(queryset.model)
        if "tags" in params:
            for name in tag_names(params["tags"]):
                queryset = queryset.filter(tags__name__iexact=name)
        start_field, end_field = DATE_RANGE_FIELDS.get(label, (None, None))
        date_only = start_field and isinstance(get_field(queryset.model, start_field), models.DateField)
        date_only = date_only and not isinstance(get_field(queryset.model, start_field), models.DateTimeField)
        if "upcoming" in params and label in UPCOMING_TYPES:
            now = timezone.now()
            if parse_bool("upcoming", params["upcoming"]):
                queryset = queryset.filter(**{f"{end_field}__gte": now})
            else:
                queryset = queryset.filter(**{f"{end_field}__lt": now})
        if "from" in params and start_field:
            moment = parse_when("from", params["from"])
            value = timezone.localtime(moment).date() if date_only else moment
            queryset = queryset.filter(**{f"{end_field}__gte": value})
        if "to" in params and start_field:
            moment = parse_when("to", params["to"], end_of_day=True)
            value = timezone.localtime(moment).date() if date_only else moment
            queryset = queryset.filter(**{f"{start_field}__lte": value})
        if "category" in params and label in CATEGORY_TYPES:
            value = params["category"].strip()
            match = models.Q(category__slug=value) | models.Q(category__name__iexact=value)
            if value.isdigit() and int(value) <= MAX_INT:
                match |= models.Q(category_id=int(value))
            queryset = queryset.filter(match)
        return queryset


class SearchReadyFilter(BaseFilterBackend):
    """Lets `search` combine with every other filter.

    Search backends can only filter on indexed fields, so stock Wagtail
    refuses `?tags=` with `?search=`. We resolve the other filters to a
    list of ids first (one query) and search within those.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        ordering = queryset.query.order_by
        ids = list(queryset.values_list("pk", flat=True))
        narrowed = queryset.model._default_manager.filter(pk__in=ids)
        if ordering:
            narrowed = narrowed.order_by(*ordering)
        return narrowed
