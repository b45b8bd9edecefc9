import pytest

from hubportal.exports import csv_safe


@pytest.mark.parametrize("value", ["=1+1", "+49 30 123", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_spreadsheets_would_run_are_defused(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Berlin", "a=b", 42, None])
def test_other_cells_are_unchanged(value):
    assert csv_safe(value) == value
