from wagtail import hooks

from .dashboard import LatestPublishedPanel, PopularSearchesPanel, ReviewPanel, UpcomingEventsPanel


@hooks.register("construct_homepage_panels")
def add_editors_week_panels(request, panels):
    panels[:0] = [UpcomingEventsPanel(), ReviewPanel(), LatestPublishedPanel()]
    panels.append(PopularSearchesPanel())
