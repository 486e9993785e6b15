"""What belongs to the whole movement: the base page, people, organisations,
site settings and the seven principles."""

import copy
import uuid

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from movement.api.serializers import ImageSerializerField
from movement.caching import structure
from movement.editing.permissions import MovementPagePermissionTester
from movement.mixins import IntroMixin, SeoMixin
from movement.operations.site_url import public_base_url

# ---------------------------------------------------------------------------
# Base page
# ---------------------------------------------------------------------------


class MovementPageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail reads every view restriction on each `.public()`; the
        structure cache reads them once per change (movement/caching/structure.py)."""
        if structure.enabled():
            return structure.private_q()
        return super().private_q()


class MovementPageManager(PageManager.from_queryset(MovementPageQuerySet)):
    pass


class BasePage(SeoMixin, Page):
    """Every page type of the site inherits from this abstract page.

    It adds the share image and meta-description fallbacks (SeoMixin) and
    keeps the panel, search and API field lists in one place.
    """

    content_panels = [*Page.content_panels]
    promote_panels = [*Page.promote_panels, *SeoMixin.promote_panels]
    search_fields = [*Page.search_fields]
    api_fields = []

    # Pages default to leaves; page types open up their children explicitly.
    subpage_types = []

    objects = MovementPageManager()

    # Forward relations a page of this type always shows: routing loads
    # them with the page (see `route`).
    route_select_related = ()

    class Meta:
        abstract = True

    def clean(self):
        """No image without alt text on a page (movement/editing/alt_text.py)."""
        super().clean()
        from movement.editing.alt_text import check_page_images

        check_page_images(self)

    def permissions_for_user(self, user):
        """Wagtail's permissions, answered for leaf pages without a query
        per explorer row (movement/editing/permissions.py)."""
        return MovementPagePermissionTester(user, self)

    def get_url_parts(self, request=None):
        """On a single-site installation the public base URL is the root
        (movement/operations/site_url.py), whatever the Site record says, so canonical,
        sitemap, feeds, ICS and the API's `html_url` agree with every other
        absolute URL. Several sites keep Wagtail's own per-site roots."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        if len(self._get_site_root_paths(request)) == 1:
            root_url = public_base_url()
        return site_id, root_url, page_path

    def route(self, request, path_components):
        """Where only one page type may sit below this page, fetch the child
        as that type in one query, with its `route_select_related`. Wagtail
        fetches the base page, then the specific one, then each relation."""
        if path_components and self.depth == 2 and structure.enabled() and not getattr(request, "is_preview", False):
            child = self._cached_children().get(path_components[0])
            if child is not None:
                return copy.copy(child).route(request, path_components[1:])
        allowed = self.allowed_subpage_models()
        if path_components and len(allowed) == 1 and issubclass(allowed[0], BasePage):
            model = allowed[0]
            if structure.enabled() and not getattr(request, "is_preview", False):
                child = self._cached_child(model, path_components[0])
            else:
                child = self._child_query(model).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        # Anything else, or a child of a type no longer allowed here.
        return super().route(request, path_components)

    def _child_query(self, model):
        return model.objects.child_of(self).select_related(*model.route_select_related)

    def _cached_child(self, model, slug):
        """A child page by slug from the structure cache, in two steps so each
        is dropped by the stamp that changes it: the slug's page id under the
        parent's stamp (a child's publish, unpublish, move or delete bumps its
        ancestors, `movement/caching/page_cache.py`), the page itself under
        its own (its publish, or a person or snippet it shows being renamed).
        Misses (a mistyped slug) are not kept. Callers get a shallow copy."""
        pk = structure.cached(
            f"route-slug:{self.pk}:{slug}",
            lambda: self._child_query(model).filter(slug=slug).values_list("pk", flat=True).first(),
            deps=("site", f"page:{self.pk}"),
            copy_value=False,
        )
        if pk is None:
            return None
        child = structure.cached(
            f"route-page:{pk}",
            lambda: self._child_query(model).filter(pk=pk).first(),
            deps=("site", f"page:{pk}"),
            copy_value=False,
        )
        return copy.copy(child) if child is not None else None

    def _cached_children(self):
        """The site root's children by slug, as their specific types: every
        request below them asked for them again (two queries). A change to
        one bumps `site` (it is in the main menu's depth); one moved away
        bumps its old parent (`page:<id>`). Callers route a shallow copy."""

        def compute():
            return {child.slug: child for child in self.get_children().specific()}

        return structure.cached(
            f"route-children:{self.pk}", compute, deps=("site", f"page:{self.pk}"), copy_value=False
        )

    def get_view_restrictions(self):
        """Wagtail checks this on every serve with two queries (ancestors,
        then restrictions); the structure cache knows the answer."""
        if not structure.enabled():
            return super().get_view_restrictions()
        ids = structure.view_restriction_ids(self)
        if ids is None:
            return super().get_view_restrictions()
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["meta_description"] = self.get_meta_description()
        return context


