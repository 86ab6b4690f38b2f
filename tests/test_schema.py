import datetime as dt
import traceback

import polars as pl
import pytest

from libanalytics import schema
from libanalytics.errors import SchemaError


def test_conform_adds_missing_columns_as_null_and_keeps_barcodes_as_text():
    frame = schema.conform(
        pl.DataFrame({"barcode": ["000123", "T0042"], "secret": ["x", "y"]}), "items"
    )
    assert frame.columns == list(schema.ITEMS)
    assert frame["barcode"].to_list() == ["000123", "T0042"]
    assert frame["pub_year"].null_count() == 2
    assert frame.schema["acquired"] == pl.Date
    assert "secret" not in frame.columns


def test_conform_refuses_values_that_do_not_fit():
    with pytest.raises(SchemaError, match="could not be given its type"):
        schema.conform(pl.DataFrame({"pub_year": ["nineteen"]}), "items")


def test_conform_names_the_column_that_does_not_fit_and_quotes_no_value():
    frame = pl.DataFrame({"barcode": ["1"], "pages": ["12"], "pub_year": ["Zeb-Quartermaine"]})
    with pytest.raises(SchemaError) as err:
        schema.conform(frame, "items")
    assert "column 'pub_year'" in str(err.value) and err.value.field == "pub_year"
    chain = "".join(traceback.format_exception(err.value))
    assert "Zeb-Quartermaine" not in chain


def test_validate_names_the_missing_column():
    frame = schema.conform(pl.DataFrame({"barcode": ["1"]}), "items").drop("status")
    with pytest.raises(SchemaError) as info:
        schema.validate(frame, "items")
    assert info.value.field == "status"
    assert "has no 'status' column" in str(info.value)


def test_validate_explains_numeric_barcodes():
    frame = schema.conform(pl.DataFrame({"barcode": ["1"]}), "scans").with_columns(
        pl.col("barcode").cast(pl.Int64)
    )
    with pytest.raises(SchemaError, match="leading zeros"):
        schema.validate(frame, "scans")


def test_validate_names_wrong_date_type():
    frame = schema.conform(pl.DataFrame({"barcode": ["1"]}), "items").with_columns(
        pl.lit("2020-01-01").alias("acquired")
    )
    with pytest.raises(SchemaError) as info:
        schema.validate(frame, "items")
    assert info.value.field == "acquired"
    assert "must hold dates" in str(info.value)


def test_validate_accepts_any_datetime_unit_and_all_null_columns():
    frame = pl.DataFrame(
        {
            "barcode": ["1"],
            "site": [None],
            "checkout_at": [dt.datetime(2024, 1, 1)],
            "returned_at": pl.Series([None], dtype=pl.Datetime("ns")),
            "material_type": ["book"],
        }
    )
    assert schema.validate(frame, "circulation") is frame


def test_validate_refuses_what_is_not_a_table():
    with pytest.raises(SchemaError, match="expected a table of items"):
        schema.validate([1, 2], "items")


def test_unknown_table_name():
    with pytest.raises(SchemaError, match="no table called 'books'"):
        schema.empty("books")


def test_vocabularies_are_those_of_the_design():
    assert schema.DECISIONS == ("candidate", "review", "keep")
    assert set(schema.READ_OUTCOMES) == {
        "matched",
        "duplicate",
        "unknown_barcode",
        "isbn",
        "malformed",
    }
    assert "on_shelf_but_checked_out" in schema.COPY_OUTCOMES
    assert len(set(schema.COPY_OUTCOMES)) == 9
    assert set(schema.SHELF_STATUSES) <= set(schema.STATUSES)
