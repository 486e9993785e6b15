"""Rendered pieces of pages, kept per worker under the page cache's stamps.

With the page cache off (members, the first reader after a publish) every
request rendered the whole page: the article body, the cards, the tag list,
the share tags and JSON-LD. Those pieces change only when an editor changes
what they show, and every such change bumps a stamp (`page:<id>`, `tag:<slug>`,
`feed`, `site`; movement/caching/page_cache.py). So a fragment is rendered
once per generation of its dependencies and kept as a string in the
structure cache (movement/caching/structure.py; nothing to copy, strings
are immutable).

A page that shows a fragment depends on what the fragment depends on: the
dependencies are recorded on the request, and the page cache adds them to
the entry it stores (`recorded`), so a page whose template no longer walks
the pages it shows (their HTML came from memory) is still dropped when one
of them changes.

Never kept: previews (drafts), and anything personal (the member menu, CSRF
forms) stays outside every fragment. Off with the structure cache
(`STRUCTURE_CACHE_ENABLED`): the fragment is then rendered every time, and
its dependencies are still recorded.
"""

from movement.caching import structure


def recorded(request):
    """Dependencies of every fragment this request showed."""
    return set(getattr(request, "_fragment_deps", ()))


def flatten(values):
    deps = []
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            deps.append(value)
        else:
            deps.extend(flatten(value))
    return deps


def cached(request, key, render, deps):
    """`render()` once per generation of `deps`, per host; `deps` is a list
    of stamp names (or lists of them)."""
    deps = {"site", *flatten(deps)}
    if request is None:
        return render()
    if not hasattr(request, "_fragment_deps"):
        request._fragment_deps = set()
    request._fragment_deps.update(deps)
    if getattr(request, "is_preview", False) or not structure.enabled():
        return render()
    deps = tuple(sorted(deps))
    # The dependencies are part of the name: an article whose related
    # articles changed names other pages, so it is another fragment.
    name = f"fragment:{request.get_host()}:{key}:{','.join(deps)}"
    return structure.cached(name, render, deps=deps, copy_value=False)
