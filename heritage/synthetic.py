"""Synthetic sites for tests and benchmarks: generated, deterministic, and clearly fake.

Every record says it is synthetic in its source field, so it can never be mistaken for
heritage facts. Nothing generated here is shipped in data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from heritage.extent import AZERBAIJAN, Bounds
from heritage.schema import DESIGNATIONS, STATUSES

# Generated sites fall where the shipped ones do: inside Azerbaijan's extent, off its edges.
# (These exact numbers keep every generated file, and the tests' counts, as they were.)
AREA = Bounds(south=38.5, west=44.9, north=41.8, east=50.3)
assert AREA.south > AZERBAIJAN.south and AREA.east < AZERBAIJAN.east
REGIONS = ("Baku", "Ganja", "Sheki", "Shusha", "Nakhchivan", "Quba", "Lankaran", "Aghdam")


def synthetic_features(count: int, seed: int = 7, start: int = 0) -> list[dict]:
    """`count` valid GeoJSON features with every status, designation and value kind.

    `start` numbers them from there (ids `syn-<start>` on), so a large file can be written
    in pieces; each piece draws its positions from `seed + start`.
    """
    rng = np.random.default_rng(seed + start)
    lon = rng.uniform(AREA.west, AREA.east, count).round(6)
    lat = rng.uniform(AREA.south, AREA.north, count).round(6)
    statuses = list(STATUSES)
    designations = list(DESIGNATIONS)
    features = []
    for i in range(start, start + count):
        has_year = i % 5 == 0
        has_progress = i % 3 == 0
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon[i - start]), float(lat[i - start])]},
                "properties": {
                    "id": f"syn-{i}",
                    "name": f"Synthetic site {i}",
                    "name_local": f"Sintetik abidə {i}",
                    "status": statuses[i % len(statuses)],
                    "designations": [designations[i % len(designations)]] if i % 2 == 0 else [],
                    "inscription_year": 1990 + (i % 34) if has_year else None,
                    "restoration_progress": float((i * 7) % 101) if has_progress else None,
                    "category": "cultural",
                    "region": REGIONS[i % len(REGIONS)],
                    "description": f"Generated record number {i} for testing.",
                    "source": "Synthetic test data (not a heritage fact)",
                    "source_url": "https://example.org/synthetic",
                    "registry_number": f"S{i}",
                    "updated": "2026-01-01",
                },
            }
        )
    return features


def write_geojson(path: str | Path, features: list[dict]) -> Path:
    path = Path(path)
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def write_synthetic(path: str | Path, count: int, piece: int = 50_000) -> Path:
    """A GeoJSON file of `count` synthetic features, written in pieces: a million fit in little memory."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [')
        for start in range(0, count, piece):
            features = synthetic_features(min(piece, count - start), start=start)
            out.write((", " if start else "") + ", ".join(json.dumps(f, ensure_ascii=False) for f in features))
        out.write("]}")
    return path
