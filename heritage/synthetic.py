"""Synthetic sites for tests and benchmarks: generated, deterministic, and clearly fake.

Every record says it is synthetic in its source field, so it can never be mistaken for
heritage facts. Nothing generated here is shipped in data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from heritage.extent import AZERBAIJAN
from heritage.schema import DESIGNATIONS, STATUSES

# Generated sites fall where the shipped ones do (inside Azerbaijan's extent, off its edges).
AREA = AZERBAIJAN.padded(-0.15)
REGIONS = ("Baku", "Ganja", "Sheki", "Shusha", "Nakhchivan", "Quba", "Lankaran", "Aghdam")


def synthetic_features(count: int, seed: int = 7) -> list[dict]:
    """`count` valid GeoJSON features with every status, designation and value kind."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(AREA.west, AREA.east, count).round(6)
    lat = rng.uniform(AREA.south, AREA.north, count).round(6)
    statuses = list(STATUSES)
    designations = list(DESIGNATIONS)
    features = []
    for i in range(count):
        has_year = i % 5 == 0
        has_progress = i % 3 == 0
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon[i]), float(lat[i])]},
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
