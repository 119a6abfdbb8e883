"""Every message the code uses is in the catalogues: all of them in en and az, the core in the rest.

The messages are found the way a translator's tools find them: Babel's extractor over
heritage/, pages/ and dashboard.py (heritage/i18n/extract.py).
"""

from __future__ import annotations

import re

import pytest

from heritage.i18n import available_languages
from heritage.i18n.catalogues import read_catalogue
from heritage.i18n.extract import COMPLETE_LANGUAGES, CORE_CONTEXTS, SOURCE_LANGUAGE, extract_messages

PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def used():
    """The messages used in the code: (context, msgid) -> message."""
    return {(m.context, m.id): m for m in extract_messages() if m.id}


def _key(message) -> str:
    return f"{message.context + ' | ' if message.context else ''}{message.id}"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings) and not message.fuzzy


def test_the_catalogues_are_en_az_and_ru():
    assert available_languages() == ("en", "az", "ru")


def test_the_code_marks_the_messages_this_test_relies_on(used):
    """If extraction broke, every catalogue would look complete: check it finds known messages."""
    for key in [("status", "Destroyed"), ("nav", "Sites table"), ("legend", "Conservation status")]:
        assert key in used


@pytest.mark.parametrize("language", available_languages())
def test_every_message_used_is_in_the_catalogue(used, language):
    catalogue = read_catalogue(language)
    missing = [_key(m) for (context, msgid), m in used.items() if catalogue.get(msgid, context) is None]
    assert missing == [], f"{language}: run scripts/update_catalogues.py and translate these"


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_complete_languages_translate_every_message(used, language):
    catalogue = read_catalogue(language)
    untranslated = [_key(m) for (context, msgid), m in used.items() if not _translated(catalogue.get(msgid, context))]
    assert untranslated == []


@pytest.mark.parametrize("language", [code for code in available_languages() if code != SOURCE_LANGUAGE])
def test_every_language_translates_the_core(used, language):
    """Navigation, filters, statuses, designations, legend and the language switch, at least."""
    catalogue = read_catalogue(language)
    core = [m for m in used.values() if m.context in CORE_CONTEXTS]
    assert {m.context for m in core} >= {"nav", "status", "designation", "legend", "language"}
    untranslated = [_key(m) for m in core if not _translated(catalogue.get(m.id, m.context))]
    assert untranslated == []


@pytest.mark.parametrize("language", available_languages())
def test_translations_keep_the_placeholders(language):
    """A translation that drops or renames {count} would raise when the page formats it."""
    wrong = []
    for message in read_catalogue(language):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        wrong += [f"{_key(message)} -> {text}" for text in strings if text and set(PLACEHOLDER.findall(text)) != wanted]
    assert wrong == []


# A call such as f"{_('Status')}" hides its message from Babel's extractor (Python 3.11
# tokenizes an f-string as one string), so the message would silently stay English.
HIDDEN_CALL = re.compile(r"""\bf(["']).*\{[^}]*\b(?:_|gettext|pgettext|ngettext)\(""")


def test_no_message_hides_inside_an_f_string():
    from heritage.i18n.extract import REPOSITORY, SOURCES

    files = [p for source in SOURCES for p in sorted((REPOSITORY / source).rglob("*.py"))] + [
        REPOSITORY / "dashboard.py"
    ]
    hidden = [
        f"{path.relative_to(REPOSITORY)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HIDDEN_CALL.search(line)
    ]
    assert hidden == []


# -- English that never reaches gettext ---------------------------------------------------------
# A text handed straight to Streamlit, or written by the map's script, is English in every
# language and never shows up as missing above: "No site matches these filters", "Reset filters"
# and "Show all sites" stayed English in az. These scans fail on such a literal.
UI_SOURCES = ("pages", "heritage/ui")
# Streamlit calls whose first argument, or whose text keyword, a person reads.
SHOWS_TEXT = frozenset(
    "title header subheader caption markdown text write info warning error success toast exception button "
    "download_button link_button page_link form_submit_button checkbox toggle radio selectbox multiselect "
    "select_slider slider text_input text_area number_input date_input time_input file_uploader camera_input "
    "color_picker metric spinner expander popover tabs progress status dialog".split()
)
TEXT_KEYWORDS = frozenset({"label", "help", "placeholder", "caption", "body", "text", "title"})
NOT_PROSE = re.compile(r"\]\([^)]*\)|:material/\w+:|\bkm\b")  # link targets, icon names, units
PROSE = re.compile(r"[A-Za-z]{2,}")


def _literal(node) -> str | None:
    """The literal text of a str, an f-string, or "...".format(...); None for anything computed."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal(node.func.value)
    if isinstance(node, ast.BinOp):
        return (_literal(node.left) or "") + (_literal(node.right) or "") or None
    return None


def english_handed_to_streamlit(source: str, name: str = "<source>") -> list[str]:
    """`file:line call: 'text'` for each literal English text given to a Streamlit element."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SHOWS_TEXT or "log" in ast.unparse(node.func.value).lower():
            continue  # log.exception("%s failed") is for the server log, not a person
        first = [] if node.func.attr == "page_link" else node.args[:1]  # page_link's first is the page file
        texts = first + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for text in filter(None, map(_literal, texts)):
            if PROSE.search(NOT_PROSE.sub("", text)):
                found.append(f"{name}:{node.lineno} {node.func.attr}: {text[:60]!r}")
    return found


