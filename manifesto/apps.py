from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManifestoConfig(AppConfig):
    name = "manifesto"
    verbose_name = _("Manifest")

    def ready(self):
        from wagtail.documents.models import document_served

        from .signals import count_download

        document_served.connect(count_download, dispatch_uid="manifesto_count_download")
