"""The Import page with hostile files: names and cells stay text, broken rows are problem rows."""

from __future__ import annotations

from heritage.ui.text import plain
from tests.app.hostile import assert_clean
from tests.app.test_editing import app, sign_in  # noqa: F401 (the fixture)

HOSTILE_NAME = "[Sign in again](https:evil.example).csv"


def open_import(app):  # noqa: F811
    sign_in(app)
    app.switch_page("pages/import.py").run()
    return app


def test_a_file_name_in_an_error_is_text(app):  # noqa: F811
    """A change file that is not UTF-8 after its first line: the error quotes the name."""
    open_import(app).file_uploader[0].upload(HOSTILE_NAME, b"id,status,source\nsyn-1,\xff,x\n", "text/csv").run()
    assert app.error[0].value == plain(
        f"{HOSTILE_NAME} is not UTF-8 text (byte 24 cannot be read). "
        "Save it as UTF-8; a file from Excel in Windows-1251 needs converting first."
    )
    assert_clean(app)


def test_broken_rows_of_a_change_file_are_problem_rows(app):  # noqa: F811
    upload = (
        "id,restoration_progress,source,source_url\n"
        "syn-2,30,Inspection,https://a.example/r.pdf,extra\n"  # a row longer than its header
        f"syn-3,30,{'a' * 131_073},\n"  # a cell over the csv module's limit
        "syn-4,30,Inspection,https://evil.example/login\n"
        "syn-5,30,Inspection\x00,\n"
    ).encode()
    open_import(app).file_uploader[0].upload("changes.csv", upload, "text/csv").run()
    assert_clean(app)
    problems = app.dataframe[0].value
    assert list(problems["record"]) == [1, 2, 4]
    assert list(problems["field"]) == ["row", "row", "source"]
    assert app.button[-1].label == "Record 1 observations"


def test_an_upload_is_checked_once_and_its_problems_capped(app, monkeypatch):  # noqa: F811
    """2,500 two-byte features: checked once for the upload, not again on each rerun."""
    from heritage import importing

    calls = []
    original = importing.plan_import
    monkeypatch.setattr(importing, "plan_import", lambda *args: calls.append(args[1]) or original(*args))
    raw = b'{"type":"FeatureCollection","features":[' + b",".join([b"0"] * 2500) + b"]}"
    open_import(app).file_uploader[0].upload("tiny.geojson", raw, "application/geo+json").run()
    app.run()
    app.run()
    assert_clean(app)
    assert calls == ["tiny.geojson"]
    assert "2,500 records read: **0 valid**, 2,500 with problems." in [m.value for m in app.markdown]
    assert "The first 100 of 2,500 problems; the download holds all." in [c.value for c in app.caption]
    assert len(app.dataframe[0].value) == 100
