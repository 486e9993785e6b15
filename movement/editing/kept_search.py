"""The admin's page search, kept per editor for a minute (issue 20).

An editor searches, opens a hit, goes back, opens the next one: Wagtail
renders the whole results page again each time (sidebar, filters, twenty
rows with their buttons), some 50 ms at 10 articles and over 100 ms at
10,000, where the public search answers a repeated word from its kept
ranking (search/views.py). So the answer to a GET of the page search (or of
its results fragment, which the search box fetches as the editor types) is
kept for the same session and path, and served again while nothing it could
show has changed:

- `admin` is bumped by every save or delete of a page, revision, workflow
  or task state, lock, permission, view restriction, site or locale, and
  by every move, publish and unpublish (the signals below);
- `admin-user:<pk>` by a change of the editor's account, profile (language,
  time zone), groups or own permissions.

Both stamps live beside the page cache's (`page_versions`, shared by every
worker), and are bumped at once and again on commit, so a search rendered
inside the writing transaction is not kept under the new stamp. Entries live
in the `pages` cache for `KEPT_SECONDS` only, because the rows say "5
minutter siden". Never kept: a response with messages for the editor (they
must show once), one that sets a cookie, anything but a 200.

The key holds the session key: the page carries the session's CSRF token,
which stays valid for that session only.
"""

import hashlib

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from movement.caching import page_cache

KEPT_SECONDS = 60
VIEW_NAMES = {"wagtailadmin_pages:search", "wagtailadmin_pages:search_results"}
ADMIN = "admin"
HEADER = "X-Admin-Search"  # "kept" or "fresh", for the tests and the bench


def user_dependency(user_id):
    return f"admin-user:{user_id}"


def bump(*dependencies):
    """Now, for the requests of this transaction's own thread, and again on
    commit, for a request that rendered the old rows in the meantime."""
    dependencies = dependencies or (ADMIN,)
    page_cache.bump(dependencies, move_any=False)
    transaction.on_commit(lambda: page_cache.bump(dependencies, move_any=False))


def _entry_key(request):
    raw = "|".join(
        (
            request.session.session_key or "",
            str(request.user.pk),
            getattr(request, "LANGUAGE_CODE", ""),
            request.get_full_path(),
            request.headers.get("X-Requested-With", ""),
        )
    )
    return "admin-search:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and len(storage))


class KeptAdminSearchMiddleware:
    """Serves a kept answer before Wagtail's view runs (`process_view`: the
    session, user, two-factor and lockout middleware have all had their say,
    and the URL is resolved)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        plan = getattr(request, "_kept_admin_search", None)
        if plan is not None and self._storable(request, response):
            key, stamps = plan
            response.headers[HEADER] = "fresh"
            headers = [(k, v) for k, v in response.items() if k.lower() != HEADER.lower()]
            page_cache.entries().set(key, (stamps, response.content, headers), KEPT_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "GET" or match is None or match.view_name not in VIEW_NAMES:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not request.session.session_key:
            return None
        if _has_messages(request):
            return None
        key = _entry_key(request)
        deps = (ADMIN, user_dependency(user.pk))
        versions = page_cache.current_versions(deps, trust_known=False)  # bumped without `any`
        stamps = tuple(versions[dep] for dep in deps)
        hit = page_cache.entries().get(key)
        if hit is not None and hit[0] == stamps:
            response = HttpResponse(hit[1])
            for name, value in hit[2]:
                response.headers[name] = value
            response.headers[HEADER] = "kept"
            return response
        request._kept_admin_search = (key, stamps)
        return None

    @staticmethod
    def _storable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _has_messages(request)
            and "text/html" in response.get("Content-Type", "")
        )


# ---------------------------------------------------------------------------
# What bumps the stamps
# ---------------------------------------------------------------------------

# Saved or deleted, these change what a row of the admin search shows (title,
# status, lock, workflow, privacy, site badge, locale) or who may see it.
ADMIN_MODELS = (
    "wagtailcore.Revision",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.WorkflowPage",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "auth.Group",
)


def _on_saved_or_deleted(sender, instance, **kwargs):
    from django.contrib.auth import get_user_model

    from wagtail.models import Page

    if kwargs.get("raw"):
        return
    label = sender._meta.label
    if isinstance(instance, Page) or label in ADMIN_MODELS:
        bump(ADMIN)
    elif isinstance(instance, get_user_model()):
        bump(user_dependency(instance.pk))
    elif label == "wagtailusers.UserProfile":
        bump(user_dependency(instance.user_id))


def _on_m2m_changed(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    from django.contrib.auth import get_user_model

    if not action.startswith("post_"):
        return
    User = get_user_model()
    if sender in (User.groups.through, User.user_permissions.through):
        if isinstance(instance, User):
            bump(user_dependency(instance.pk))
        elif pk_set:  # group.user_set.add(...), permission.user_set...: the users named
            bump(*(user_dependency(pk) for pk in pk_set))
        else:  # cleared from the group's or permission's side: every editor
            bump(ADMIN)
    elif sender._meta.label == "auth.Group_permissions":
        bump(ADMIN)


def _on_page_event(sender, instance=None, **kwargs):
    bump(ADMIN)


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_saved_or_deleted, dispatch_uid="kept-admin-search-save")
    post_delete.connect(_on_saved_or_deleted, dispatch_uid="kept-admin-search-delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="kept-admin-search-m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_on_page_event, dispatch_uid=f"kept-admin-search-{id(signal)}")
