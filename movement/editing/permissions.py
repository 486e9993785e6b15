"""Page permissions as Wagtail's, without a query per explorer row (issue 20).

For a user without publish rights Wagtail's ``PagePermissionTester.can_delete``
(and ``can_move``, which is ``can_delete(ignore_bulk=True)``) asks the database
whether any of ``page.get_descendants(inclusive=True)`` is live, or owned by
someone else. The explorer calls both for every row's buttons: two queries a
row, 133 for a page of 50 articles. For a leaf page (``numchild == 0``) that
set is the page itself, so the answer is in the row's own ``live`` and
``owner_id``. Pages with children, superusers, inactive users and the root
keep Wagtail's own code; ``movement/tests/test_page_permissions.py`` compares
both testers on every combination, so an upgrade that changes Wagtail's rules
fails there.
"""

from wagtail.models import PagePermissionTester


class MovementPagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        page = self.page
        if not self.user.is_active or self.page_is_root or self.user.is_superuser or not page.is_leaf():
            return super().can_delete(ignore_bulk=ignore_bulk)
        # A leaf: "the pages to delete" is this page alone (the bulk_delete
        # rule concerns pages with children only).
        permissions = self.permissions
        if "change" in permissions:
            # without publish rights, nothing live may go
            return "publish" in permissions or not page.live
        if "add" in permissions:
            # the page must be the user's own; without publish rights, also not live
            own = page.owner_id is not None and page.owner_id == self.user.pk
            return own if "publish" in permissions else own and not page.live
        return False