# ---------------------------------------------------------------------------
# People and organisations (snippets shared by events, news and the manifesto)
# ---------------------------------------------------------------------------


class Organisation(index.Indexed, models.Model):
    """A municipality, region, union, company, university... Shared everywhere,
    so RUC is one record whether it hosts, co-signs or employs a speaker."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region")
        STATE = "state", _("Stat og myndighed")
        PARLIAMENT = "parliament", _("Folketing og parti")
        UNION = "union", _("Fagforening")
        COMPANY = "company", _("Virksomhed")
        UNIVERSITY = "university", _("Universitet og uddannelse")
        ASSOCIATION = "association", _("Forening og civilsamfund")
        MEDIA = "media", _("Medie")
        OTHER = "other", _("Andet")

    name = models.CharField(
        _("navn"), max_length=200, unique=True, help_text=_("Organisationens navn, f.eks. 'Gentofte Kommune'.")
    )
    slug = models.SlugField(
        _("kortnavn"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Bruges i adresser. Udfyldes automatisk."),
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_("Hvilken slags organisation, bruges til at gruppere lister."),
    )
    url = models.URLField(_("hjemmeside"), blank=True, help_text=_("Organisationens egen hjemmeside."))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises på manifestsiden blandt organisationerne bag."),
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("url"), FieldPanel("logo"), FieldPanel("slug")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("name"),
        APIField("kind"),
        APIField("url"),
        APIField("logo", serializer=ImageSerializerField()),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:200]
        super().save(*args, **kwargs)


class Person(index.Indexed, models.Model):
    """A speaker, host, author or contact. One record per human being, so a
    person who appears in three sessions is listed once in the admin and their
    usage view shows every place they appear."""

    name = models.CharField(_("navn"), max_length=200, help_text=_("Fulde navn, f.eks. 'Jacob Torfing'."))
    role = models.CharField(
        _("nuværende titel"),
        max_length=200,
        blank=True,
        help_text=_(
            "Personens titel i dag, f.eks. 'Professor'. I et program kan du angive den titel, "
            "personen havde ved netop det arrangement."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text=_("Hvor personen arbejder i dag."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("portræt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Et portrætfoto, vises ved forfattere og talere."),
    )
    bio = models.TextField(_("kort præsentation"), blank=True, help_text=_("Et par linjer om personen."))

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("image"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "organisation"], name="unique_person_per_organisation"),
        ]

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation.name})"
        return self.name

    @property
    def title_line(self):
        """'Professor, RUC': the role and organisation as the seed writes them."""
        parts = [self.role, self.organisation.name if self.organisation_id else ""]
        return ", ".join(part for part in parts if part)


# ---------------------------------------------------------------------------
# Site settings
# ---------------------------------------------------------------------------


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Names, contact and footer that editors change without a developer."""

    organisation_name = models.CharField(
        _("bevægelsens navn"),
        max_length=200,
        default="Den Nationale Samskabelsesbevægelse",
        help_text=_("Vises i sidehovedet, i sidefoden og i delte links."),
    )
    tagline = models.CharField(
        _("slogan"), max_length=300, blank=True, help_text=_("En kort linje under navnet i sidehovedet.")
    )
    contact_email = models.EmailField(_("kontakt-e-mail"), blank=True, help_text=_("Vises i sidefoden."))
    contact_phone = models.CharField(_("telefon"), max_length=50, blank=True, help_text=_("Vises i sidefoden."))
    address = models.TextField(_("adresse"), blank=True, help_text=_("Postadresse, vises i sidefoden."))
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    twitter_handle = models.CharField(
        _("X/Twitter-brugernavn"), max_length=50, blank=True, help_text=_("Uden @. Bruges i delingskort.")
    )
    footer_text = RichTextField(_("tekst i sidefoden"), blank=True, features=["bold", "italic", "link"])
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("standard-delingsbillede"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bruges, når en side deles og ikke har sit eget billede."),
    )

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privatlivspolitik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Siden med privatlivspolitikken. Linkes fra sidefoden."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgængelighedserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Siden med tilgængelighedserklæringen. Linkes fra sidefoden."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("organisation_name"), FieldPanel("tagline")], heading=_("Navn")),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")], heading=_("Kontakt")
        ),
        MultiFieldPanel(
            [FieldPanel("linkedin_url"), FieldPanel("facebook_url"), FieldPanel("twitter_handle")],
            heading=_("Sociale medier"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel([FieldPanel("privacy_page"), FieldPanel("accessibility_page")], heading=_("Sider i sidefoden")),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = _("indstillinger for sitet")
        verbose_name_plural = _("indstillinger for sitet")

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().select_related("default_share_image", "privacy_page", "accessibility_page")

    @classmethod
    def load(cls, request_or_site=None):
        """Every page's header and footer read these: readers get them from
        the structure cache (a copy each), the admin from the database."""
        path = getattr(request_or_site, "path", None)
        if path is None or path.startswith("/admin/"):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request_or_site, attr_name):
            setattr(request_or_site, attr_name, structure.cached("site-settings", cls._get_or_create))
        return getattr(request_or_site, attr_name)


# ---------------------------------------------------------------------------
# The seven principles
# ---------------------------------------------------------------------------


class StandardPage(IntroMixin, BasePage):
    """A plain text page under the home page: the privacy policy, the
    accessibility statement, "Om bevægelsen". Editors write it; the footer
    links the first two through the site settings."""

    body = RichTextField(
        _("brødtekst"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "document-link"],
    )
    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels, FieldPanel("body")]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields, APIField("body")]

    parent_page_types = ["home.HomePage", "movement.StandardPage"]
    subpage_types = ["movement.StandardPage"]
    template = "movement/standard_page.html"

    class Meta:
        verbose_name = _("tekstside")
        verbose_name_plural = _("tekstsider")


