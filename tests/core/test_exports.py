import csv
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hubportal.exports import csv_lines, csv_response


def cells(lines) -> list[list[str]]:
    """The cells of CSV text that starts with the byte order mark."""
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    "value", ["=1+1", "+49 30 123", "-2+3", "-A1", "@SUM(A1)", "%0A", "\tx", "\t=1+1", "\r=1+1", "+"]
)
def test_cells_that_spreadsheets_would_run_are_defused(value):
    assert cells(csv_lines([[value, "x"]])) == [["'" + value, "x"]]


def test_the_pipe_of_a_dde_payload_is_escaped_too():
    assert cells(csv_lines([["=cmd|' /C calc'!A0"]])) == [["'=cmd\\|' /C calc'!A0"]]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("", ""),
        ("Berlin", "Berlin"),
        ("a=b", "a=b"),
        (" =1+1", " =1+1"),
        ("-2", "-2"),  # a plain number, as a spreadsheet program reads it anyway
        ("-1,234.50", "-1,234.50"),
        (42, "42"),
        (-7, "-7"),
        (Decimal("-3.50"), "-3.50"),
        (None, ""),
        (_("Yes"), "Yes"),
    ],
)
def test_other_cells_are_written_unchanged(value, written):
    with translation.override("en"):
        assert cells(csv_lines([[value]])) == [[written]]


def test_the_download_is_utf8_with_a_byte_order_mark_and_its_file_name():
    response = csv_response([["Name", "Stadt"], ["Grünfläche GmbH", "München"]], "startups.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="startups.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig") == "Name,Stadt\r\nGrünfläche GmbH,München\r\n"


def test_the_download_is_streamed_while_the_rows_are_produced():
    produced = []

    def rows():
        for n in range(1000):
            produced.append(n)
            yield [n, f"row {n}"]

    response = csv_response(rows(), "long.csv")
    assert isinstance(response, StreamingHttpResponse) and produced == []
    chunks = iter(response)
    assert next(chunks) == "\ufeff".encode()
    assert next(chunks) == b"0,row 0\r\n"
    assert produced == [0]
    assert len(b"".join(chunks).splitlines()) == 999 and len(produced) == 1000


def test_the_rows_are_written_in_the_language_of_the_request_even_when_read_later():
    def rows():
        yield [_("Yes"), str(_("No"))]

    with translation.override("en"):
        response = csv_response(rows(), "x.csv")
    with translation.override("de"):
        body = response.getvalue().decode("utf-8-sig")
    assert body == "Yes,No\r\n"
