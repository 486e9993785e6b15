import factory
import wagtail_factories

from movement.models import Organisation, Person, Principle, PrinciplesPage


class ImageFactory(wagtail_factories.ImageFactory):
    """An image as editors must upload one: with alt text (movement/editing/alt_text.py)."""

    description = factory.Sequence(lambda n: f"Billede nummer {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.MUNICIPALITY

    class Meta:
        model = Organisation


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Konsulent"
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Person


class PrinciplesPageFactory(wagtail_factories.PageFactory):
    title = "De 7 principper"
    slug = "principper"
    intro = "Principperne"

    class Meta:
        model = PrinciplesPage


class PrincipleFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(PrinciplesPageFactory)
    text = factory.Sequence(lambda n: f"Vær med til princip {n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = Principle
