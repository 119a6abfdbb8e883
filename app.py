"""The served application: the dashboard script (`dashboard.py`) plus HTTP routes of our own.

`make run` starts this file with `streamlit run app.py`; Streamlit finds `app` (an `st.App`) and
serves the script and the routes of `heritage.api` from one process. A person's widgets still run
the script; what is not a person's click (the map's layer, live pushes, the open-data API) is
answered by a route, without a script run.
"""

import streamlit as st

from heritage.api import routes
from heritage.ui import linklimit

linklimit.install()  # a link too long for Streamlit to read is said so on the page, not dropped silently
app = st.App("dashboard.py", routes=routes())
