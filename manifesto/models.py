"""The manifesto for co-creation and the organisations behind it."""

from django.utils.translation import gettext_lazy as _

from movement.mixins import IntroMixin
from movement.models import BasePage


class ManifestoPage(IntroMixin, BasePage):
    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("manifest")
        verbose_name_plural = _("manifester")
