"""CSV exports shared by all apps."""

# Spreadsheet programs run a cell starting with one of these as a formula (tab and CR too, after trimming).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell value that spreadsheet programs show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
