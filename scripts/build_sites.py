#!/usr/bin/env python3
"""Build data/sites.geojson, the dataset the dashboard ships, from files in the repo.

Inputs (all committed):
* data/source/az-monuments-wikidata.geojson: 893 registered immovable monuments of
  Azerbaijan (Wikidata, CC0), see data/source/README.md.
* static/basemap/regions.geojson: Natural Earth admin-1 units of Azerbaijan (public
  domain), built by scripts/build_basemap.py.
* data/source/condition-statements/new_sites.csv: monuments that the condition statements
  name but the registry file lacks, with a citable coordinate each (its source recorded in
  `location_source`; `location_precision` says when it is only approximate).

Output: data/sites.geojson, an RFC 7946 FeatureCollection (WGS84), one Point Feature
per site, sorted by id, written deterministically (UTF-8, indent=1). See
data/SOURCES.md for the fields and their sources.

Nothing here is invented: `status` stays "unknown" in this file (the sourced conditions
are observations, built by scripts/build_conditions.py into data/observations.csv), and
designations/inscription years come from the UNESCO World Heritage List and the
ICESCO Islamic World Heritage list (WORLD_HERITAGE / ICESCO below).

Usage: .venv/bin/python scripts/build_sites.py   (needs geopandas/shapely/stdlib only)
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "az-monuments-wikidata.geojson"
REGIONS = ROOT / "static" / "basemap" / "regions.geojson"
OUT = ROOT / "data" / "sites.geojson"
TITLE = {
    "en": "Heritage sites of Azerbaijan",
    "az": "Azərbaycanın tarix-mədəniyyət abidələri",
    "ru": "Памятники истории и культуры Азербайджана",
}
NEW_SITES = ROOT / "data" / "source" / "condition-statements" / "new_sites.csv"
NEW_SITE_SOURCE = (
    "Condition statements (data/source/condition-statements): a registered monument the registry "
    "file lacks; status not stated by this record"
)

REGION_SNAP_METRES = 5000  # points just outside the simplified outlines (coast)
METRIC_CRS = "EPSG:32638"  # UTM 38N, good enough for a 5 km tolerance here

REGISTRY_SOURCE = "Wikidata (Azerbaijani heritage registry, P13410); status not stated by any source"
UNESCO_SOURCE = "UNESCO World Heritage List"
ICESCO_SOURCE = "ICESCO Islamic World Heritage List (via Azernews, 2020-11-04)"

# --- UNESCO World Heritage sites of Azerbaijan -----------------------------------
# Each is matched to the registry record(s) that ARE the site or are named in its
# inscription title, by Wikidata item. Other monuments that merely lie inside a
# property (e.g. the many Icheri Sheher mosques, the Gobustan rock shelters, the
# sub-buildings of the Shirvanshahs' Palace) are NOT flagged.
WORLD_HERITAGE = {
    "958": {
        "name": "Walled City of Baku with the Shirvanshah's Palace and Maiden Tower",
        "year": 2000,
        "url": "https://whc.unesco.org/en/list/958",
        "items": {
            "Q344569": "İçərişəhər (Icheri Sheher): the Walled City itself",
            "Q338889": "Şirvanşahlar saray kompleksi: the Shirvanshahs' Palace complex",
            "Q842822": "Qız qalası (Maiden Tower, Baku)",
        },
    },
    "1076": {
        "name": "Gobustan Rock Art Cultural Landscape",
        "year": 2007,
        "url": "https://whc.unesco.org/en/list/1076",
        "items": {"Q318181": "Qobustan Milli Tarix-Bədii Qoruğu (Gobustan State Reserve)"},
    },
    "1549": {
        "name": "Historic Centre of Sheki with the Khan's Palace",
        "year": 2019,
        "url": "https://whc.unesco.org/en/list/1549",
        "items": {"Q1740560": "Şəki xan sarayı (Khan's Palace of Sheki)"},
    },
    "1696": {
        "name": 'Cultural Landscape of Khinalig People and "Köç Yolu" Transhumance Route',
        "year": 2023,
        "url": "https://whc.unesco.org/en/list/1696",
        "items": {"Q2395313": "Xınalıq (Khinalig village, Quba district)"},
    },
}
# World Heritage sites with no registry record would be added as `whc-<id>` records
# with UNESCO's published coordinates; every site above has a registry record, so
# none is needed.

# --- ICESCO Islamic World Heritage ---------------------------------------------
# Azernews, 2020-11-04 (republished by Today.az, http://www.today.az/news/politics/199926.html):
# "The Islamic World Heritage Committee, at its Extraordinary Meeting held at ISESCO
#  headquarters last year, approved the inscription the following heritage sites of the
#  Republic of Azerbaijan on the list of the Islamic World Heritage: Walled City of Baku
#  with the Shirvanshah's Palace and Maiden Tower, Historic Centre of Sheki with the
#  Khan's Palace and Gobustan Rock Art Cultural Landscape"
ICESCO_WH_IDS = ("958", "1549", "1076")

# --- English names ------------------------------------------------------------
# The Commons category is usually the English Commons name; it is used unless it is
# the Azerbaijani label again, an address-style or generic category, or names
# something other than the monument (checked by eye, listed here).
COMMONS_NOT_A_NAME = {
    "Q137274025",  # "AE 1951, 0263": an epigraphic corpus reference
    "Q130427628",  # "Sufi khangah in Baku": generic
    "Q99472102",  # "Building of Hospital № 4 in Baku": current use, not the monument
    "Q25394143",  # "Building of Lukoil in Baku": current occupant
    "Q55699998",  # "Building of 132-134 Education complex": current use
    "Q25542993",  # "Building of the Union of Architects of Azerbaijan": current use
    "Q12847459",  # "Azerbaijan State Agricultural University": current use
    "Q2879959",  # "Haji Bani bathhouse" for Hacı Qayıb hamamı: a different name
    "Q12840535",  # "Melik Haykaz Palace" for Həmzə Sultan sarayı: a different name
}
AZ_LETTERS = re.compile("[əƏıİğĞşŞçÇöÖüÜ]")
ENGLISH_WORDS = re.compile(
    r"\b(mosque|church|cathedral|temple|monastery|chapel|bath|bathhouse|hammam|palace|"
    r"house|museum|tower|castle|fortress|bridge|caravanserai|mausoleum|tomb|shrine|cemetery|"
    r"necropolis|cave|camp|shelter|settlement|statue|monument|building|school|theatre|theater|"
    r"station|garden|park|street|village|mill|minaret|of|the|in)\b",
    re.I,
)


# Commons names some Karabakh monuments with Armenian toponyms (Stepanakert, Gandzasar…)
# that differ from the registry's official names; the registry's name is used for them.
OTHER_TOPONYMS = re.compile(
    r"Stepanakert|Gandzasar|Tsitsernavank|Gtichavank|Vankasar|Amaras|Hadrut|Dadivank|Shushi\b|Martuni|Askeran"
)


def english_name(item: str, label: str, category: str | None) -> str | None:
    if not category or item in COMMONS_NOT_A_NAME or OTHER_TOPONYMS.search(category):
        return None
    cat = category.strip()
    if cat.casefold() == label.strip().casefold() or cat.startswith("Building on "):
        return None
    # Azerbaijani spellings (e.g. "Hil məscdi", "Dairəvi qala") are not English names,
    # unless the category is plainly English around an Azerbaijani place name.
    if AZ_LETTERS.search(cat) and not ENGLISH_WORDS.search(cat):
        return None
    if re.search(r"\b(məscidi?|kilsəsi|hamamı|qalası|türbəsi|evi|körpüsü|kənd)\b", cat, re.I):
        return None
    return cat


def https(url: str | None) -> str | None:
    if not url:
        return None
    return re.sub(r"^http://", "https://", url.strip())


def registry_id(inventory: str) -> list[str]:
    """Registry numbers of one record, normalised ("26—33" -> "26-33"; lists split)."""
    parts = [p.strip().replace("—", "-").replace("–", "-") for p in inventory.split(",")]
    return [p for p in parts if p]


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text or None


def load_regions() -> gpd.GeoDataFrame:
    regions = gpd.read_file(REGIONS)[["name", "geometry"]]
    regions["area"] = regions.to_crs(METRIC_CRS).area
    return regions


def assign_regions(points: gpd.GeoDataFrame, regions: gpd.GeoDataFrame) -> dict[str, str | None]:
    """{site id: region name}: containing unit (smallest if several), else nearest <= 5 km."""
    joined = gpd.sjoin(points, regions, how="left", predicate="within")
    joined = joined.sort_values(["id", "area"])  # smallest containing unit first
    out: dict[str, str | None] = {}
    for sid, name in zip(joined["id"], joined["name"]):
        if sid not in out:
            out[sid] = name if isinstance(name, str) else None
    missing = points[points["id"].map(lambda s: out.get(s) is None)]
    if len(missing):
        near = gpd.sjoin_nearest(
            missing.to_crs(METRIC_CRS),
            regions.to_crs(METRIC_CRS),
            how="left",
            max_distance=REGION_SNAP_METRES,
            distance_col="dist",
        ).sort_values(["id", "dist", "area"])
        for sid, name in zip(near["id"], near["name"]):
            if out.get(sid) is None and isinstance(name, str):
                out[sid] = name
    return out


def new_sites() -> list[tuple[dict, tuple[float, float]]]:
    """The monuments named by the condition statements that the registry file lacks."""
    with NEW_SITES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        props = {
            "id": row["id"],
            "name": row["name"],
            "name_local": row["name_local"] or None,
            "registry_number": row["registry_number"] or None,
            "status": "unknown",
            "restoration_progress": None,
            "designations": ["national_registry"],
            "inscription_year": None,
            "category": "cultural",
            "region": None,
            "description": None,
            "image_url": None,
            "source_url": row["location_url"],
            "source": NEW_SITE_SOURCE,
            "updated": None,
            "location_precision": row["location_precision"],
            "location_source": row["location_source"],
        }
        out.append((props, (round(float(row["longitude"]), 6), round(float(row["latitude"]), 6))))
    return out


def main() -> None:
    src = json.loads(SOURCE.read_text(encoding="utf-8"))
    feats = src["features"]

    # ids: "az-" + first registry number; the full list when that number is shared
    firsts = Counter(registry_id(f["properties"]["inventory"])[0] for f in feats)
    wh_by_item = {item: wid for wid, wh in WORLD_HERITAGE.items() for item in wh["items"]}

    sites = []
    collisions = 0
    for f in feats:
        p = f["properties"]
        item_url = https(p["item"])
        item = item_url.rsplit("/", 1)[1]
        numbers = registry_id(p["inventory"])
        sid = "az-" + numbers[0]
        if firsts[numbers[0]] > 1:
            collisions += 1
            sid = "az-" + "+".join(numbers)
        label = clean(p["itemLabel"])
        name = english_name(item, label, p.get("commonsCategory")) or label
        lon, lat = (round(float(c), 6) for c in f["geometry"]["coordinates"][:2])

        designations = ["national_registry"]
        inscription_year = None
        source, source_url = REGISTRY_SOURCE, item_url
        status, progress = "unknown", None
        wid = wh_by_item.get(item)
        if wid:
            wh = WORLD_HERITAGE[wid]
            designations.insert(0, "unesco_world_heritage")
            inscription_year = wh["year"]
            source, source_url = UNESCO_SOURCE, wh["url"]
            if wid in ICESCO_WH_IDS:
                designations.insert(1, "icesco_islamic_heritage")
                source = f"{UNESCO_SOURCE}; {ICESCO_SOURCE}"
            source += "; status not stated by any source"
        props = {
            "id": sid,
            "name": name,
            "name_local": label,
            "registry_number": p["inventory"],
            "wikidata": item_url,
            "status": status,
            "restoration_progress": progress,
            "designations": designations,
            "inscription_year": inscription_year,
            "category": "cultural",
            "region": None,  # filled below
            "description": clean(p.get("itemDescription")),
            "image_url": https(p.get("image")),
            "source_url": source_url,
            "source": source,
            "updated": p["lastModified"][:10],
        }
        if p.get("commonsLink"):
            props["commons_url"] = https(p["commonsLink"])
        if p.get("azLink"):
            props["wikipedia_az"] = https(p["azLink"])
        sites.append((props, (lon, lat)))

    sites += new_sites()
    ids = [s[0]["id"] for s in sites]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    if dupes:
        sys.exit(f"duplicate ids: {dupes}")

    points = gpd.GeoDataFrame({"id": ids}, geometry=[Point(xy) for _, xy in sites], crs="EPSG:4326")
    region_of = assign_regions(points, load_regions())
    for props, _ in sites:
        props["region"] = region_of.get(props["id"])

    sites.sort(key=lambda s: s[0]["id"])
    fc = {
        "type": "FeatureCollection",
        # The dataset's name, per language: the dashboard's title unless HERITAGE_TITLE says otherwise.
        "title": TITLE,
        "features": [
            {
                "type": "Feature",
                "id": props["id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": props,
            }
            for props, (lon, lat) in sites
        ],
    }
    OUT.write_text(json.dumps(fc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    # report
    print(f"wrote {OUT.relative_to(ROOT)}: {len(sites)} sites ({len(new_sites())} from the condition statements)")
    print(f"records whose first registry number is shared (id uses the full list): {collisions}")
    print("World Heritage / ICESCO matches:")
    for props, _ in sites:
        if "unesco_world_heritage" in props["designations"]:
            print(
                f"  {props['id']:10} {props['wikidata'].rsplit('/', 1)[1]:10} {props['name_local']} "
                f"-> {props['source_url']} ({props['inscription_year']}) {props['designations']}"
            )
    print("status:", dict(Counter(s[0]["status"] for s in sites)))
    print("with region:", sum(1 for s in sites if s[0]["region"]))
    print("with image:", sum(1 for s in sites if s[0]["image_url"]))
    print("English name from Commons:", sum(1 for s in sites if s[0]["name"] != s[0]["name_local"]))


if __name__ == "__main__":
    main()
