"""The safety-event export holds what the event list shows for the same filters and order:
same rows, same columns, values of the right type; a spreadsheet a person can use."""

import datetime as dt
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from hospital.exports import display_width
from quality.models import AdverseEvent
from tests.quality.factories import AdverseEventFactory, CorrectiveActionFactory

pytestmark = pytest.mark.django_db

PAGE_COLUMNS = ["Reference", "Date", "Department", "Category", "Harm", "Level", "Status"]


@pytest.fixture
def events(hospital):
    now = timezone.now()
    made = []
    for i in range(40):
        made.append(
            AdverseEventFactory(
                department=(hospital.cardiology, hospital.icu, hospital.general_surgery)[i % 3],
                category=("fall", "medication", "surgery", "fall")[i % 4],
                harm=("none", "mild")[i % 2],
                occurred_at=now - dt.timedelta(days=i, hours=i),
            )
        )
    CorrectiveActionFactory(event=made[0], owner=hospital.quality_manager, due_date=dt.date(2026, 12, 24))
    return made


def _page_rows(client, query):
    response = client.get("/quality/events/", query)
    html = response.content.decode()
    table = html.split('id="event-table"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in table.split("</tr>")[:-1]:
        cells = [cell.split(">", 1)[1] for cell in row.split("<td")[1:]]
        rows.append([_text(cell) for cell in cells])
    return response, rows


def _text(html_cell):
    text, inside = [], False
    for char in html_cell:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            text.append(char)
    return "".join(text).strip()


def _sheet(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def test_export_has_exactly_the_filtered_pages_rows_columns_and_types(hospital, client_for, events):
    client = client_for(hospital.quality_manager)
    query = {"category": "fall", "department": hospital.cardiology.pk, "sort": "-date"}
    response, page_rows = _page_rows(client, query)
    assert 0 < len(page_rows) < 25  # one page: the whole filtered list is on screen
    export_link = response.content.decode().split('id="export-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    sheet = _sheet(client, export_link.replace("&amp;", "&"))

    headers = [cell.value for cell in sheet[1]]
    columns = [headers.index(name) for name in PAGE_COLUMNS]  # every column of the page is in the file
    data = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(data) == len(page_rows)
    for page_row, file_row in zip(page_rows, data, strict=True):
        assert [
            file_row[i] if not isinstance(file_row[i], dt.date) else f"{file_row[i]:%Y-%m-%d}" for i in columns
        ] == [
            page_row[0],
            page_row[1],
            page_row[2],
            page_row[3],
            page_row[4],
            page_row[5] or None,
            page_row[6],
        ]
    # types: the date is a date, the moments are date-times, text is text
    first = data[0]
    assert isinstance(first[headers.index("Date")], dt.datetime)  # openpyxl reads dates back as datetimes at 00:00
    assert first[headers.index("Date")].time() == dt.time(0)
    event = AdverseEvent.objects.get(reference=first[headers.index("Reference")])
    reported = first[headers.index("Reported")]  # a date-time in the hospital's time, not a date
    assert isinstance(reported, dt.datetime)
    assert abs(reported - timezone.localtime(event.reported_at).replace(tzinfo=None)) < dt.timedelta(seconds=1)
    assert all(isinstance(row[headers.index("Reference")], str) for row in data)


def test_the_known_offender_no_longer_exports_every_event(hospital, client_for, events):
    client = client_for(hospital.quality_manager)
    everything = _sheet(client, "/quality/export.xlsx")
    filtered = _sheet(client, f"/quality/export.xlsx?department={hospital.icu.pk}")
    assert everything.max_row - 1 == len(events)
    assert filtered.max_row - 1 == sum(1 for e in events if e.department_id == hospital.icu.pk)


def test_the_sheet_is_ready_to_read(hospital, client_for, events):
    sheet = _sheet(client_for(hospital.quality_manager), "/quality/export.xlsx?sort=reference")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{len(events) + 1}"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= 16 and sheet.column_dimensions["O"].width >= 30
    references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert references == sorted(references)


def test_actions_and_root_causes_are_text_not_counts(hospital, client_for, events):
    sheet = _sheet(client_for(hospital.quality_manager), f"/quality/export.xlsx?reference={events[0].reference}")
    headers = [cell.value for cell in sheet[1]]
    row = next(sheet.iter_rows(min_row=2, values_only=True))
    assert row[headers.index("Actions")] == "Corrective (Open, 2026-12-24)"
    assert row[headers.index("Root causes")] in (None, "")


def test_chinese_headers_get_wider_columns(hospital, client_for, events, settings):
    client = client_for(hospital.quality_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    sheet = _sheet(client, "/quality/export.xlsx")
    headers = [cell.value for cell in sheet[1]]
    with translation.override("zh-hans"):
        reference = translation.gettext("Reference")
    assert reference != "Reference"
    assert headers[0] == reference and all(headers)  # every column has a header, in the reader's language
    for cell in sheet[1]:
        assert sheet.column_dimensions[cell.column_letter].width >= display_width(cell.value) + 2
