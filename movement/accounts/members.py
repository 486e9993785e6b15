"""Members: who counts as one, who may download a members-only document, the
self-service account deletion and the staff's member list.

A *member* is a site user with a confirmed email address (allauth's
`EmailAddress.verified`), without admin access. Editors and superusers count
as members too, so they can check what members see. See docs/members.md.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail.models import BaseViewRestriction


def is_confirmed_member(user):
    """Logged in, active and with a confirmed email (or with admin access).

    With `ACCOUNT_EMAIL_VERIFICATION = "mandatory"` allauth never logs in an
    unconfirmed user, but Django's own login views (`/_util/login/`, the admin
    login) could; this check holds whichever way the user logged in.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_confirmed_member", None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = (
            user.is_superuser
            or user.has_perm("wagtailadmin.access_admin")
            or EmailAddress.objects.filter(user=user, verified=True).exists()
        )
        user._confirmed_member = cached
    return cached


def is_members_only(document):
    """True when the document's collection (or a parent) has a view restriction."""
    return document.collection.get_view_restrictions().exists()


def may_download(document, request):
    """Whether this request may download the document: the same checks as
    Wagtail's serve view, plus "logged in" meaning a confirmed member."""
    restrictions = list(document.collection.get_view_restrictions())
    for restriction in restrictions:
        if not restriction.accept_request(request):
            return False
        if restriction.restriction_type == BaseViewRestriction.LOGIN and not is_confirmed_member(request.user):
            return False
    return True


def members_queryset():
    """Site users without admin access, with whether their email is confirmed."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .annotate(confirmed=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)))
        .order_by("-date_joined", "pk")
    )


# ---------------------------------------------------------------------------
# Deleting one's own account (allauth has no view for it)
# ---------------------------------------------------------------------------


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Din adgangskode"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Skriv din adgangskode for at bekræfte, at du vil slette din konto."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Adgangskoden er forkert."), code="password_incorrect")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """GET: the confirmation form. POST with the right password: the account
    and its email addresses are deleted and the member is logged out."""
    user = request.user
    if user.is_staff or user.is_superuser:
        # Staff accounts are managed in the admin, not deleted by a click.
        raise PermissionDenied(_("Administratorkonti slettes i administrationen."))
    if request.method == "POST":
        form = DeleteAccountForm(user, request.POST)
        if form.is_valid():
            from allauth.account.adapter import get_adapter

            get_adapter(request).logout(request)
            with transaction.atomic():
                user.delete()
            messages.success(request, _("Din konto er slettet."))
            return redirect("/")
        status = 400
    else:
        form = DeleteAccountForm(user)
        status = 200
    return TemplateResponse(request, "account/delete_account.html", {"form": form}, status=status)


# ---------------------------------------------------------------------------
# The staff's member list in the admin
# ---------------------------------------------------------------------------


def user_may_see_members(user):
    return user.is_active and (user.has_perm("auth.view_user") or user.has_perm("auth.change_user"))


def member_list(request):
    """Read-only list of members for staff (Wagtail admin, "Medlemmer")."""
    if not user_may_see_members(request.user):
        raise PermissionDenied
    members = members_queryset()
    query = request.GET.get("q", "").strip()[:200].replace("\x00", "")
    if query:
        members = members.filter(email__icontains=query)
    paginator = Paginator(members, 50)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "account/admin/member_list.html",
        {"page_obj": page, "members": page.object_list, "query": query, "total": paginator.count},
    )


@require_http_methods(["GET", "HEAD"])
def member_home(request):
    """/medlem/: log in or sign up; for a member, their account's links."""
    return TemplateResponse(request, "account/member_home.html", {})


# Included at /medlem/ before allauth's URLs (movement/urls.py).
urlpatterns = [
    path("", member_home, name="member_home"),
    path("slet-konto/", delete_account, name="member_delete_account"),
]
