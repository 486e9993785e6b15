from wagtail import hooks

from .dashboard import LatestPublishedPanel, PopularSearchesPanel, ReviewPanel


@hooks.register("construct_homepage_panels")
def add_editors_week_panels(request, panels):
    panels[:0] = [ReviewPanel(), LatestPublishedPanel()]
    panels.append(PopularSearchesPanel())
