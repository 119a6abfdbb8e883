"""The current dataset without Streamlit, for the HTTP routes: what the pages show (file + store).

The loading itself, and its caches, are heritage/loading.py's: one validated base in memory,
shared by the pages (heritage/ui/data.py) and every route, and one overlay per store version.
This module keeps the name the open-data routes (heritage/api/ogc.py) use.
"""

from __future__ import annotations

from heritage.loading import load_current as current_dataset

__all__ = ["current_dataset"]
