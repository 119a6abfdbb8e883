"""The shown sites as JSON-LD in CIDOC CRM terms, in Linked Art's shape where it has one.

Each site is an E22 Human-Made Object with its identifiers (E42: the registry number, the
Wikidata item), its names (E33_E41 Linguistic Appellation, one per language) and its place
(E53, defined by a WKT point, within its region). Each dated status or progress observation
is an E14 Condition Assessment that P34 concerned the site and P35 has identified an E3
Condition State (typed by our status, with Wikidata's P5816 value where one fits), with its
time-span (E52), its author (P14) and its source: an E31 Document made by the publisher,
reachable at its link. Undated notes and withdrawn observations are left out: they decide
nothing on the map either.

The context is written inline (no remote context to fetch, so it parses offline). Terms are
CIDOC CRM's own names; `equivalent` and `access_point` are Linked Art's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pandas as pd

from heritage import licences
from heritage.crosswalk import REGISTRY_NUMBER, WIKIDATA_ENTITY, state_of_conservation
from heritage.text import fold_letters

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
LA = "https://linked.art/ns/terms/"
SITE = "urn:heritage-map:site:"  # the sites' ids are the data file's, unique only within it
ASSESSMENT = "urn:heritage-map:observation:"
STATUS = "urn:heritage-map:status:"
LANGUAGES = {"en": "http://id.loc.gov/vocabulary/iso639-1/en", "az": "http://id.loc.gov/vocabulary/iso639-1/az"}
CONTEXT = {
    "crm": CRM,
    "la": LA,
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": "@id",
    "type": "@type",
    "_label": "rdfs:label",
    "content": "crm:P190_has_symbolic_content",
    "identified_by": {"@id": "crm:P1_is_identified_by", "@container": "@set"},
    "classified_as": {"@id": "crm:P2_has_type", "@container": "@set"},
    "language": {"@id": "crm:P72_has_language", "@type": "@id"},
    "equivalent": {"@id": "la:equivalent", "@type": "@id"},
    "exact_match": {"@id": "skos:exactMatch", "@type": "@id"},
    "current_location": "crm:P55_has_current_location",
    "defined_by": "crm:P168_place_is_defined_by",
    "part_of": "crm:P89_falls_within",
    "concerned": {"@id": "crm:P34_concerned", "@type": "@id"},
    "identified_state": "crm:P35_has_identified",
    "timespan": "crm:P4_has_time-span",
    "begin_of_the_begin": {"@id": "crm:P82a_begin_of_the_begin", "@type": "xsd:dateTime"},
    "end_of_the_end": {"@id": "crm:P82b_end_of_the_end", "@type": "xsd:dateTime"},
    "carried_out_by": "crm:P14_carried_out_by",
    "documented_in": "crm:P70i_is_documented_in",
    "created_by": "crm:P94i_was_created_by",
    "access_point": {"@id": "la:access_point", "@type": "@id"},
    "referred_to_by": "crm:P67i_is_referred_to_by",
    "license": {"@id": "dcterms:license", "@type": "@id", "@container": "@set"},
    "HumanMadeObject": "crm:E22_Human-Made_Object",
    "Identifier": "crm:E42_Identifier",
    "Name": "crm:E33_E41_Linguistic_Appellation",
    "Language": "crm:E56_Language",
    "Type": "crm:E55_Type",
    "Place": "crm:E53_Place",
    "ConditionAssessment": "crm:E14_Condition_Assessment",
    "ConditionState": "crm:E3_Condition_State",
    "TimeSpan": "crm:E52_Time-Span",
    "Actor": "crm:E39_Actor",
    "Group": "crm:E74_Group",
    "Document": "crm:E31_Document",
    "Creation": "crm:E65_Creation",
    "LinguisticObject": "crm:E33_Linguistic_Object",
}
REGISTRY_TYPE = {
    "id": WIKIDATA_ENTITY + REGISTRY_NUMBER,
    "type": "Type",
    "_label": "Azerbaijani heritage registry number",
}
WIKIDATA_TYPE = {"id": "urn:heritage-map:identifier:wikidata", "type": "Type", "_label": "Wikidata item"}
PROGRESS_TYPE = {"id": STATUS + "restoration_progress", "type": "Type", "_label": "restoration progress (%)"}


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and pd.isna(value))


def _names(site: dict) -> list[dict]:
    """The Azerbaijani name, and the English one where it differs: `name` is the registry's
    Azerbaijani name for most sites (no English name in the sources), so it is English only then."""
    local = site.get("name_local") if _present(site.get("name_local")) else None
    names = [("az", local)] if local else []
    if not local or fold_letters(site["name"]) != fold_letters(local):
        names.insert(0, ("en", site["name"]))
    return [
        {"type": "Name", "content": text, "language": {"id": LANGUAGES[code], "type": "Language", "_label": code}}
        for code, text in names
    ]


def _identifiers(site: dict) -> list[dict]:
    found = []
    if _present(site.get("registry_number")):
        found.append({"type": "Identifier", "content": str(site["registry_number"]), "classified_as": [REGISTRY_TYPE]})
    wikidata = site.get("wikidata")
    if _present(wikidata):
        found.append(
            {"type": "Identifier", "content": str(wikidata).rstrip("/").rsplit("/", 1)[-1],
             "classified_as": [WIKIDATA_TYPE]}
        )  # fmt: skip
    return found


def _place(site: dict) -> dict:
    place = {
        "type": "Place",
        "_label": f"{site['lat']:.6f}, {site['lon']:.6f}",
        "defined_by": f"POINT({site['lon']:.6f} {site['lat']:.6f})",
    }
    if _present(site.get("region")):
        place["part_of"] = [{"type": "Place", "_label": site["region"]}]
    return place


def _site(site: dict) -> dict:
    document = {
        "id": SITE + site["id"],
        "type": "HumanMadeObject",
        "_label": site["name"],
        "identified_by": [*_names(site), *_identifiers(site)],
        "current_location": _place(site),
    }
    if _present(site.get("wikidata")):
        document["equivalent"] = str(site["wikidata"]).replace("https://www.wikidata.org/entity/", WIKIDATA_ENTITY)
    return document


def _day(value: object) -> str | None:
    return f"{value.isoformat()}T00:00:00Z" if _present(value) and hasattr(value, "isoformat") else None


def _span(start: object, end: object) -> dict:
    begin, finish = _day(start), _day(end)
    span = {"type": "TimeSpan"}
    if begin:
        span["begin_of_the_begin"] = begin
    if _day(end):
        span["end_of_the_end"] = finish[:10] + "T23:59:59Z"
    return span


def _state(observation: dict) -> dict:
    if observation["field"] == "status":
        kind = {"id": STATUS + observation["value"], "type": "Type", "_label": observation["value"]}
        match = state_of_conservation(observation["value"])
        if match:
            kind["exact_match"] = match
        label = f"status {observation['value']}"
    else:
        kind = PROGRESS_TYPE
        label = f"restoration progress {float(observation['value']):g} %"
    start = observation.get("period_from") if _present(observation.get("period_from")) else observation["observed"]
    end = observation.get("period_to") if _present(observation.get("period_to")) else observation["observed"]
    return {"type": "ConditionState", "_label": label, "classified_as": [kind], "timespan": _span(start, end)}


def _source(observation: dict) -> dict:
    document = {
        "type": "Document",
        "_label": observation["source"],
        "created_by": {"type": "Creation", "carried_out_by": [{"type": "Group", "_label": observation["source"]}]},
    }
    if _present(observation.get("source_url")):
        document["access_point"] = observation["source_url"]
    return document


def _assessment(observation: dict) -> dict:
    return {
        "id": f"{ASSESSMENT}{observation['id']}",
        "type": "ConditionAssessment",
        "_label": f"{observation['field']} of {observation['site_id']} observed {observation['observed'].isoformat()}",
        "concerned": SITE + observation["site_id"],
        "identified_state": _state(observation),
        "timespan": _span(observation["observed"], observation["observed"]),
        "carried_out_by": [{"type": "Actor", "_label": observation["author"]}],
        "documented_in": [_source(observation)],
    }


def dated_observations(sites: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """The standing, dated status and progress observations of these sites, oldest first."""
    if observations.empty:
        return observations
    wanted = (
        observations["site_id"].isin(set(sites["id"]))
        & observations["field"].isin(("status", "restoration_progress"))
        & observations["observed"].notna()
        & ~observations["withdrawn"].astype(bool)
    )
    return observations[wanted].sort_values(["observed", "id"])


def _graph(sites: pd.DataFrame, observations: pd.DataFrame) -> Iterator[dict]:
    columns = ["id", "name", "name_local", "registry_number", "wikidata", "region", "lat", "lon"]
    for site in sites[columns].to_dict("records"):
        yield _site(site)
    for observation in dated_observations(sites, observations).to_dict("records"):
        yield _assessment(observation)


def to_jsonld(sites: pd.DataFrame, observations: pd.DataFrame, shipped: bool = False) -> bytes:
    """One JSON-LD document: the sites, their condition assessments, and the licence of each part."""
    export = {
        "id": "urn:heritage-map:export",
        "type": "LinguisticObject",
        "_label": "Heritage Map export: the shown sites and their sourced conditions",
        "license": [part.licence_url for part in licences.parts(shipped) if part.licence_url],
        "referred_to_by": [{"type": "LinguisticObject", "content": line} for line in licences.lines(shipped)],
    }
    document = {"@context": CONTEXT, "@graph": [export, *_graph(sites, observations)]}
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode("utf-8")
