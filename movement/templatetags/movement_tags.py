from django import template

from wagtail.models import Site

from movement.caching import structure

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Header navigation from the page tree: the root's children in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    if site:
        root = site.root_page

        def compute():
            children = root.get_children().live().in_menu().only("id", "title", "url_path", "path", "depth")
            return list(structure.public(children))

        # The home page's children: a change to one bumps `site`.
        items = structure.cached(f"main-menu:{root.pk}", compute)
    return {"root": site.root_page if site else None, "items": items, "current": current, "request": request}


@register.filter
def is_ancestor_or_self(menu_page, current):
    """True when `current` is the menu page or below it (for aria-current)."""
    if current is None or not hasattr(current, "path"):
        return False
    return current.path.startswith(menu_page.path)


@register.simple_tag(takes_context=True)
def may_download(context, document):
    """Whether this reader may open the document; a members-only document's
    URL names its file, so it is shown only to those who may download it."""
    from movement.accounts.members import may_download as _may_download

    request = context.get("request")
    return request is not None and _may_download(document, request)


@register.simple_tag(takes_context=True)
def manifesto_teaser(context):
    """The manifesto's teaser (its intro and link text) for the event pages'
    sidebar, as the seed page has it; None without a live, public manifesto.
    Found by content type, so no other app imports the manifesto's models."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page

    request = context.get("request")

    def find():
        try:
            content_type = ContentType.objects.get_by_natural_key("manifesto", "manifestopage")
        except ContentType.DoesNotExist:
            return None
        return (
            structure.public(Page.objects.live().filter(content_type=content_type)).values_list("pk", flat=True).first()
        )

    # Which page it is changes with the tree (`site`); what it says, with it (`page:<pk>`).
    pk = structure.cached("manifesto-page-id", find)
    if pk is None:
        return None

    def compute():
        page = Page.objects.get(pk=pk).specific
        return {
            "url": page.get_url(request),
            "intro": getattr(page, "intro", ""),
            "link_text": getattr(page, "download_text", "") or page.title,
        }

    return structure.cached(f"manifesto-teaser:{pk}", compute, deps=("site", f"page:{pk}"))


@register.filter
def image_alt(image, contextual_alt=""):
    """An image's alt text: the block's own (`contextual_alt`) when given,
    "" for a decorative image, else its alt text (movement/editing/alt_text.py)."""
    if contextual_alt:
        return contextual_alt
    from movement.editing.alt_text import image_alt as alt_for

    return alt_for(image)
