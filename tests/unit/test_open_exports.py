"""Exports for GIS and for the heritage field: GeoPackage, JSON-LD (CIDOC CRM), licences, the crosswalk.

On the shipped data without a store (the shipped condition record applied). The view
`status=restored` holds 9 sites (data/SOURCES.md) with 41 observations in data/observations.csv,
37 of them dated (4 undated notes): one E14 Condition Assessment per dated observation.
"""

from __future__ import annotations

import csv
import io
import re

import pyogrio
import pytest
import rdflib
from openpyxl import load_workbook

from heritage import cli, export
from heritage.crosswalk import P5816
from heritage.dataset import Dataset
from heritage.filters import SiteFilter
from heritage.linkedart import to_jsonld
from heritage.sources import DEFAULT_DATA, load_sites

CRM = rdflib.Namespace("http://www.cidoc-crm.org/cidoc-crm/")
LA = rdflib.Namespace("https://linked.art/ns/terms/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
CC0 = rdflib.URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
RESTORED_SITES = 9
RESTORED_DATED_OBSERVATIONS = 37


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return Dataset.load(DEFAULT_DATA)


@pytest.fixture(scope="module")
def restored(shipped):
    return shipped.sites[shipped.mask(SiteFilter(statuses=("restored",)))]


def test_geopackage_has_every_csv_column_and_reads_back(tmp_path, restored):
    path = tmp_path / "restored.gpkg"
    path.write_bytes(export.to_gpkg(restored, shipped=True))
    header = next(csv.reader(io.StringIO(export.to_csv(restored).decode("utf-8-sig"))))
    info = pyogrio.read_info(path)
    assert info["layer_name"] == "sites" and info["features"] == RESTORED_SITES
    assert list(info["fields"]) == header
    assert "CC0 1.0" in info["layer_metadata"]["LICENSE"] and "GeoNames" in info["layer_metadata"]["LICENSE"]
    frame = pyogrio.read_dataframe(path)
    assert sorted(frame["id"]) == sorted(restored["id"])
    maiden = frame[frame["id"] == "az-2.2"].iloc[0]
    assert maiden["name_local"] == "Qız qalası" and maiden.geometry.geom_type == "Point"


def test_jsonld_is_cidoc_crm_with_one_assessment_per_dated_observation(shipped, restored):
    graph = rdflib.Graph().parse(data=to_jsonld(restored, shipped.observations, shipped=True), format="json-ld")
    objects = set(graph.subjects(rdflib.RDF.type, CRM["E22_Human-Made_Object"]))
    assessments = set(graph.subjects(rdflib.RDF.type, CRM["E14_Condition_Assessment"]))
    assert len(objects) == RESTORED_SITES
    assert len(assessments) == RESTORED_DATED_OBSERVATIONS
    for assessment in assessments:
        assert graph.value(assessment, CRM["P34_concerned"]) in objects
        state = graph.value(assessment, CRM["P35_has_identified"])
        assert (state, rdflib.RDF.type, CRM["E3_Condition_State"]) in graph
        assert graph.value(graph.value(state, CRM["P4_has_time-span"]), CRM["P82a_begin_of_the_begin"]) is not None
        assert graph.value(assessment, CRM["P14_carried_out_by"]) is not None  # the author
        source = graph.value(assessment, CRM["P70i_is_documented_in"])
        publisher = graph.value(graph.value(source, CRM["P94i_was_created_by"]), CRM["P14_carried_out_by"])
        assert graph.value(publisher, rdflib.RDFS.label)
    maiden = rdflib.URIRef("urn:heritage-map:site:az-2.2")
    assert graph.value(maiden, LA["equivalent"]) == rdflib.URIRef("http://www.wikidata.org/entity/Q842822")
    names = {
        str(graph.value(name, CRM["P190_has_symbolic_content"]))
        for name in graph.objects(maiden, CRM["P1_is_identified_by"])
    }
    assert {"Maiden Tower, Baku", "Qız qalası", "Q842822"} <= names
    assert (None, DCTERMS.license, CC0) in graph


def test_jsonld_names_the_wikidata_state_of_conservation_where_one_fits(shipped):
    intact = shipped.sites[shipped.mask(SiteFilter(statuses=("intact",)))]
    graph = rdflib.Graph().parse(data=to_jsonld(intact, shipped.observations), format="json-ld")
    matches = set(graph.objects(None, rdflib.URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")))
    assert rdflib.URIRef("http://www.wikidata.org/entity/Q56557591") in matches  # "preserved"


def test_csv_carries_crosswalk_and_licence_and_still_loads_back(tmp_path, restored, shipped):
    intact = shipped.sites[shipped.mask(SiteFilter(statuses=("intact",)))]
    text = export.to_csv(intact, shipped=True).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["wikidata_state_of_conservation"] for row in rows} == {"http://www.wikidata.org/entity/Q56557591"}
    assert all("CC0 1.0" in row["licence"] for row in rows)
    path = tmp_path / "intact.csv"
    path.write_text(text, encoding="utf-8")
    assert load_sites(path).problems == []
    assert {row["wikidata_state_of_conservation"] for row in csv.DictReader(io.StringIO(
        export.to_csv(restored).decode("utf-8-sig")))} == {""}  # fmt: skip  # no P5816 value fits "restored"


def test_excel_and_geojson_name_the_licences(tmp_path, restored):
    book = load_workbook(io.BytesIO(export.to_xlsx(restored, shipped=True)))
    readme = [row[0] for row in book["README"].iter_rows(values_only=True)]
    assert any("CC0 1.0" in line for line in readme) and any("GeoNames" in line for line in readme)
    path = tmp_path / "restored.geojson"
    path.write_bytes(export.to_geojson(restored, shipped=True))
    assert "CC0 1.0" in path.read_text(encoding="utf-8")
    assert len(load_sites(path).sites) == RESTORED_SITES  # the license member does not stop Import


def test_another_file_claims_no_licence_of_the_shipped_data(restored):
    text = export.to_csv(restored, shipped=False).decode("utf-8-sig")
    assert "CC0" not in text and "publisher's terms" in text


@pytest.mark.parametrize("extension", ["csv", "geojson", "xlsx", "gpkg", "jsonld"])
def test_export_command_writes_each_format(tmp_path, monkeypatch, capsys, extension):
    monkeypatch.setenv("HERITAGE_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    monkeypatch.setenv("HERITAGE_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / f"restored.{extension}"
    assert cli.main(["export", "status=restored", "--format", extension, "--out", str(out)]) == 0
    assert f"Wrote {out}: {RESTORED_SITES} sites" in capsys.readouterr().out
    if extension == "gpkg":
        assert pyogrio.read_info(out)["features"] == RESTORED_SITES
    elif extension == "jsonld":
        graph = rdflib.Graph().parse(out, format="json-ld")
        assert len(set(graph.subjects(rdflib.RDF.type, CRM["E14_Condition_Assessment"]))) == RESTORED_DATED_OBSERVATIONS


def test_the_crosswalk_table_in_sources_md_is_the_code_s():
    text = (DEFAULT_DATA.parent / "SOURCES.md").read_text(encoding="utf-8")
    section = text.split("## Wikidata crosswalk", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (?:\[(Q\d+)\]\([^)]*\) ([^|]+?)|—) \|", section, flags=re.M)
    assert {status: (item, label.strip()) for status, item, label in rows if item} == P5816
    assert {status for status, *_ in rows} == {
        "intact", "at_risk", "damaged", "destroyed", "under_restoration", "restored", "unknown",
    }  # fmt: skip


def test_a_name_is_english_only_where_it_differs_from_the_azerbaijani_one(shipped):
    """az-1730 "Cüyürlü kurqanları" has no English name in the sources: its one name is Azerbaijani."""
    site = shipped.sites[shipped.sites["id"].isin(["az-1730", "az-2.2"])]
    graph = rdflib.Graph().parse(data=to_jsonld(site, shipped.observations), format="json-ld")

    def names(site_id: str) -> dict[str, str]:
        found = {}
        for name in graph.objects(rdflib.URIRef(f"urn:heritage-map:site:{site_id}"), CRM["P1_is_identified_by"]):
            language = graph.value(name, CRM["P72_has_language"])
            if language is not None:
                found[str(language).rsplit("/", 1)[-1]] = str(graph.value(name, CRM["P190_has_symbolic_content"]))
        return found

    assert names("az-1730") == {"az": "Cüyürlü kurqanları"}
    assert names("az-2.2") == {"en": "Maiden Tower, Baku", "az": "Qız qalası"}
