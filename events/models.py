"""Events: invitations with a timed program and registration."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from movement.mixins import IntroMixin
from movement.models import BasePage


class EventIndexPage(IntroMixin, BasePage):
    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("arrangementsoversigt")
        verbose_name_plural = _("arrangementsoversigter")


class EventPage(BasePage):
    lede = models.TextField(_("manchet"), blank=True)
    start = models.DateTimeField(_("starttidspunkt"))
    end = models.DateTimeField(_("sluttidspunkt"))

    content_panels = [*BasePage.content_panels, FieldPanel("lede"), FieldPanel("start"), FieldPanel("end")]
    api_fields = [*BasePage.api_fields, APIField("lede"), APIField("start"), APIField("end")]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")

    @classmethod
    def next_upcoming(cls):
        return cls.objects.live().public().filter(end__gte=timezone.now()).order_by("start").first()
