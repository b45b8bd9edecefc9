"""CSV exports shared by all apps: formulas defused, UTF-8 with a byte order mark, written row by row."""

import contextlib
from collections.abc import Iterable, Iterator

from defusedcsv import csv
from django.http import StreamingHttpResponse
from django.utils import translation

# defusedcsv puts an apostrophe before a cell starting with = + - @ | % (unless it is a plain number such as -2),
# so spreadsheet programs show the cell as text instead of running it as a formula. A cell starting with a tab or
# a carriage return can run as well (spreadsheet programs trim them first), and defusedcsv leaves those alone.
CONTROL_STARTS = ("\t", "\r")
BOM = "\ufeff"  # lets spreadsheet programs detect UTF-8


class _Line:
    """A file for csv.writer whose write() hands back what was written: one row of CSV text."""

    def write(self, text: str) -> str:
        return text


def _defuse_control_start(value):
    if isinstance(value, str) and value.startswith(CONTROL_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterable[Iterable], *, language: str | None = None) -> Iterator[str]:
    """The byte order mark, then each row as one line of CSV with its formulas defused (None is an empty cell).

    With a `language`, rows are produced in it (a streamed response is read after its view has returned).
    """
    writer = csv.writer(_Line())
    yield BOM
    rows = iter(rows)
    while True:
        with translation.override(language) if language else contextlib.nullcontext():
            row = next(rows, None)
            if row is None:
                return
            line = writer.writerow([_defuse_control_start(value) for value in row])
        yield line


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """A CSV download of `rows` (header first) in the request's language, sent while the rows are produced: a long
    export never sits whole in memory, and its first bytes leave before the last row is read."""
    lines = csv_lines(rows, language=translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
