"""A damaged cache entry never breaks a page: it is found by its checksum and rebuilt (F6)."""

from __future__ import annotations

from heritage.current import BASES
from tests.app.pages import MAP, open_page


def test_pages_load_after_one_byte_of_the_cache_flipped(monkeypatch, synthetic_file, tmp_path):
    monkeypatch.setenv("HERITAGE_DATA", str(synthetic_file))
    monkeypatch.setenv("HERITAGE_TILES", "none")
    BASES.clear()  # as a new process: the base is read from the cache folder
    open_page(MAP)
    [entry] = (tmp_path / "cache").glob("sites.geojson-*")
    arrow = entry / "sites.arrow"
    damaged = bytearray(arrow.read_bytes())
    damaged[damaged.index(b"syn-150")] ^= 0x02  # one bit of a site's id: the Arrow structure stays valid
    arrow.write_bytes(bytes(damaged))
    BASES.clear()  # a restart
    for page in (MAP, "pages/table.py", "pages/site.py"):
        app = open_page(page, {"site": "syn-150"})
        assert not app.exception and not app.error, (page, app.error)
    assert open_page(MAP).metric[0].value == "300"
    assert "syn-150" in arrow.read_bytes().decode("latin-1")  # rebuilt
