import wagtail_factories

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Den Nationale Samskabelsesbevægelse"
    slug = "home"
    lede = "Sammen om nye veje til velfærd."

    class Meta:
        model = HomePage
