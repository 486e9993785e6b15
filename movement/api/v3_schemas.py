"""Types for Wagtail 8's typed API (`/api/v3/`).

Wagtail builds the v3 pydantic schemas from the same `api_fields` as v2,
at import time of `wagtail.api.v3.routers.pages` (which
`wagtail.contrib.redirects` imports from its `ready()`). So `install()` runs
from `MovementConfig.ready()`, before that (our app is first in
INSTALLED_APPS), and changes two things:

- tags are read from `.all()` (prefetch-friendly) instead of a
  `values_list()` query per page;
- a field with a custom v2 serializer is typed from the serializer's
  `to_representation` return annotation (Wagtail's rule); where that is
  missing, from `API_FIELD_TYPES` below by field name, so the OpenAPI
  document describes images, people, organisations, the program,
  registration and the manifesto's document instead of "any".
  The models allow extra keys, so a field a page type adds is never lost.
"""

import datetime as dt
import logging
import sys
from typing import Annotated, Any, Literal, get_type_hints

from django.db import models
from django.utils import timezone

from taggit.managers import TaggableManager
from wagtail.api.v3.schemas.generators import read as read_module
from wagtail.api.v3.schemas.generators.read import read_generator

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# Closed sets of values (enums in the OpenAPI document). They mirror
# EventPage.Status, EventPage.RegistrationStatus and the program block's
# choices; movement must not import events, so a test compares them
# (movement/tests/test_api_schema.py).
EventStatus = Literal["upcoming", "ongoing", "held"]
RegistrationStatus = Literal["open", "closed", "full", "waitlist", "none"]
SessionKind = Literal["welcome", "talk", "cases", "debate", "break", "closing"]
ParticipantPart = Literal["moderator", "speaker", "panellist"]
OrganisationKind = Literal[
    "municipality", "region", "state", "parliament", "union", "company", "university", "association", "media", "other"
]
# An ISO 8601 datetime with its offset, as a string (what API v2 gives).
DateTimeString = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class RenditionJSON(_Open):
    url: str
    width: int
    height: int


class RenditionsJSON(_Open):
    """The fixed renditions (`movement.api.representations.API_IMAGE_RENDITIONS`)."""

    small: RenditionJSON
    medium: RenditionJSON
    large: RenditionJSON


class ImageJSON(_Open):
    id: int
    title: str
    alt: str
    # `alt` is "" exactly when the editor marked the image decorative
    decorative: bool
    width: int
    height: int
    renditions: RenditionsJSON


class OrganisationJSON(_Open):
    kind: Literal["organisation"]
    id: int
    name: str
    organisation_kind: OrganisationKind
    url: str | None = None


class PersonJSON(_Open):
    kind: Literal["person"]
    id: int
    name: str
    role: str = ""
    organisation: str = ""


class ManifestoOrganisationJSON(OrganisationJSON):
    logo: ImageJSON | None = None


# A field that may hold a person or an organisation: `kind` says which.
PersonOrOrganisation = Annotated[PersonJSON | OrganisationJSON, Field(discriminator="kind")]


class ParticipantJSON(PersonJSON):
    part: ParticipantPart | None = None


class CategoryJSON(_Open):
    name: str
    slug: str


class VenueJSON(_Open):
    name: str
    address: str


class SessionItemJSON(_Open):
    theme: str = ""
    title: str
    description: str = ""
    byline: str = ""
    speakers: list[ParticipantJSON] = []


class SessionJSON(_Open):
    start: DateTimeString
    end: DateTimeString
    title: str
    kind: SessionKind
    description: str = ""
    participants: list[ParticipantJSON] = []
    items: list[SessionItemJSON] = []


class RegistrationJSON(_Open):
    status: RegistrationStatus
    deadline: DateTimeString | None = None


class DocumentJSON(_Open):
    title: str
    size: int | None = None
    extension: str | None = None
    members_only: bool
    url: str | None = None


class PrincipleJSON(_Open):
    number: int
    text: str
    description: str = ""


# Field name -> type, for serializer fields without a return annotation.
API_FIELD_TYPES = {
    "image": ImageJSON,
    "logo": ImageJSON,
    "share_image": ImageJSON,
    "authors": list[PersonJSON],
    "organisers": list[PersonOrOrganisation],
    "organisations": list[ManifestoOrganisationJSON],
    "host": PersonOrOrganisation,
    "facilitator": PersonOrOrganisation,
    "venue": VenueJSON,
    "program": list[SessionJSON],
    "registration": RegistrationJSON,
    "document": DocumentJSON,
    "category": CategoryJSON,
    "tags": list[str],
    "principles": list[PrincipleJSON],
}

# Field name -> type, for plain-property API fields (Wagtail types them Any).
API_PROPERTY_TYPES = {
    "registration": RegistrationJSON,
    "status": EventStatus,
    "venue": VenueJSON,
    "ics_url": str,
    "tags": list[str],
}

_stock_custom_serializer_schema = read_module.SchemaGenerator._custom_serializer_schema


def _typed_custom_serializer_schema(api_field):
    annotation, default, resolver = _stock_custom_serializer_schema(api_field)
    try:
        declared = get_type_hints(api_field.serializer.to_representation).get("return")
    except (NameError, TypeError):
        declared = None
    if declared is None and api_field.name in API_FIELD_TYPES:
        annotation = API_FIELD_TYPES[api_field.name] | None
    return annotation, default, resolver


_stock_extend_schema = read_module.SchemaGenerator.extend_schema


def _typed_extend_schema(base, name, fields):
    typed = {}
    for field_name, (annotation, default, resolver) in fields.items():
        if annotation is Any and field_name in API_PROPERTY_TYPES:
            annotation = API_PROPERTY_TYPES[field_name] | None
        typed[field_name] = (annotation, default, resolver)
    return _stock_extend_schema(read_generator, base, name, typed)


def _local_datetime_schema(generator, field):
    """Datetimes in Copenhagen time with their offset, as API v2 gives them
    (pydantic would otherwise print UTC with a Z)."""
    field_name = field.name

    def resolve(obj) -> Any:
        value = getattr(obj, field_name)
        return timezone.localtime(value) if value is not None else None

    annotation = (dt.datetime | None) if field.null else dt.datetime
    return annotation, None if field.null else ..., staticmethod(resolve)


def _tags_schema(generator, field):
    field_name = field.name

    def resolve(obj) -> Any:
        return sorted(tag.name for tag in getattr(obj, field_name).all())

    return list[str], [], staticmethod(resolve)


def install():
    """Patch Wagtail's v3 read schema generator (idempotent)."""
    if "wagtail.api.v3.routers.pages" in sys.modules:  # pragma: no cover - import order guard
        logging.getLogger(__name__).warning("wagtail.api.v3 was imported before movement: v3 types stay generic")
    read_generator._custom_serializer_schema = _typed_custom_serializer_schema
    read_generator.extend_schema = _typed_extend_schema
    read_generator.register_field_schema(TaggableManager, _tags_schema)
    read_generator.register_field_schema(models.DateTimeField, _local_datetime_schema)
