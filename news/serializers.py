"""API fields for articles: expanded JSON, never bare ids."""

from rest_framework.fields import Field

from movement.api.representations import person_representation


class CategoryField(Field):
    """The category as name and slug, which is what a frontend shows and links."""

    def to_representation(self, category):
        return {"id": category.pk, "name": category.name, "slug": category.slug}


class AuthorsField(Field):
    """Authors with the role and organisation they held in this article."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        if "authors" in getattr(instance, "_prefetched_objects_cache", {}):
            authors = instance.authors.all()  # listings: prefetched by movement.api.v2
        else:
            authors = instance.authors.select_related("person__organisation")
        return [
            person_representation(author.person, role=author.role, organisation=author.organisation)
            for author in authors
        ]
