"""The only Streamlit-aware part of the package: cached loaders, widgets, URL sync, panels."""
