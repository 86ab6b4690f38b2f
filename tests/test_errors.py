import pytest

from libanalytics import errors


def test_message_names_file_line_field_and_remedy():
    err = errors.ColumnMappingError(
        "the date '31/31/2020' is not a date",
        file="/tmp/x/copies.csv",
        line=12,
        field="Date Added",
        remedy="fix the date in the export or leave the cell empty",
    )
    text = str(err)
    assert text.startswith(
        "copies.csv, line 12, column 'Date Added': the date '31/31/2020' is not a date."
    )
    assert text.endswith("What to do: fix the date in the export or leave the cell empty.")


def test_marc_fields_and_records_are_named_as_such():
    err = errors.InputFormatError("record is cut short", file="cat.mrc", record=7, field="852")
    assert str(err) == "cat.mrc, record 7, field 852: record is cut short."


@pytest.mark.parametrize(
    "cls",
    [
        errors.InputFormatError,
        errors.MangledBarcodeError,
        errors.ColumnMappingError,
        errors.SchemaError,
        errors.RulesError,
        errors.OutputError,
    ],
)
def test_one_hierarchy(cls):
    assert issubclass(cls, errors.LibAnalyticsError)
    with pytest.raises(errors.LibAnalyticsError):
        raise cls("something", remedy="do this")


def test_mangled_barcodes_are_an_input_format_problem():
    assert issubclass(errors.MangledBarcodeError, errors.InputFormatError)
