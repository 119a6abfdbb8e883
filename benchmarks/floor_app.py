"""The floor for benchmarks/run.py: one marker on a streamlit-folium map, and nothing else.

What any Streamlit page with a streamlit-folium map costs before it holds any data: the page,
the component's iframe, Leaflet, one marker. The dashboard's first marker is compared with
this one's, measured in the same run (issue 15: at most 1.2 times the floor). Leaflet comes
from the repository's static/vendor/, as in reference_app.py (offline).
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

VENDOR = "/app/static/vendor"
folium.Map.default_js = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
folium.Map.default_css = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]

st.set_page_config(page_title="One marker (floor)", layout="wide")
m = folium.Map(location=[40.3, 47.7], zoom_start=7)
folium.Marker(location=[40.4, 49.85], tooltip="Baku").add_to(m)
st_folium(m, width=1000, height=620)