def test_the_scan_finds_english_handed_to_streamlit():
    """The scan itself: it must catch what slipped through before, and pass what goes through gettext."""
    caught = english_handed_to_streamlit(
        'st.warning("No site matches these filters.")\n'
        'st.button("Reset filters", key="reset")\n'
        'sidebar.caption(f"{count:,} rows read")\n'
        'st.metric(_("Sites"), 3, help="Mean of the shown sites")\n'
    )
    assert len(caught) == 4, caught
    assert english_handed_to_streamlit('st.warning(_("No site"))\nst.markdown(f"**{plain(x)}**")\n') == []


def test_no_english_literal_is_handed_to_streamlit():
    from heritage.i18n.extract import REPOSITORY

    files = [path for folder in UI_SOURCES for path in sorted((REPOSITORY / folder).rglob("*.py"))]
    files.append(REPOSITORY / "dashboard.py")
    found = [
        line
        for path in files
        for line in english_handed_to_streamlit(path.read_text(encoding="utf-8"), path.relative_to(REPOSITORY))
    ]
    assert found == [], "wrap these in _() / t.gettext() and translate them"


# sites.js writes text into the map: every text it writes is a label() from heritage.mapping.map_labels
# (translated on the server and passed as JSON data); a literal it writes itself stays English.
JS_WRITES_TEXT = re.compile(
    r"""(?:textContent|innerText|title|placeholder|alt)\s*=\s*(["'])(?P<a>(?:(?!\1).)*)\1"""
    r"""|setAttribute\(\s*["'](?:aria-label|title|alt|placeholder)["']\s*,\s*(["'])(?P<b>(?:(?!\3).)*)\3"""
    r"""|>(?P<c>[^<>"']*[A-Za-z]{2,}[^<>"']*)<"""
)
JS_LABEL = re.compile(r"""\blabel\(\s*["'](\w+)["']""")


def english_written_by_script(source: str) -> list[str]:
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        code = line.split("//", 1)[0] if not line.lstrip().startswith("/*") else ""
        for match in JS_WRITES_TEXT.finditer(code):
            text = match.group("a") or match.group("b") or match.group("c") or ""
            if PROSE.search(text):
                found.append(f"sites.js:{number}: {text[:60]!r}")
    return found


def test_the_script_scan_finds_english():
    assert english_written_by_script('reset.textContent = "Show all sites";') != []
    assert english_written_by_script('el.setAttribute("aria-label", "Map of sites");') != []
    assert english_written_by_script("div.innerHTML = '<b>Conservation status</b>';") != []
    assert english_written_by_script('reset.textContent = label("showAll", "Show all sites");') == []


def test_the_map_script_writes_only_translated_labels():
    from heritage.i18n.extract import REPOSITORY
    from heritage.mapping import map_labels

    script = (REPOSITORY / "static" / "heritage" / "sites.js").read_text(encoding="utf-8")
    assert english_written_by_script(script) == []
    unknown = sorted(set(JS_LABEL.findall(script)) - set(map_labels()))
    assert unknown == [], "each label() key must be one of heritage.mapping.map_labels (translated there)"


# -- the glossary: one az term per idea ---------------------------------------------------------
def glossary_rows() -> list[dict]:
    """The table of heritage/i18n/GLOSSARY.md: idea, az term, forms never used, messages."""
    from heritage.i18n.extract import REPOSITORY

    rows = []
    for line in (REPOSITORY / "heritage" / "i18n" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) != 5 or cells[0] in ("idea", "---"):
            continue
        idea, _en, term, never, messages = cells
        keys = [tuple(item.strip().split("|", 1)) for item in messages.split(";") if item.strip()]
        rows.append(
            {
                "idea": idea,
                "term": term,
                "never": [form.strip() for form in never.split(";") if form.strip()],
                "messages": [(context or None, msgid) for context, msgid in keys],
            }
        )
    return rows


def test_the_glossary_is_read():
    rows = glossary_rows()
    assert len(rows) >= 10
    progress = next(row for row in rows if row["idea"].startswith("restoration progress"))
    assert progress["term"] == "bərpa gedişi" and ("nav", "Progress") in progress["messages"]


@pytest.mark.parametrize("row", glossary_rows(), ids=lambda row: row["idea"].split(" (")[0])
def test_the_az_catalogue_follows_the_glossary(row):
    catalogue = read_catalogue("az")
    wrong = []
    for context, msgid in row["messages"]:
        message = catalogue.get(msgid, context)
        assert message is not None, f"the glossary names {context}|{msgid}, which the catalogue lacks"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [f"{context}|{msgid} -> {text}" for text in strings if row["term"].casefold() not in text.casefold()]
    assert wrong == [], f"these must use “{row['term']}”"
    never = [re.compile(rf"(?<!\w){re.escape(form)}") for form in row["never"]]
    used = [
        f"{_key(message)} -> {text}"
        for message in catalogue
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text and any(pattern.search(text) for pattern in never)
    ]
    assert used == [], f"“{row['term']}” is the one term for this idea"
