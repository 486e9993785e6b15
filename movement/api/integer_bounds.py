"""Integer filter values beyond the database's range are a 400, not a 500.

Wagtail's v3 routers filter by any `APIField` named in the query string
(`/api/v3/redirects/?site=…`) and hand the value to the ORM. Django guards
plain integer lookups against overflow, but not lookups through a foreign
key, and SQLite's driver raises `OverflowError` past 2^63-1. So before the
stock filter runs, every value aimed at an integer column (or a foreign key
to one) is checked against the range the database backend reports.
Path and pagination parameters are guarded elsewhere (Django's lookups,
`movement.api.v3.APIV3ParameterGuard`); `tests/test_integer_bounds.py`
collects every integer parameter of the site and both APIs.
"""

from django.db import connection, models


def integer_range(field):
    """(low, high) of the column behind `field`, or None if it holds no integer."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if not isinstance(field, (models.IntegerField, models.AutoField)):
        return None
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    # Backends that report no limit (SQLite) still store 64-bit integers.
    return (low if low is not None else -(2**63), high if high is not None else 2**63 - 1)


def out_of_range(field, raw):
    bounds = integer_range(field)
    if bounds is None or raw is None:
        return False
    text = str(raw).strip()
    if not text.lstrip("+-").isdigit():
        return False  # not a number at all: the stock conversion names it
    return not bounds[0] <= int(text) <= bounds[1]


def install():
    """Wrap Wagtail v3's generic field filter (idempotent)."""
    from wagtail.api.v3.schemas.params import APIFieldFilterSchema

    from ninja.errors import ValidationError

    stock = APIFieldFilterSchema.filter_queryset
    if getattr(stock, "_checks_integer_bounds", False):
        return

    def filter_queryset(self, queryset):
        for name in self.get_validated_fields(queryset):
            field = queryset.model._meta.get_field(name)
            if out_of_range(field, self.raw_params.get(name)):
                raise ValidationError(
                    [{"loc": ("query", name), "msg": "Value is out of range", "type": "out_of_range"}]
                )
        return stock(self, queryset)

    filter_queryset._checks_integer_bounds = True
    APIFieldFilterSchema.filter_queryset = filter_queryset
