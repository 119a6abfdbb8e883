"""Download buttons for the shown sites; each file is built only when clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from heritage import export
from heritage.filters import SiteFilter
from heritage.licences import is_shipped
from heritage.sources import data_path
from heritage.ui.language import current_translator

# The button of each format of export.writers(), in the order shown.
LABELS = {"csv": "CSV", "geojson": "GeoJSON", "xlsx": "Excel", "gpkg": "GeoPackage", "jsonld": "JSON-LD"}


def export_buttons(shown: pd.DataFrame, site_filter: SiteFilter, observations: pd.DataFrame) -> None:
    """One button per format; `observations` (the dataset's) give JSON-LD its condition assessments."""
    t = current_translator()
    shipped = is_shipped(data_path())
    row = st.container(horizontal=True)
    for extension, (mime, writer) in export.writers().items():
        label = LABELS[extension]
        row.download_button(
            label,
            icon=":material/download:",
            data=lambda writer=writer: writer(shown, observations, shipped),
            file_name=export.file_name(site_filter, extension),
            mime=mime,
            on_click="ignore",
            key=f"download_{extension}",
            help=t.gettext("The {count} sites in the table, as {format}.").format(
                count=t.number(len(shown)), format=label
            ),
        )