class PrinciplesPage(IntroMixin, BasePage):
    """The movement's principles ("Vær med til ..."), one record each, shown
    here, on the home page and beside events."""

    content_panels = [
        *BasePage.content_panels,
        *IntroMixin.content_panels,
        InlinePanel("principles", label=_("princip"), heading=_("Principper"), min_num=1),
    ]
    search_fields = [
        *BasePage.search_fields,
        *IntroMixin.search_fields,
        index.RelatedFields("principles", [index.SearchField("text"), index.SearchField("description")]),
    ]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields, APIField("principles")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "movement/principles_page.html"

    class Meta:
        verbose_name = _("principper")
        verbose_name_plural = _("principsider")

    def get_principles(self):
        return list(self.principles.all())

    @classmethod
    def for_display(cls):
        """The live principles page with its principles, as the home, event
        and manifesto pages show them. It sits under the home page, so
        publishing it bumps `site`."""
        return structure.cached(
            "principles-page", lambda: cls.objects.live().public().prefetch_related("principles").first()
        )


class Principle(Orderable):
    page = ParentalKey(PrinciplesPage, on_delete=models.CASCADE, related_name="principles")
    text = models.CharField(
        _("princip"),
        max_length=300,
        help_text=_("Selve princippet, f.eks. 'Vær med til at medskabe nye veje til velfærd på tværs af sektorer'."),
    )
    description = RichTextField(
        _("uddybning"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Valgfri forklaring, vises under princippet på principsiden."),
    )

    panels = [FieldPanel("text"), FieldPanel("description")]
    api_fields = [APIField("number"), APIField("text"), APIField("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("princip")
        verbose_name_plural = _("principper")

    def __str__(self):
        return self.text

    @property
    def number(self):
        """#1-#7 follow the editor's order, so reordering renumbers."""
        return (self.sort_order or 0) + 1


# ---------------------------------------------------------------------------
# Publish webhooks: one row per delivery (issue: headless API)
# ---------------------------------------------------------------------------


class WebhookDelivery(models.Model):
    """One POST of a publish event to one frontend URL, with its outcome.

    Editors see these in the admin ("Webhook-leveringer"), so a frontend that
    did not rebuild can be explained without reading server logs.
    """

    class Event(models.TextChoices):
        PUBLISH = "publish", _("udgivet")
        UNPUBLISH = "unpublish", _("afpubliceret")
        DELETE = "delete", _("slettet")

    class Status(models.TextChoices):
        PENDING = "pending", _("sendes")
        DELIVERED = "delivered", _("leveret")
        FAILED = "failed", _("fejlet")

    url = models.URLField(_("modtager"), max_length=500, help_text=_("Adressen, hændelsen blev sendt til."))
    event = models.CharField(
        _("hændelse"), max_length=20, choices=Event.choices, help_text=_("Hvad der skete med siden.")
    )
    page_id = models.PositiveIntegerField(_("side-id"), help_text=_("Sidens id, også efter den er slettet."))
    page_type = models.CharField(_("sidetype"), max_length=100, blank=True, help_text=_("F.eks. 'news.ArticlePage'."))
    page_title = models.CharField(
        _("sidetitel"), max_length=255, blank=True, help_text=_("Sidens titel, da hændelsen skete.")
    )
    payload = models.TextField(_("indhold"), help_text=_("Det JSON-dokument, der blev sendt."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text=_("'Sendes' mens der stadig prøves igen; 'fejlet' når alle forsøg er brugt."),
    )
    status_code = models.PositiveIntegerField(
        _("HTTP-svarkode"), null=True, blank=True, help_text=_("Modtagerens svar på seneste forsøg, f.eks. 200.")
    )
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0, help_text=_("Antal forsøg indtil nu."))
    last_error = models.TextField(
        _("seneste fejl"), blank=True, help_text=_("Fejlen ved seneste forsøg; tom når leveringen lykkedes.")
    )
    idempotency_key = models.UUIDField(
        _("idempotensnøgle"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Sendes som Idempotency-Key ved hvert forsøg, så modtageren kan se en gentagelse."),
    )
    next_attempt_at = models.DateTimeField(
        _("næste forsøg"), default=timezone.now, help_text=_("Hvornår leveringen prøves (igen).")
    )
    locked_until = models.DateTimeField(
        _("i gang til"),
        null=True,
        blank=True,
        help_text=_("Et forsøg er i gang; efter dette tidspunkt regnes det for afbrudt og prøves igen."),
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True, help_text=_("Hvornår hændelsen skete."))
    updated_at = models.DateTimeField(
        _("senest forsøgt"), auto_now=True, help_text=_("Tidspunktet for seneste forsøg.")
    )

    class Meta:
        verbose_name = _("webhook-levering")
        verbose_name_plural = _("webhook-leveringer")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_event_display()} {self.page_title or self.page_id} → {self.url}"


class OutgoingEmail(models.Model):
    """An email waiting for the mail server: written in the same transaction
    as what caused it (a signup, a registration, a workflow step) and sent by
    the task worker, retried with backoff while the server does not answer
    (movement/operations/mail.py). Once sent, only a trace is kept (subject,
    masked recipient, time; the text and the addresses are emptied), and the
    worker deletes it after `EMAIL_LOG_DAYS` days: it held personal data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("venter")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("opgivet")

    class State(models.TextChoices):
        """What editors see in the admin (movement/operations/admin_views.py)."""

        QUEUED = "queued", _("i kø")
        RETRYING = "retrying", _("fejlet")
        SENT = "sent", _("sendt")
        GIVEN_UP = "given_up", _("opgivet")

    subject = models.CharField(_("emne"), max_length=255, blank=True)
    recipient = models.CharField(
        _("modtager"),
        max_length=255,
        blank=True,
        help_text=_("Maskeret: første tegn og domænet, f.eks. a…@example.org (+2 for flere modtagere)."),
    )
    recipients = models.PositiveSmallIntegerField(_("modtagere"), default=1, help_text=_("Antal modtagere."))
    message = models.JSONField(_("e-mail"), help_text=_("Hele e-mailen, som den sendes; tømmes, når den er sendt."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    next_attempt_at = models.DateTimeField(_("næste forsøg"), default=timezone.now)
    locked_until = models.DateTimeField(_("i gang til"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest forsøgt"), auto_now=True)

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due_idx")]
        permissions = [("retry_outgoingemail", _("Kan sende udgående e-mails igen"))]

    def __str__(self):
        return self.subject or str(self.pk)

    @classmethod
    def state_filter(cls, state):
        """The rows in one of the editors' states, as a Q."""
        pending = models.Q(status=cls.Status.PENDING)
        return {
            cls.State.QUEUED: pending & models.Q(last_error=""),
            cls.State.RETRYING: pending & ~models.Q(last_error=""),
            cls.State.SENT: models.Q(status=cls.Status.SENT),
            cls.State.GIVEN_UP: models.Q(status=cls.Status.FAILED),
        }[state]

    @property
    def state(self):
        if self.status == self.Status.SENT:
            return self.State.SENT
        if self.status == self.Status.FAILED:
            return self.State.GIVEN_UP
        return self.State.RETRYING if self.last_error else self.State.QUEUED

    def can_retry(self):
        """A failed attempt (waiting for its next try) or a given-up email."""
        return self.state in (self.State.RETRYING, self.State.GIVEN_UP)


# ---------------------------------------------------------------------------
# Images: the editor's "decorative" choice (issue 20)
# ---------------------------------------------------------------------------


class ImageAccessibility(models.Model):
    """What Wagtail's own image model has no field for: the editor's explicit
    choice that an image is decorative (shown with ``alt=""``).

    The site keeps Wagtail's image model (docs/architecture.md), so the choice
    lives beside it, one row per image saved through the upload or edit form
    (movement/editing/alt_text.py). A decorative image never has alt text,
    so an image with alt text is never looked up here.
    """

    image = models.OneToOneField(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="accessibility",
        verbose_name=_("billede"),
    )
    decorative = models.BooleanField(
        _("dekorativt billede"),
        default=False,
        help_text=_('Billedet er pynt og vises uden alternativ tekst (alt=""); skærmlæsere springer det over.'),
    )

    class Meta:
        verbose_name = _("billedets tilgængelighed")
        verbose_name_plural = _("billedernes tilgængelighed")

    def __str__(self):
        return str(self.image_id)
