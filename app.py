"""The served application: the dashboard script (`dashboard.py`) plus HTTP routes of our own.

`make run` starts this file with `streamlit run app.py`; Streamlit finds `app` (an `st.App`) and
serves the script and the routes of `heritage.api` from one process. A person's widgets still run
the script; what is not a person's click (the map's layer, live pushes, the open-data API) is
answered by a route, without a script run. `heritage.ui.guards` stands in front of Streamlit's
own endpoints: uploads only from an editor's Import page, metrics off unless configured;
`heritage.ui.preload` adds the map's code to the page's HTML.
"""

import streamlit as st
from starlette.middleware import Middleware

from heritage.api import routes
from heritage.api.sockets import lifespan
from heritage.ui import linklimit
from heritage.ui.guards import StreamlitEndpointGuard
from heritage.ui.preload import PreloadMapCode

linklimit.install()  # a link too long for Streamlit to read is said so on the page, not dropped silently
# PreloadMapCode: the page asks for the map's code with its HTML, not after its first run (a sooner first marker).
# lifespan: small answers leave without waiting 40 ms (TCP_NODELAY, heritage/api/sockets.py).
app = st.App(
    "dashboard.py",
    routes=routes(),
    middleware=[Middleware(StreamlitEndpointGuard), Middleware(PreloadMapCode)],
    lifespan=lifespan,
)
