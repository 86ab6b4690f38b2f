import polars as pl
import pytest

from libanalytics import cli
from libanalytics.errors import InputFormatError, SchemaError
from libanalytics.ingest import load_catalog, load_scans
from libanalytics.loaded import FileSource, Loaded, as_frame, combine, rejects_frame
from libanalytics.schema import conform


def _loaded(name, n, rejected=0):
    frame = conform(pl.DataFrame({"barcode": [f"{i:05d}" for i in range(n)]}), "items")
    rejects = rejects_frame([(name, i + 2, "barcode", "no barcode") for i in range(rejected)])
    return Loaded(
        frame, rejects, (FileSource(name, "CSV", "generic", "utf-8", n + rejected, n, rejected),)
    )


def test_counts_add_up_and_combine_keeps_each_source():
    both = combine([_loaded("a.csv", 3, 1), _loaded("b.csv", 2, 12)])
    assert both.rows_read == both.rows_loaded + both.rows_rejected == 18
    assert both.frame.height == 5 and both.rejects.height == 13
    assert [s.file for s in both.sources] == ["a.csv", "b.csv"]
    assert both.source.file == "a.csv, b.csv"


def test_summary_says_what_was_read_and_caps_the_rejects():
    text = combine([_loaded("a.csv", 3, 1), _loaded("b.csv", 2, 12)]).summary()
    assert text.splitlines()[:3] == [
        "5 copies from 2 files:",
        "  a.csv (a generic CSV export, utf-8): 3 copies",
        "  b.csv (a generic CSV export, utf-8): 2 copies",
    ]
    assert "13 rows rejected:" in text
    assert text.endswith("\n  a.csv line 2, barcode: no barcode")
    assert "  b.csv lines 2, 3, 4, 5, 6 and 7 more, barcode: no barcode (12 times)" in text
    assert "<p>" in _loaded("a.csv", 1)._repr_html_()


def test_as_frame_accepts_loaded_polars_and_pandas():
    loaded = _loaded("a.csv", 2)
    assert as_frame(loaded).equals(loaded.frame)
    back = as_frame(loaded.frame.to_pandas(), "items")
    assert back["barcode"].to_list() == ["00000", "00001"]
    with pytest.raises(SchemaError):
        as_frame("items.csv")


def test_loaders_name_what_a_wrong_file_looks_like(tmp_path):
    pdf = tmp_path / "catalog.mrc"
    pdf.write_bytes(b"%PDF-1.4\n%...")
    with pytest.raises(InputFormatError, match="looks like a PDF document, not a catalog export"):
        load_catalog(pdf)
    with pytest.raises(InputFormatError, match="file not found"):
        load_scans(tmp_path / "nope.txt")


def test_cli_turns_input_mistakes_into_a_message_not_a_traceback(tmp_path, capsys):
    pdf = tmp_path / "x.mrc"
    pdf.write_bytes(b"%PDF-1.4")
    assert cli.main(["load", str(pdf)]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("libanalytics: x.mrc: this looks like a PDF document")
        and "Traceback" not in err
    )


def test_cli_help_lists_commands(capsys):
    assert cli.main([]) == 1
    assert "demo" in capsys.readouterr().out
