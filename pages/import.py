"""Import a file as a new version of the base data, after a report and a confirmation."""

import streamlit as st

from heritage import audit
from heritage.changes import COLUMNS, TEMPLATE, is_change_file, plan_changes
from heritage.i18n import N_
from heritage.importing import MAX_IMPORT_BYTES, as_observations, plan_import
from heritage.roles import allows
from heritage.sources import DataFileError
from heritage.store import CANNOT_WRITE, StoreError
from heritage.ui import data as ui_data
from heritage.ui.auth import current_role, require_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import cleaned, evidence_uploader, with_evidence
from heritage.ui.language import current_translator
from heritage.ui.navigation import within_app
from heritage.ui.problems import problems_table
from heritage.ui.text import show_error
from heritage.ui.uploads import once_per_upload

within_app()  # first: a permalink opened on a fresh server still gets the app's navigation

t = current_translator()
_ = t.gettext
editor = require_editor(N_("Importing"))
dataset = ui_data.dataset()
store = ui_data.store()

LIMIT_MB = MAX_IMPORT_BYTES // (1024 * 1024)
st.title(_("Import sites"), anchor=False)
st.caption(
    _(
        "A GeoJSON or CSV file of sites (the record is described in the README), UTF-8, at most {limit} MB. "
        "Each record is checked; only valid records are imported, as a new version of the base data or as "
        "observations. Nothing is overwritten: earlier versions stay in the store."
    ).format(limit=LIMIT_MB)
)
st.caption(
    _(
        "For new status and progress of sites already on the map, a short CSV is enough: columns "
        "{columns} (no coordinates). Empty cells change nothing."
    ).format(columns=", ".join(COLUMNS))
)
st.download_button(
    _("Change file template (CSV)"), TEMPLATE, file_name="heritage-changes-template.csv", mime="text/csv",
    icon=":material/download:", on_click="ignore",
)  # fmt: skip
writable = store.writable()  # told before choosing a file, not only after
if not writable:
    st.error(_(CANNOT_WRITE), icon=":material/edit_off:")
upload = st.file_uploader(_("File"), type=["geojson", "json", "csv"], max_upload_size=LIMIT_MB)
if upload is None:
    end_page()


def import_changes() -> None:
    """A change file: observations for known sites; a row with a problem is named and left out."""
    try:
        plan = once_per_upload(
            "changes", raw, upload.name, dataset, lambda: plan_changes(raw, upload.name, dataset, editor)
        )
    except DataFileError as error:
        show_error(error)
        end_page()
    st.subheader(_("Report"), anchor=False)
    st.markdown(
        _("{read} rows read: {observations} observations, {problems} rows with problems.").format(
            read=t.number(plan.rows_read),
            observations=t.number(len(plan.observations)),
            problems=t.number(len(plan.problems)),
        )
    )
    if plan.problems:
        problems_table(plan.problems, key="change_problems")
    changed, total = plan.sites_changed, plan.total_sites
    st.markdown(
        _("Importing changes {changed} of {total} sites; the other {unchanged} stay as they are.").format(
            changed=t.number(changed), total=t.number(total), unchanged=t.number(total - changed)
        )
    )
    label = _("Record {count} observations").format(count=t.number(len(plan.observations)))
    uploads = evidence_uploader("import_evidence")
    if plan.observations and st.button(label, type="primary", disabled=not writable):
        record_observations(plan.observations, uploads)
    end_page()


def record_observations(observations: list, uploads: list) -> None:
    """Store the import's observations (proposals when review is on), with the evidence; audited."""
    files = cleaned(uploads)
    if files is None:
        return
    try:
        store.record(with_evidence(observations, files), store.revisions({o.site_id for o in observations}))
    except StoreError as error:
        show_error(error)
        return
    sites = len({o.site_id for o in observations})
    audit.record(store, editor, "import", f"{upload.name}: {len(observations)} observations, {sites} sites")
    if store.review:
        st.success(
            _("Proposed {count} observations: they show on the map once a reviewer approves them.").format(
                count=t.number(len(observations))
            )
        )
    else:
        st.success(
            _("Recorded {count} observations. The map now shows them.").format(count=t.number(len(observations)))
        )


raw = upload.getvalue()
if is_change_file(raw, upload.name):
    import_changes()

try:
    plan = once_per_upload("sites", raw, upload.name, dataset, lambda: plan_import(raw, upload.name, dataset))
except DataFileError as error:
    show_error(error)  # the message quotes the file's name
    end_page()

valid = len(plan.features)
st.subheader(_("Report"), anchor=False)
st.markdown(
    _("{read} records read: **{valid} valid**, {problems} with problems.").format(
        read=t.number(plan.records_read), valid=t.number(valid), problems=t.number(len(plan.problems))
    )
)
if plan.problems:
    problems_table(plan.problems, key="import_problems")
if not valid:
    st.info(_("Nothing to import."))
    end_page()
mode = st.radio(
    _("Import as"),
    ["version", "observations"],
    format_func={
        "version": _("a new version of the base data (all valid records)"),
        "observations": _("observations: status, progress and designations of sites already on the map"),
    }.get,
)
if mode == "version":
    st.markdown(
        _("Importing adds **{added}** sites, changes **{changed}**, leaves **{unchanged}** as they are.").format(
            added=t.number(plan.added), changed=t.number(plan.changed), unchanged=t.number(plan.unchanged)
        )
    )
    if store.review and not allows(current_role(), "reviewer"):  # a version counts at once: not one person's
        st.info(_("With review on, a new version of the base data is imported by a reviewer."))
    elif st.button(
        _("Import {count} valid records").format(count=t.number(valid)), type="primary", disabled=not writable
    ):
        try:
            version = store.import_version(plan.features, editor, upload.name, plan.counts)
        except StoreError as error:
            show_error(error)
        else:
            audit.record(store, editor, "import", f"{upload.name}: version {version}, {valid} records")
            st.success(_("Imported as version {version}. The map now shows it.").format(version=version))
else:
    observations = as_observations(plan, dataset, editor)
    sites = len({o.site_id for o in observations})
    st.markdown(
        _(
            "Importing records **{observations}** observations for **{sites}** sites, each with its record's "
            "source and date; {added} new sites are left out (a new site needs a base version)."
        ).format(observations=t.number(len(observations)), sites=t.number(sites), added=t.number(plan.added))
    )
    record_label = _("Record {count} observations").format(count=t.number(len(observations)))
    evidence = evidence_uploader("import_evidence")
    if observations and st.button(record_label, type="primary", disabled=not writable):
        record_observations(observations, evidence)
