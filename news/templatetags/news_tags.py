"""`{% latest_news 3 as items %}` for pages that show the newest feed items
(event pages), so they need no view code of their own."""

from django import template

from movement.feed import latest_items

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_news(context, count=3):
    return latest_items(count, request=context.get("request"))
