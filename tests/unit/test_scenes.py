"""Scenes are kept in order, survive a broken file, and are saved atomically."""

from __future__ import annotations

from heritage.filters import SiteFilter
from heritage.links import MapView, ViewState, parse
from heritage.scenes import add_scene, load_scenes, remove_scene


def test_add_load_remove(tmp_path):
    path = tmp_path / "scenes.json"
    first = ViewState(SiteFilter(statuses=("damaged",)), MapView(40.4, 49.8, 12), "az-2", present=True)
    add_scene("Damaged in Baku", first, path)
    add_scene("  ", ViewState(SiteFilter(year=(2000, 2019), year_unknown=False)), path)
    scenes = load_scenes(path)
    assert [s.name for s in scenes] == ["Damaged in Baku", "Untitled scene"]
    restored = parse(scenes[0].params).state
    assert restored == ViewState(first.site_filter, first.view, "az-2", present=False)
    assert remove_scene(0, path)[0].name == "Untitled scene"
    assert len(load_scenes(path)) == 1


def test_broken_file_means_no_scenes(tmp_path):
    path = tmp_path / "scenes.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_scenes(path) == []
    path.write_text('[{"name": 5}, {"name": "ok", "params": {"status": ["damaged"]}}]', encoding="utf-8")
    assert [s.name for s in load_scenes(path)] == ["ok"]


def test_save_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "scenes.json"
    add_scene("One", ViewState(), path)
    assert [p.name for p in tmp_path.iterdir()] == ["scenes.json"]
