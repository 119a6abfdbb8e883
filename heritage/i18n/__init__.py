"""Languages: message catalogues, one Translator per session, locale-aware numbers and dates.

The core of it imports no Streamlit; heritage/ui/language.py picks the session's language.
A new language is one file: heritage/i18n/locale/<code>/LC_MESSAGES/heritage.po.
"""

from heritage.i18n.catalogues import available_languages
from heritage.i18n.markers import N_, NC_, NN_
from heritage.i18n.names import SiteNames, site_names, site_title
from heritage.i18n.negotiation import Choice, negotiate
from heritage.i18n.translator import DEFAULT_LANGUAGE, ENGLISH, Translator, language_name, translator

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENGLISH",
    "N_",
    "NC_",
    "NN_",
    "Choice",
    "SiteNames",
    "Translator",
    "available_languages",
    "language_name",
    "negotiate",
    "site_names",
    "site_title",
    "translator",
]
