"""Events: invitations with a timed program, speakers and registration."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from movement.api.representations import absolute_url
from movement.api.serializers import ImageSerializerField, PersonSerializerField
from movement.mixins import IntroMixin, ListingImageMixin
from movement.models import BasePage, Organisation, Person

from .blocks import EventBodyBlock, ProgramStreamBlock, QuestionStreamBlock, SessionKind
from .formatting import format_clock, format_when
from .serializers import OrganisationListField, OrganisationSerializerField, ProgramSerializerField


class EventIndexPage(RoutablePageMixin, IntroMixin, BasePage):
    """`/arrangementer/`: upcoming events first (soonest first), then past events by year."""

    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("arrangementsoversigt")
        verbose_name_plural = _("arrangementsoversigter")

    def get_events(self):
        return EventPage.objects.child_of(self).live().public().select_related("image").order_by("start")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = list(self.get_events())
        upcoming = [event for event in events if event.end >= now]
        past = sorted((event for event in events if event.end < now), key=lambda e: e.start, reverse=True)
        years = {}
        for event in past:
            years.setdefault(timezone.localtime(event.start).year, []).append(event)
        context["upcoming_events"] = upcoming
        context["past_years"] = list(years.items())
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("ics/", name="ics")
    def ics(self, request):
        from .ics import calendar_response

        return calendar_response(list(self.get_events()), "arrangementer.ics", request)


class EventPage(RoutablePageMixin, ListingImageMixin, BasePage):
    """One event: invitation text, timed program, people and registration."""

    class Status:
        UPCOMING = "upcoming"
        ONGOING = "ongoing"
        HELD = "held"

    class RegistrationStatus:
        OPEN = "open"
        CLOSED = "closed"
        FULL = "full"
        WAITLIST = "waitlist"
        NONE = "none"

    kicker = models.CharField(
        _("overlinje"),
        max_length=200,
        blank=True,
        help_text=_("Kort linje over titlen, f.eks. 'Nytårskur i Folketingets Fællessal'."),
    )
    lede = models.TextField(
        _("manchet"),
        blank=True,
        help_text=_("1-3 sætninger øverst på siden og i oversigter: hvad, hvornår og for hvem."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("grafik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Arrangementets grafik. Vises på siden og i oversigter. Billedets beskrivelse bruges som alternativ tekst."
        ),
    )
    start = models.DateTimeField(_("starttidspunkt"), help_text=_("Dansk tid. Programmet skal ligge inden for."))
    end = models.DateTimeField(_("sluttidspunkt"), help_text=_("Dansk tid. Skal ligge efter starttidspunktet."))
    venue_name = models.CharField(
        _("sted"), max_length=200, blank=True, help_text=_("Stedets navn, f.eks. 'Folketingets Fællessal'.")
    )
    venue_address = models.CharField(
        _("adresse"),
        max_length=300,
        blank=True,
        help_text=_("Gade, nummer, postnummer og by, f.eks. 'Christiansborg, Prins Jørgens Gård 1, 1240 København K'."),
    )
    host = models.ForeignKey(
        Person,
        verbose_name=_("vært"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
        help_text=_("Personen, der er vært for arrangementet."),
    )
    facilitator = models.ForeignKey(
        Organisation,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_events",
        help_text=_("Organisationen, der faciliterer arrangementet, f.eks. 'Resonans'."),
    )
    organisers = ParentalManyToManyField(
        Organisation,
        verbose_name=_("arrangører"),
        blank=True,
        related_name="organised_events",
        help_text=_("Organisationerne bag arrangementet."),
    )
    body = StreamField(
        EventBodyBlock(),
        verbose_name=_("invitation"),
        blank=True,
        help_text=_("Invitationens tekst: baggrund, temaer og de spørgsmål, der skal debatteres."),
    )
    program = StreamField(
        ProgramStreamBlock(),
        verbose_name=_("program"),
        blank=True,
        help_text=_("Programpunkterne i rækkefølge. Tiderne skal ligge inden for arrangementets start og slut."),
    )
    program_heading = models.CharField(
        _("overskrift over programmet"),
        max_length=200,
        default="Program",
        help_text=_("F.eks. 'Program: Samskabelsesbevægelsens Nytårskur i overskrifter'."),
    )
    show_principles = models.BooleanField(
        _("vis principperne"), default=True, help_text=_("Vis bevægelsens principper i sidens højre spalte.")
    )
    registration_open = models.BooleanField(
        _("tag imod tilmeldinger"),
        default=False,
        help_text=_("Slå til, hvis man skal kunne tilmelde sig på siden."),
    )
    registration_deadline = models.DateTimeField(
        _("tilmeldingsfrist"),
        null=True,
        blank=True,
        help_text=_("Efter dette tidspunkt erstattes formularen af en besked om, at tilmeldingen er lukket."),
    )
    capacity = models.PositiveIntegerField(
        _("antal pladser"), null=True, blank=True, help_text=_("Tomt: ubegrænset antal deltagere.")
    )
    waitlist_enabled = models.BooleanField(
        _("venteliste"),
        default=False,
        help_text=_("Når alle pladser er taget, kan man skrive sig på venteliste i stedet."),
    )
    registration_questions = StreamField(
        QuestionStreamBlock(),
        verbose_name=_("ekstra spørgsmål"),
        blank=True,
        help_text=_("Spørgsmål ud over navn, e-mail, organisation og stilling, f.eks. om kosthensyn."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kicker"),
        FieldPanel("lede"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
            ],
            heading=_("Tid og sted"),
        ),
        MultiFieldPanel(
            [FieldPanel("host"), FieldPanel("facilitator"), FieldPanel("organisers")],
            heading=_("Vært og arrangører"),
        ),
        FieldPanel("body"),
        FieldPanel("program_heading"),
        FieldPanel("program"),
        FieldPanel("show_principles"),
    ]
    registration_panels = [
        FieldPanel("registration_open"),
        FieldPanel("registration_deadline"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist_enabled")]),
        FieldPanel("registration_questions"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Indhold")),
            ObjectList(registration_panels, heading=_("Tilmelding")),
            ObjectList(BasePage.promote_panels, heading=_("Promovering")),
            ObjectList(BasePage.settings_panels, heading=_("Indstillinger")),
        ]
    )
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lede", boost=2),
        index.SearchField("body"),
        index.SearchField("program"),
        index.SearchField("venue_name"),
        # People chosen in StreamField blocks contribute no text of their own.
        index.SearchField("participant_names_for_search"),
        index.RelatedFields("host", [index.SearchField("name")]),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("lede"),
        APIField("start"),
        APIField("end"),
        APIField("status"),
        APIField("venue"),
        APIField("host", serializer=PersonSerializerField()),
        APIField("facilitator", serializer=OrganisationSerializerField()),
        APIField("organisers", serializer=OrganisationListField()),
        APIField("body"),
        APIField("program", serializer=ProgramSerializerField()),
        APIField("registration"),
        APIField("ics_url"),
        APIField("image", serializer=ImageSerializerField()),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    route_select_related = ("image", "share_image", "host__organisation", "facilitator")

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")

    @classmethod
    def next_upcoming(cls):
        return cls.objects.live().public().filter(end__gte=timezone.now()).order_by("start").first()

    # --- time -------------------------------------------------------------

    @property
    def status(self):
        """From the clock, never a checkbox: upcoming, ongoing or held."""
        now = timezone.now()
        if now < self.start:
            return self.Status.UPCOMING
        if now < self.end:
            return self.Status.ONGOING
        return self.Status.HELD

    @property
    def date(self):
        """The local start date, so shared cards and feeds can sort and show events like articles."""
        return timezone.localtime(self.start).date() if self.start else None

    @property
    def intro(self):
        """Alias of the lede for shared card templates that read `intro`."""
        return self.lede

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def when_display(self):
        """'torsdag den 1. februar 2018 kl. 13-16'."""
        return format_when(self.start, self.end)

    @property
    def venue(self):
        if not self.venue_name and not self.venue_address:
            return None
        return {"name": self.venue_name, "address": self.venue_address}

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Sluttidspunktet skal ligge efter starttidspunktet.")})
        if self.start and self.end:
            problems = []
            for session in self.get_program():
                label = f"'{session['title']}' ({session['time_display']})"
                if session["end"] <= session["start"]:
                    problems.append(_("Programpunktet %(session)s slutter, før det starter.") % {"session": label})
                elif session["start"] < self.start or session["end"] > self.end:
                    problems.append(
                        _(
                            "Programpunktet %(session)s ligger uden for arrangementets tidsrum "
                            "(%(start)s-%(end)s). Ret tiderne, eller ret arrangementets start og slut."
                        )
                        % {"session": label, "start": format_clock(self.start), "end": format_clock(self.end)}
                    )
            if problems:
                raise ValidationError({"program": " ".join(str(p) for p in problems)})

    # --- program ----------------------------------------------------------

    def get_program(self):
        """The program as plain dicts with people looked up in ONE query.

        Reads the StreamField's raw JSON so no block triggers a query per
        person; used by the template, the API, JSON-LD and the calendar file.
        """
        cache_key = json.dumps(list(self.program.raw_data), cls=DjangoJSONEncoder, sort_keys=True)
        cached = getattr(self, "_program_cache", None)
        if cached and cached[0] == cache_key and cached[1] == (self.start, self.end):
            return cached[2]
        program = build_program(self)
        self._program_cache = (cache_key, (self.start, self.end), program)
        return program

    @property
    def performers(self):
        """Every distinct person in the program, in order of first appearance."""
        seen = {}
        for session in self.get_program():
            for participant in session["participants"] + [s for item in session["items"] for s in item["speakers"]]:
                if participant["person"] is not None and participant["id"] not in seen:
                    seen[participant["id"]] = participant
        return list(seen.values())

    def participant_names_for_search(self):
        """Names, roles and organisations of everyone in the program, so a
        search for "Jacob Torfing" finds the events he spoke at."""
        parts = []
        for participant in self.performers:
            parts.extend(str(participant.get(key) or "") for key in ("name", "role", "organisation"))
        return " ".join(part for part in parts if part)

    # --- registration -----------------------------------------------------

    def confirmed_count(self):
        if hasattr(self, "_confirmed_count"):
            return self._confirmed_count
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @classmethod
    def api_prepare(cls, events):
        """Batch what each event would otherwise query on its own when a list
        of events is serialised: the people of every program (one query) and
        the confirmed registrations per event (one query)."""
        events = [event for event in events if isinstance(event, cls)]
        if not events:
            return
        person_ids = set()
        for event in events:
            person_ids |= program_person_ids(event)
        people = Person.objects.select_related("organisation").in_bulk(person_ids) if person_ids else {}
        for event in events:
            event._program_cache = (
                json.dumps(list(event.program.raw_data), cls=DjangoJSONEncoder, sort_keys=True),
                (event.start, event.end),
                build_program(event, people=people),
            )
        counts = dict(
            Registration.objects.filter(event__in=events, status=Registration.Status.CONFIRMED)
            .values_list("event")
            .annotate(n=models.Count("id"))
        )
        for event in events:
            event._confirmed_count = counts.get(event.pk, 0)

    @property
    def deadline_passed(self):
        return bool(self.registration_deadline and timezone.now() >= self.registration_deadline)

    def get_registration_status(self):
        """none, closed, full, waitlist or open: what the form shows and the API says."""
        if not self.registration_open:
            return self.RegistrationStatus.NONE
        if self.deadline_passed or self.status != self.Status.UPCOMING:
            return self.RegistrationStatus.CLOSED
        if self.capacity is not None and self.confirmed_count() >= self.capacity:
            return self.RegistrationStatus.WAITLIST if self.waitlist_enabled else self.RegistrationStatus.FULL
        return self.RegistrationStatus.OPEN

    @property
    def registration(self):
        return {
            "status": self.get_registration_status(),
            "deadline": timezone.localtime(self.registration_deadline).isoformat()
            if self.registration_deadline
            else None,
        }

    @property
    def ics_url(self):
        url = self.url
        return absolute_url(url + "ics/") if url else None

    # --- serving ----------------------------------------------------------

    @path("")
    def index(self, request):
        from .views import event_page_view

        return event_page_view(self, request)

    @path("ics/", name="ics")
    def ics(self, request):
        from .ics import calendar_response

        return calendar_response([self], f"{self.slug}.ics", request)

    def get_context(self, request, *args, **kwargs):
        """What only the page's fragments show (program, JSON-LD, sidebar) is
        read when a fragment is rendered (templates/events/event_page.html)."""
        from django.utils.functional import SimpleLazyObject

        from movement.models import PrinciplesPage

        context = super().get_context(request, *args, **kwargs)
        context["program"] = SimpleLazyObject(self.get_program)
        context["registration_status"] = self.get_registration_status()
        context["json_ld"] = SimpleLazyObject(lambda: self.json_ld(request))
        if self.show_principles:
            context["principles_page"] = SimpleLazyObject(PrinciplesPage.for_display)
        context["latest_items"] = SimpleLazyObject(self._latest_items)
        return context

    @staticmethod
    def _latest_items():
        try:
            from movement.feed import latest_items

            return latest_items(3)
        except Exception:  # noqa: BLE001 - the sidebar must never take the event page down
            return []

    def json_ld(self, request=None):
        from .jsonld import event_json_ld

        return event_json_ld(self, request)


def _list_values(raw):
    """ListBlock raw data comes as [{"type": "item", "value": ...}] or as bare values."""
    values = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            values.append(item["value"])
        else:
            values.append(item)
    return values


def _parse_time(value):
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


PART_LABELS = {"moderator": _("ordstyrer"), "speaker": _("oplægsholder"), "panellist": _("paneldeltager")}
KIND_LABELS = dict(SessionKind.CHOICES)


def program_person_ids(event):
    """Ids of every person the event's program names (raw JSON, no queries)."""
    person_ids = set()
    for child in event.program.raw_data:
        if child.get("type") != "session":
            continue
        value = child.get("value") or {}
        for participant in _list_values(value.get("participants")):
            if participant.get("person"):
                person_ids.add(participant["person"])
        for case in _list_values(value.get("items")):
            for speaker in _list_values(case.get("speakers")):
                if speaker.get("person"):
                    person_ids.add(speaker["person"])
    return person_ids


