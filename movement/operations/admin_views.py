"""The admin's email log: queued, failed, sent and given-up emails
(`OutgoingEmail`), read-only, with "Prøv igen" for a failed one.
Imported from `movement/wagtail_hooks.py`.

Who sees it: staff with access to the admin and the model permission
"Kan se udgående e-mail" (`movement.view_outgoingemail`); "Prøv igen" also
needs "Kan sende udgående e-mails igen" (`movement.retry_outgoingemail`).
Superusers have both; groups get them under Indstillinger → Grupper.
Nobody adds, edits or deletes rows here: the queue writes them.

Privacy: the listing shows masked recipients only (`a…@example.org`), and
errors are stored with addresses masked; the text of an email is never
shown (docs/operations.md, "Udgående e-mails").
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from movement.models import OutgoingEmail
from movement.operations import mail

ACTIONS = ("view", "retry")


class OutgoingEmailPolicy(ModelPermissionPolicy):
    """Only "view" and "retry" exist for the email log (Django's model
    permissions `view_outgoingemail` and `retry_outgoingemail`)."""

    def user_has_permission(self, user, action):
        return action in ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action in ACTIONS]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


policy = OutgoingEmailPolicy(OutgoingEmail)
register_permission_policy(OutgoingEmail, policy)


class OutgoingEmailFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Tilstand"), choices=OutgoingEmail.State.choices, method="filter_state", empty_label=_("Alle")
    )

    class Meta:
        model = OutgoingEmail
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.filter(OutgoingEmail.state_filter(value))


def _when(value):
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def _next_attempt(row):
    return _when(row.next_attempt_at) if row.status == OutgoingEmail.Status.PENDING else ""


class OutgoingEmailIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.can_retry() and policy.user_has_permission(self.request.user, "retry"):
            buttons.append(
                MenuItem(
                    _("Prøv igen"),
                    url=reverse("outgoing_emails:retry", args=[instance.pk]),
                    icon_name="resubmit",
                    priority=5,
                )
            )
        return buttons


class RetryView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks, POST requeues (`mail.retry`: once, however often it is posted)."""

    template_name = "movement/admin/outgoing_email_retry.html"
    page_title = _("Prøv igen")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not policy.user_has_permission(request.user, "retry"):
            raise PermissionDenied
        self.object = get_object_or_404(OutgoingEmail, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("outgoing_emails:index"), "label": _("Udgående e-mails")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, index_url=reverse("outgoing_emails:index"), retry_url=self.request.path, **kwargs
        )

    def post(self, request, pk):
        if mail.retry(self.object.pk):
            messages.success(
                request, _("E-mailen til %(recipient)s er sat i kø igen.") % {"recipient": self.object.recipient}
            )
        else:
            messages.warning(request, _("E-mailen er allerede i kø eller sendt; den sendes ikke to gange."))
        return redirect("outgoing_emails:index")


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Udgående e-mails")
    menu_order = 910
    add_to_admin_menu = False
    add_to_settings_menu = True
    index_view_class = OutgoingEmailIndexView
    inspect_view_enabled = False  # the text of an email is personal data
    copy_view_enabled = False
    filterset_class = OutgoingEmailFilterSet
    search_fields = ["subject", "recipient"]
    list_per_page = 50
    form_fields = []  # never edited; required by ModelViewSet
    list_display = [
        "subject",  # the title column: it carries the row's buttons ("Prøv igen")
        Column("recipient", label=_("Modtager")),
        StatusTagColumn(
            "state",
            label=_("Tilstand"),
            accessor=lambda row: row.state.label,
            primary=lambda row: row.state == OutgoingEmail.State.SENT,
        ),
        Column("attempts", label=_("Forsøg")),
        Column("last_error", label=_("Seneste fejl"), accessor=lambda row: Truncator(row.last_error).chars(120)),
        Column("next_attempt_at", label=_("Næste forsøg"), accessor=_next_attempt),
        Column("sent_at", label=_("Sendt"), accessor=lambda row: _when(row.sent_at)),
        Column("created_at", label=_("Oprettet"), accessor=lambda row: _when(row.created_at), sort_key="created_at"),
    ]

    def get_permissions_to_register(self):
        """Only "Kan se" and "Kan sende igen" in the group editor (Wagtail's
        default would drop "view" here, since there is no inspect view)."""
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(OutgoingEmail),
            codename__in=["view_outgoingemail", "retry_outgoingemail"],
        )

    def get_urlpatterns(self):
        # The listing and "Prøv igen"; no add, edit, delete, history or usage.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/retry/", RetryView.as_view(), name="retry"),
        ]


@hooks.register("register_admin_viewset")
def register_outgoing_email_viewset():
    return OutgoingEmailViewSet("outgoing_emails", url_prefix="udgaaende-emails")


def _tell_about_workflow_mail(request, page):
    """After "Indsend til godkendelse": the approvers are told by email through
    the queue, so a mail server that does not answer loses neither the
    submission nor the notice; say so, in Danish, next to Wagtail's message."""
    submitted = request.method == "POST" and (
        request.POST.get("action-submit") or request.POST.get("action-restart-workflow")
    )
    if submitted and page.workflow_in_progress:
        messages.info(
            request,
            _(
                "Godkenderne får besked på e-mail. Kan den ikke sendes med det samme, prøver vi automatisk "
                "igen; siden er indsendt og venter på godkendelse."
            ),
        )


@hooks.register("after_create_page")
def after_create_page(request, page):
    _tell_about_workflow_mail(request, page)


@hooks.register("after_edit_page")
def after_edit_page(request, page):
    _tell_about_workflow_mail(request, page)
