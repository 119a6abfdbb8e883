"""Heritage Map's core: load, validate, filter, cluster and draw heritage sites.

Nothing in this package imports Streamlit except `heritage.ui`, so every piece here
is tested on its own (tests/unit) and reused by the command line (`python -m heritage`).
"""
