"""The reference for benchmarks/run.py: a heritage map written the way tutorials show it.

Read the GeoJSON with geopandas, filter it with a sidebar multiselect, put one
`folium.Marker` per shown site into a `MarkerCluster`, and hand the map to
`streamlit_folium.st_folium`. Nothing is cached and every site goes to the browser on
every run: that is the naive approach this benchmark compares the dashboard against.

The only deviation from the tutorial: the benchmark browser has no internet, so Leaflet
and Leaflet.markercluster are loaded from the app itself (the repository's
static/vendor/, the exact versions folium 0.20 asks for) instead of from public CDNs.
That is the block marked "OFFLINE" below: it points `folium.Map.default_js/default_css`
and `MarkerCluster.default_js/default_css` at `/app/static/vendor/...`, and leaves out
folium's jQuery, Bootstrap and awesome-markers links, which could not load offline and
which a plain `folium.Marker` does not use. For `/app/static/` to exist, run.py starts
this script from a temporary folder holding a copy of it next to a `static` symlink to
the repository's static/, with `--server.enableStaticServing=true`.

Run: HERITAGE_DATA=sites.geojson streamlit run reference_app.py --server.enableStaticServing=true
"""

import os

import folium
import geopandas as gpd
import streamlit as st
from folium.plugins import MarkerCluster
from streamlit_folium import st_folium

# --- OFFLINE: the only change from the tutorial (see the docstring) ---------------------
VENDOR = "/app/static/vendor"
folium.Map.default_js = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
folium.Map.default_css = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]
MarkerCluster.default_js = [("markerclusterjs", f"{VENDOR}/leaflet.markercluster/leaflet.markercluster.js")]
MarkerCluster.default_css = [
    ("markerclustercss", f"{VENDOR}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{VENDOR}/leaflet.markercluster/MarkerCluster.Default.css"),
]
# ------------------------------------------------------------------------------------------

st.set_page_config(page_title="Heritage sites (reference)", layout="wide")
st.title("Heritage sites")

sites = gpd.read_file(os.environ["HERITAGE_DATA"])

statuses = sorted(sites["status"].dropna().unique())
chosen = st.sidebar.multiselect("Conservation status", statuses, placeholder="any status")
shown = sites[sites["status"].isin(chosen)] if chosen else sites

m = folium.Map(location=[40.3, 47.7], zoom_start=7)
cluster = MarkerCluster().add_to(m)
for _, site in shown.iterrows():
    folium.Marker(location=[site.geometry.y, site.geometry.x], tooltip=site["name"]).add_to(cluster)

st.write(f"{len(shown):,} sites shown")
st_folium(m, width=1000, height=620)
