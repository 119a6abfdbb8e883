"""Download buttons for the shown sites; each file is built only when clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from heritage import export
from heritage.filters import SiteFilter
from heritage.ui.language import current_translator

FORMATS = (
    ("CSV", "csv", "text/csv", export.to_csv),
    ("GeoJSON", "geojson", "application/geo+json", export.to_geojson),
    ("Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.to_xlsx),
)


def export_buttons(shown: pd.DataFrame, site_filter: SiteFilter) -> None:
    t = current_translator()
    row = st.container(horizontal=True)
    for label, extension, mime, writer in FORMATS:
        row.download_button(
            label,
            icon=":material/download:",
            data=lambda writer=writer: writer(shown),
            file_name=export.file_name(site_filter, extension),
            mime=mime,
            on_click="ignore",
            key=f"download_{extension}",
            help=t.gettext("The {count} sites in the table, as {format}.").format(
                count=t.number(len(shown)), format=label
            ),
        )
