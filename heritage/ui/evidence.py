"""Evidence files on the pages: the uploader, thumbnails beside observations, a before/after view.

Files are cleaned by heritage.evidence before anything is stored; a refused one is named in
one sentence and nothing of the submission is stored. Full files open through
/api/evidence/ID (heritage/api/evidence.py), which serves only evidence the public may see;
a proposal's files are shown to its reviewer from the store directly.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from heritage.evidence import EXTENSIONS, MAX_BYTES, MAX_FILES, EvidenceFile, EvidenceRefused, clean_all
from heritage.store import Store
from heritage.ui.history import field_words, observed_words, value_words
from heritage.ui.language import current_translator
from heritage.ui.text import plain

ACCEPTED = ["jpg", "jpeg", "png", "webp", "pdf"]  # a hint to the file dialog; the content decides


def evidence_uploader(key: str) -> list:
    """The chosen files, not yet checked (check them with `cleaned` when the form is sent)."""
    _ = current_translator().gettext
    files = st.file_uploader(
        _("Evidence: photographs (JPEG, PNG, WebP) or PDF reports, at most {count} files of {size} MB").format(
            count=MAX_FILES, size=MAX_BYTES // (1024 * 1024)
        ),
        type=ACCEPTED,
        accept_multiple_files=True,
        max_upload_size=MAX_BYTES // (1024 * 1024),
        key=key,
    )
    return list(files or [])


def cleaned(uploads: list) -> list[EvidenceFile] | None:
    """The files cleaned for storing, or None after showing why one was refused (then store nothing)."""
    try:
        return clean_all([(upload.name, upload.getvalue()) for upload in uploads])
    except EvidenceRefused as refused:
        _ = current_translator().gettext
        st.error(plain(refused.words(_)) + " " + _("Nothing was stored."), icon=":material/block:")
        return None


def evidence_url(evidence_id: int) -> str:
    return f"/api/evidence/{int(evidence_id)}"


def thumbnails(files: pd.DataFrame, public: bool = True, store: Store | None = None) -> None:
    """Small pictures (and a line per PDF) of one observation's files.

    `public`: the files open through the API link; otherwise (a proposal, seen by its
    reviewer) they are offered as downloads read from the store.
    """
    _ = current_translator().gettext
    columns = st.columns(min(max(len(files), 1), 5))
    for number, row in enumerate(files.itertuples()):
        with columns[number % len(columns)]:
            if row.thumbnail is not None:
                st.image(bytes(row.thumbnail), caption=plain(row.name), width=160)  # a caption is Markdown
            else:
                st.markdown(":material/picture_as_pdf: " + plain(row.name))
            label = _("Open the file") if row.kind != "pdf" else _("Download the PDF")
            if public:
                st.link_button(label, evidence_url(row.id), icon=":material/open_in_new:")
            elif store is not None:
                file = store.evidence_file(int(row.id))
                st.download_button(
                    _("Download the file"), file["data"], file_name=f"evidence-{row.id}.{EXTENSIONS[row.kind]}",
                    mime="application/octet-stream", key=f"evidence-download-{row.id}", on_click="ignore",
                )  # fmt: skip


def evidence_timeline(store: Store, observations: pd.DataFrame) -> pd.DataFrame:
    """Under the history: each observation that has files, newest first, with its thumbnails.

    Returns the files shown (for the before/after view).
    """
    t = current_translator()
    _ = t.gettext
    if observations.empty:
        return pd.DataFrame()
    files = store.evidence_list(observations["id"])
    if files.empty:
        return files
    st.subheader(_("Evidence"), anchor=False)
    by_id = observations.set_index("id")
    for observation_id in sorted(set(files["observation_id"]), reverse=True):
        row = by_id.loc[observation_id]
        line = f"#{observation_id} · {observed_words(row['observed'], t)} · {field_words(row['field'], t)}: "
        st.markdown(plain(line + value_words(row["field"], row["value"], t) + f" · {row['source']}"))
        thumbnails(files[files["observation_id"] == observation_id])
    return files.merge(
        observations[["id", "observed"]].rename(columns={"id": "observation_id"}), on="observation_id", how="left"
    )


def before_after(store: Store, files: pd.DataFrame) -> None:
    """Two photographs of the same site side by side: by default the earliest and the latest."""
    t = current_translator()
    _ = t.gettext
    photos = files[files["kind"] != "pdf"].sort_values(["observed", "id"], na_position="first") if len(files) else files
    if len(photos) < 2:
        return
    st.subheader(_("Before and after"), anchor=False)
    undated = t.pgettext("history", "undated")
    names = {
        int(row.id): " · ".join([observed_words(row.observed, t) or undated, f"#{row.observation_id}", row.name])
        for row in photos.itertuples()
    }
    ids = list(names)
    left, right = st.columns(2)
    with left:
        before = st.selectbox(_("Before"), ids, index=0, format_func=names.get, key="evidence_before")
        st.image(store.evidence_file(before)["data"], width="stretch")
    with right:
        after = st.selectbox(_("After"), ids, index=len(ids) - 1, format_func=names.get, key="evidence_after")
        st.image(store.evidence_file(after)["data"], width="stretch")


def with_evidence(observations: list, files: list[EvidenceFile]) -> list:
    """The files attached to each site's first observation of one submission (stored once per site)."""
    if not files:
        return observations
    seen: set[str] = set()
    attached = []
    for observation in observations:
        first = observation.site_id not in seen
        seen.add(observation.site_id)
        attached.append(dataclasses.replace(observation, evidence=tuple(files)) if first else observation)
    return attached
