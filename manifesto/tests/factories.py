import wagtail_factories

from manifesto.models import ManifestoPage


class ManifestoPageFactory(wagtail_factories.PageFactory):
    title = "Manifest for samskabelse"
    slug = "manifest"
    intro = "Hvad betyder samskabelse, og hvad er forudsætningerne for at lykkes?"

    class Meta:
        model = ManifestoPage
