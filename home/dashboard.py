"""The editors' week on the admin dashboard: what waits for review, what was
published lately, and what readers search for (upcoming events and their
registrations: events/dashboard.py). Each panel runs a fixed, small number of
queries."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState


class ReviewPanel(Component):
    name = "waiting_for_review"
    order = 60
    template_name = "home/dashboard/waiting_for_review.html"

    def get_context_data(self, parent_context):
        states = list(
            WorkflowState.objects.active()
            .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
            .select_related("requested_by", "current_task_state__task")
            .order_by("-created_at")[:10]
        )
        pages = Page.objects.in_bulk([int(state.object_id) for state in states])
        rows = [(state, pages.get(int(state.object_id))) for state in states]
        return {"rows": [(state, page) for state, page in rows if page is not None]}


class LatestPublishedPanel(Component):
    name = "latest_published"
    order = 70
    template_name = "home/dashboard/latest_published.html"

    def get_context_data(self, parent_context):
        pages = list(
            Page.objects.live()
            .filter(depth__gt=2, last_published_at__isnull=False)
            .select_related("content_type")
            .order_by("-last_published_at")[:8]
        )
        return {"pages": pages}


class PopularSearchesPanel(Component):
    name = "popular_searches"
    order = 80
    template_name = "home/dashboard/popular_searches.html"
    days = 30

    def get_context_data(self, parent_context):
        from wagtail.contrib.search_promotions.models import QueryDailyHits

        since = timezone.localdate() - datetime.timedelta(days=self.days)
        terms = list(
            QueryDailyHits.objects.filter(date__gte=since)
            .values("query__query_string")
            .annotate(total=Sum("hits"))
            .order_by("-total", "query__query_string")[:10]
        )
        return {"terms": terms, "days": self.days}
