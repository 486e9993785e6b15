"""The manifesto for co-creation, the organisations behind it, its
downloadable document and how often documents are downloaded."""

from django.db import models
from django.db.models import F
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from movement.accounts.members import is_members_only
from movement.mixins import IntroMixin
from movement.models import BasePage, Organisation, PrinciplesPage

from .blocks import ManifestoStreamBlock
from .serializers import DocumentSerializerField, ManifestoOrganisationsField


class ManifestoPage(RoutablePageMixin, IntroMixin, BasePage):
    """The manifesto: an introduction, its text in sections, the organisations
    behind it and its PDF, which only members may download."""

    body = StreamField(
        ManifestoStreamBlock(),
        verbose_name=_("manifestets tekst"),
        blank=True,
        help_text=_("Manifestets tekst i afsnit, hver med en overskrift."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("manifestet som PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Dokumentet, læserne kan hente. Ligger det i en samling, der kun er for medlemmer "
            "(Dokumenter → Samlinger → Privatliv), skal læseren logge ind som medlem for at hente det."
        ),
    )
    download_text = models.CharField(
        _("linktekst"),
        max_length=200,
        default="Læs manifest for samskabelse",
        help_text=_("Teksten på linket til dokumentet."),
    )

    content_panels = [
        *BasePage.content_panels,
        *IntroMixin.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("download_text")], heading=_("Dokumentet")),
        InlinePanel(
            "organisations",
            label=_("organisation"),
            heading=_("Organisationerne bag manifestet"),
            help_text=_("Vælg organisationerne bag manifestet. De vises grupperet efter type."),
        ),
    ]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields, index.SearchField("body")]
    api_fields = [
        *BasePage.api_fields,
        *IntroMixin.api_fields,
        APIField("body"),
        APIField("organisations", serializer=ManifestoOrganisationsField()),
        APIField("document", serializer=DocumentSerializerField()),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "manifesto/manifesto_page.html"

    class Meta:
        verbose_name = _("manifest")
        verbose_name_plural = _("manifester")

    def get_organisations(self):
        """The organisations in the editor's order, in one query."""
        return [
            row.organisation
            for row in self.organisations.select_related("organisation__logo").order_by("sort_order")
            if row.organisation_id
        ]

    def get_organisation_groups(self):
        """[(kind label, [organisations])] in the order of `Organisation.Kind`."""
        organisations = self.get_organisations()
        groups = []
        for value, label in Organisation.Kind.choices:
            members = [org for org in organisations if org.kind == value]
            if members:
                groups.append((label, members))
        return groups

    def get_context(self, request, *args, **kwargs):
        from movement.accounts.members import may_download

        context = super().get_context(request, *args, **kwargs)
        document = self.document
        context["document"] = document
        context["organisation_groups"] = self.get_organisation_groups()
        context["principles_page"] = PrinciplesPage.for_display()
        if document is not None:
            context["members_only"] = is_members_only(document)
            context["may_download"] = may_download(document, request)
        return context

    @path("hent/", name="download")
    def download(self, request):
        """A stable link for the document that never names its file.

        Members are sent on to Wagtail's serve view (which checks the
        collection's privacy again and counts the download); others go to the
        members' login and come back here afterwards.
        """
        from django.contrib.auth.views import redirect_to_login
        from django.http import Http404

        from movement.accounts.members import may_download

        document = self.document
        if document is None:
            raise Http404(_("Manifestet har ikke noget dokument."))
        if may_download(document, request):
            return redirect(document.url)
        if request.user.is_authenticated:
            # Logged in but not a confirmed member: the serve view explains.
            return redirect(document.url)
        return redirect_to_login(self.url + "hent/")


class ManifestoOrganisation(Orderable):
    """One organisation behind the manifesto (the shared snippet, so RUC is
    one record whether it co-signs the manifesto or hosts an event)."""

    page = ParentalKey(ManifestoPage, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Vælg organisationen, eller opret den under Organisationer."),
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation bag manifestet")
        verbose_name_plural = _("organisationer bag manifestet")
        constraints = [
            models.UniqueConstraint(fields=["page", "organisation"], name="unique_manifesto_organisation"),
        ]

    def __str__(self):
        return str(self.organisation)


class DocumentDownload(models.Model):
    """How many times a document has been served, so editors see what is read.

    Counted from Wagtail's `document_served` signal, which fires only in the
    serve view after the privacy check, so refused attempts never count.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="download_count",
    )
    count = models.PositiveIntegerField(_("antal hentninger"), default=0)
    last_downloaded_at = models.DateTimeField(_("senest hentet"), null=True, blank=True)

    class Meta:
        verbose_name = _("hentning af dokument")
        verbose_name_plural = _("hentninger af dokumenter")
        ordering = ["-count"]

    def __str__(self):
        return f"{self.document.title}: {self.count}"

    @classmethod
    def record(cls, document):
        """Add one download atomically (F expression: no lost updates)."""
        now = timezone.now()
        updated = cls.objects.filter(document=document).update(count=F("count") + 1, last_downloaded_at=now)
        if not updated:
            _obj, created = cls.objects.get_or_create(
                document=document, defaults={"count": 1, "last_downloaded_at": now}
            )
            if not created:
                cls.objects.filter(document=document).update(count=F("count") + 1, last_downloaded_at=now)
