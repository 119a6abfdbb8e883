"""Heritage Map: the entry point. Page set-up and navigation; each page draws its own parts."""

from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from heritage.roles import allows
from heritage.ui import session
from heritage.ui.auth import current_editor, current_role
from heritage.ui.errors import page_errors
from heritage.ui.language import app_title, current_translator, keep_language_in_address, language_switch
from heritage.ui.navigation import entered

ICON = Path(__file__).resolve().parent / "static" / "heritage" / "icon.png"
t = current_translator()
# The tab's icon is a file of ours: ":material/map:" made the browser fetch a font from Google
# (refused on an office network without internet, once per page).
st.set_page_config(page_title=app_title(), page_icon=str(ICON), layout="wide")

EDITOR_PATHS = ("edit", "import", "review", "audit")


def reloaded_editor_page() -> bool:
    """A viewer's request for an editor page: an editor who reloaded, since a sign-in lasts one session.

    The password sign-in lives in the Streamlit session, which a reload ends; a cookie that
    scripts can read would be weaker than asking again. Those requests land on the sign-in page.
    """
    path = urlsplit(st.context.url or "").path.rstrip("/")
    return not current_editor() and path.rsplit("/", 1)[-1] in EDITOR_PATHS


to_sign_in = reloaded_editor_page()
if to_sign_in:
    session.reloaded_editor_page.set(True)
PAGES = [
    st.Page("pages/map.py", title=t.pgettext("nav", "Map"), icon=":material/map:", default=not to_sign_in),
    st.Page("pages/table.py", title=t.pgettext("nav", "Sites table"), icon=":material/table:", url_path="table"),
    st.Page("pages/progress.py", title=t.pgettext("nav", "Progress"), icon=":material/bar_chart:", url_path="progress"),
    st.Page("pages/site.py", title=t.pgettext("nav", "Site"), icon=":material/account_balance:", url_path="site"),
    st.Page("pages/about.py", title=t.pgettext("nav", "About the data"), icon=":material/info:", url_path="about"),
    st.Page(
        "pages/editors.py",
        title=t.pgettext("nav", "Editors"),
        icon=":material/login:",
        url_path="editors",
        default=to_sign_in,
    ),  # fmt: skip
]
# Only a signed-in editor gets these pages; for anyone else their URLs do not exist.
EDITOR_PAGES = [
    st.Page("pages/edit.py", title=t.pgettext("nav", "Edit"), icon=":material/edit:", url_path="edit"),
    st.Page("pages/import.py", title=t.pgettext("nav", "Import"), icon=":material/upload:", url_path="import"),
]
# A reviewer (or an admin) also gets the Review page; an admin the Audit page.
ROLE_PAGES = {
    "editor": EDITOR_PAGES,
    "reviewer": [
        st.Page("pages/review.py", title=t.pgettext("nav", "Review"), icon=":material/fact_check:", url_path="review")
    ],
    "admin": [st.Page("pages/audit.py", title=t.pgettext("nav", "Audit"), icon=":material/history:", url_path="audit")],
}
role = current_role()
navigation = st.navigation(
    PAGES + [page for needed, pages in ROLE_PAGES.items() if allows(role, needed) for page in pages]
)
language_switch()
keep_language_in_address()
entered()
with page_errors(t.gettext("The {page} page").format(page=navigation.title)):
    navigation.run()