def build_program(event, people=None):
    sessions = [child for child in event.program.raw_data if child.get("type") == "session"]

    def participants_of(value):
        return [p for p in _list_values(value.get("participants"))]

    if people is None:
        person_ids = program_person_ids(event)
        people = Person.objects.select_related("organisation").in_bulk(person_ids) if person_ids else {}

    def participant_data(raw):
        person = people.get(raw.get("person"))
        org_name = person.organisation.name if person is not None and person.organisation_id else ""
        part = raw.get("part") or ""
        return {
            "id": person.pk if person is not None else None,
            "person": person,
            "name": person.name if person is not None else "",
            "role": raw.get("role") or (person.role if person is not None else ""),
            "organisation": raw.get("organisation") or org_name,
            "part": part,
            "part_label": PART_LABELS.get(part, ""),
        }

    tz = timezone.get_default_timezone()
    day = timezone.localtime(event.start, tz).date() if event.start else None
    program = []
    for child in sessions:
        value = child.get("value") or {}
        start_time, end_time = _parse_time(value.get("start")), _parse_time(value.get("end"))
        if day is None or start_time is None or end_time is None:
            continue
        start = timezone.make_aware(datetime.datetime.combine(day, start_time), tz)
        end = timezone.make_aware(datetime.datetime.combine(day, end_time), tz)
        kind = value.get("kind") or "talk"
        program.append(
            {
                "id": child.get("id"),
                "start": start,
                "end": end,
                "time_display": f"{start_time:%H.%M}-{end_time:%H.%M}",
                "kind": kind,
                "kind_label": KIND_LABELS.get(kind, ""),
                "title": value.get("title") or "",
                "description": value.get("description") or "",
                "participants": [participant_data(p) for p in participants_of(value) if people.get(p.get("person"))],
                "items": [
                    {
                        "theme": case.get("theme") or "",
                        "title": case.get("title") or "",
                        "description": case.get("description") or "",
                        "byline": case.get("byline") or "",
                        "speakers": [
                            participant_data(s)
                            for s in _list_values(case.get("speakers"))
                            if people.get(s.get("person"))
                        ],
                    }
                    for case in _list_values(value.get("items"))
                ],
            }
        )
    return program


class Registration(models.Model):
    """One person's registration for one event; one per e-mail per event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Bekræftet")
        WAITLIST = "waitlist", _("Venteliste")

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("arrangement"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254, help_text=_("Gemmes med små bogstaver."))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    answers = models.JSONField(_("svar på ekstra spørgsmål"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    created = models.DateTimeField(_("tilmeldt"), auto_now_add=True)

    panels = [
        FieldPanel("event", read_only=True),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("organisation"),
        FieldPanel("job_title"),
        FieldPanel("status"),
        FieldPanel("answers", read_only=True),
    ]

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["event", "created"]
        constraints = [
            models.UniqueConstraint("event", Lower("email"), name="events_registration_unique_email_per_event"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def answers_display(self):
        """Extra answers as one line for the CSV/XLSX export."""
        return "; ".join(f"{key}: {value}" for key, value in (self.answers or {}).items())
