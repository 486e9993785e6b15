"""`{% fragment "name" part ... deps=list %}...{% endfragment %}`: the
enclosed template rendered once per generation of its dependencies
(movement/caching/fragments.py). The name parts must say everything the
enclosed template shows that the dependencies do not (the page, the list's
page number, the heading level); `site` is always a dependency."""

from django import template

from movement.caching import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts, deps):
        self.nodelist = nodelist
        self.parts = parts
        self.deps = deps

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        if any(part is None or part == "" for part in parts):
            return self.nodelist.render(context)  # not a page (a 404, a form view): nothing to key on
        key = ":".join(str(part) for part in parts)
        deps = [dep.resolve(context) for dep in self.deps]
        return fragments.cached(context.get("request"), key, lambda: self.nodelist.render(context), deps)


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    parts, deps = [], []
    for bit in bits:
        if bit.startswith("deps="):
            deps.append(parser.compile_filter(bit[len("deps=") :]))
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parts, deps)


@register.filter
def page_dep(page_or_pk):
    """`page|page_dep` is `page:<id>`, the stamp a page's publish bumps."""
    pk = getattr(page_or_pk, "pk", page_or_pk)
    return f"page:{pk}" if pk not in (None, "") else ""
