"""The import page's flow: a file becomes a new version of the base data, or observations, after a report.

Nothing is written before the editor has read the report and confirmed; nothing is overwritten.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from heritage import audit, importing
from heritage.changes import COLUMNS, TEMPLATE, is_change_file, plan_changes
from heritage.dataset import Dataset
from heritage.i18n import N_
from heritage.importing import MAX_IMPORT_BYTES, ImportPlan, as_observations
from heritage.roles import allows
from heritage.sources import DataFileError
from heritage.store import CANNOT_WRITE, NewObservation, Store, StoreError
from heritage.ui import data as ui_data
from heritage.ui.auth import current_role, require_editor
from heritage.ui.errors import end_page
from heritage.ui.evidence import cleaned, evidence_uploader, with_evidence
from heritage.ui.language import current_translator
from heritage.ui.problems import problems_table
from heritage.ui.text import show_error
from heritage.ui.uploads import once_per_upload

LIMIT_MB = MAX_IMPORT_BYTES // (1024 * 1024)


def import_page() -> None:
    """Signed-in editors only: what a file may hold, the upload, then its report and the confirm button."""
    editor = require_editor(N_("Importing"))
    dataset = ui_data.dataset()
    store = ui_data.store()
    writable = upload_help(store)
    _ = current_translator().gettext
    upload = st.file_uploader(_("File"), type=["geojson", "json", "csv"], max_upload_size=LIMIT_MB)
    if upload is None:
        end_page()
    if is_change_file(upload.getvalue(), upload.name):
        import_changes(upload, dataset, store, editor, writable)
        end_page()
    import_sites(upload, dataset, store, editor, writable)


def upload_help(store: Store) -> bool:
    """The title, what a file may hold and the change file template; returns whether the store can be written."""
    _ = current_translator().gettext
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
    return writable


def import_changes(upload: UploadedFile, dataset: Dataset, store: Store, editor: str, writable: bool) -> None:
    """A change file: observations for known sites; a row with a problem is named and left out."""
    raw = upload.getvalue()
    try:
        plan = once_per_upload(
            "changes", raw, upload.name, dataset, lambda: plan_changes(raw, upload.name, dataset, editor)
        )
    except DataFileError as error:
        show_error(error)
        end_page()
    t = current_translator()
    _ = t.gettext
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
        record_observations(plan.observations, uploads, upload.name, store, editor)


def record_observations(
    observations: list[NewObservation], uploads: list, file_name: str, store: Store, editor: str
) -> None:
    """Store the import's observations (proposals when review is on), with the evidence; audited."""
    t = current_translator()
    _ = t.gettext
    files = cleaned(uploads)
    if files is None:
        return
    try:
        store.record(with_evidence(observations, files), store.revisions({o.site_id for o in observations}))
    except StoreError as error:
        show_error(error)
        return
    sites = len({o.site_id for o in observations})
    audit.record(store, editor, "import", f"{file_name}: {len(observations)} observations, {sites} sites")
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


def import_sites(upload: UploadedFile, dataset: Dataset, store: Store, editor: str, writable: bool) -> None:
    """A file of sites: its report, then the choice of importing it as a version or as observations."""
    t = current_translator()
    _ = t.gettext
    raw = upload.getvalue()
    try:
        plan = once_per_upload(  # importing.plan_import looked up here: tests count its calls
            "sites", raw, upload.name, dataset, lambda: importing.plan_import(raw, upload.name, dataset)
        )
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
        import_as_version(plan, upload.name, store, editor, writable)
    else:
        import_as_observations(plan, upload.name, dataset, store, editor, writable)


def import_as_version(plan: ImportPlan, file_name: str, store: Store, editor: str, writable: bool) -> None:
    """All valid records as a new version of the base data: what it adds and changes, then the button."""
    t = current_translator()
    _ = t.gettext
    st.markdown(
        _("Importing adds **{added}** sites, changes **{changed}**, leaves **{unchanged}** as they are.").format(
            added=t.number(plan.added), changed=t.number(plan.changed), unchanged=t.number(plan.unchanged)
        )
    )
    label = _("Import {count} valid records").format(count=t.number(len(plan.features)))
    if store.review and not allows(current_role(), "reviewer"):  # a version counts at once: not one person's
        st.info(_("With review on, a new version of the base data is imported by a reviewer."))
    elif st.button(label, type="primary", disabled=not writable):
        try:
            version = store.import_version(plan.features, editor, file_name, plan.counts)
        except StoreError as error:
            show_error(error)
        else:
            audit.record(store, editor, "import", f"{file_name}: version {version}, {len(plan.features)} records")
            st.success(_("Imported as version {version}. The map now shows it.").format(version=version))


def import_as_observations(
    plan: ImportPlan, file_name: str, dataset: Dataset, store: Store, editor: str, writable: bool
) -> None:
    """The valid records of known sites as observations, each with its record's source and date."""
    t = current_translator()
    _ = t.gettext
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
        record_observations(observations, evidence, file_name, store, editor)
