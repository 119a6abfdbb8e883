"""The command line, for scheduled reports and for checking files before they are loaded.

python -m heritage brief --out briefing.html "status=damaged&year=2000-2019"
python -m heritage export "status=restored" --format gpkg --out restored.gpkg
python -m heritage validate FILE
python -m heritage observe SITE_ID --status under_restoration --progress 40 --source "..." --author NAME
python -m heritage history SITE_ID
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from heritage import export, licences, links, titles
from heritage.auth import SECRETS, add_editor
from heritage.briefing import Briefing, briefing_html
from heritage.cache import BaseCache
from heritage.conditions import load_shipped
from heritage.dataset import Dataset
from heritage.i18n import DEFAULT_LANGUAGE, translator
from heritage.sources import DEFAULT_DATA, DataFileError, data_path, load_sites
from heritage.store import NewObservation, Store, StoreError
from heritage.terminal import terminal_safe


def _view(args: argparse.Namespace) -> tuple[Dataset, links.Parsed]:
    """The dataset and the view a QUERY names (as a link does); notes about it go to standard error."""
    dataset = Dataset.load(args.data or data_path(), _store_or_none(), BaseCache())
    parsed = links.parse_query(args.query, regions=dataset.regions)
    for note in parsed.notes:
        print(note, file=sys.stderr)
    return dataset, parsed


def _export(args: argparse.Namespace) -> int:
    """The view's sites in one of export.writers()' formats, as the Sites table's downloads write them."""
    dataset, parsed = _view(args)
    shown = dataset.sites[dataset.mask(parsed.state.site_filter)]
    write = export.writers()[args.format][1]
    content = write(shown, dataset.observations, licences.is_shipped(Path(args.data or data_path())))
    Path(args.out).write_bytes(content)
    print(f"Wrote {args.out}: {len(shown):,} sites, {len(content):,} bytes")
    return 0


def _brief(args: argparse.Namespace) -> int:
    dataset, parsed = _view(args)
    path = Path(args.data or data_path())
    language = parsed.state.language or DEFAULT_LANGUAGE
    briefing = Briefing(
        parsed.state.site_filter,
        live_url=args.live_url,
        selected=parsed.state.site,
        language=language,
        title=titles.title(translator(language), titles.file_title(path)),
        shipped_sources=path.resolve() == DEFAULT_DATA.resolve(),
    )
    page = briefing_html(dataset, briefing)
    Path(args.out).write_text(page, encoding="utf-8")
    print(f"Wrote {args.out} ({len(page.encode()):,} bytes)")
    return 0


def _store_or_none() -> Store | None:
    """The current state, observations included, when the store answers.

    Opened as the app opens it: the shipped condition record is loaded into the store first
    (idempotent), so a command on a store the app has not opened yet shows the same sites.
    """
    try:
        store = Store()
        with contextlib.suppress(StoreError):  # read-only: read what is there
            load_shipped(store)
        return store
    except Exception as error:  # a report must still be written when the store is down
        print(
            f"The observation store cannot be reached ({type(error).__name__}); using the base data.", file=sys.stderr
        )
        return None


def _validate(args: argparse.Namespace) -> int:
    """Exit 0 when valid, 1 when some records have problems, 2 when the file cannot be read."""
    bar = _ProgressBar(sys.stderr)
    try:
        result = load_sites(args.file, bar if bar.shown else None, keep_sites=False)
    except DataFileError as error:
        bar.close()
        print(terminal_safe(error))
        return 2
    bar.close()
    for problem in result.problems:
        print(terminal_safe(problem))
    valid = result.valid
    print(f"{result.records_read:,} records: {valid:,} valid, {len(result.problems):,} with problems.")
    return 1 if result.problems else 0


class _ProgressBar:
    """A one-line progress bar on a terminal's standard error; nothing when output goes to a file."""

    WIDTH = 30

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.shown = stream.isatty()
        self.drawn = False

    def __call__(self, fraction: float, records: int) -> None:
        filled = int(fraction * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\rChecking [{bar}] {fraction:4.0%}  {records:,} records")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _add_editor(args: argparse.Namespace) -> int:
    password = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("Again: ") != password:
        print("The passwords differ; nothing was written.")
        return 1
    try:
        add_editor(args.name, password)
    except ValueError as error:
        print(error)
        return 1
    print(f"Editor {args.name} written to {SECRETS}. Restart the dashboard to use it.")
    return 0


def _observe(args: argparse.Namespace) -> int:
    """Record one observation (status, progress and designations in one submission); exit 1 if refused.

    The Edit page's rules: the same validation, all or nothing, and a revision per site.
    A script has seen no earlier state, so it records against the site's latest revision
    (`Store.record_latest`): a concurrent write never loses it, because an observation is a
    dated, sourced statement that overwrites nothing.
    """
    try:
        observed = dt.date.fromisoformat(args.observed) if args.observed else dt.date.today()
    except ValueError:
        return _refused(f"observed: '{args.observed[:40]}' is not a date (YYYY-MM-DD)")
    values = {"status": args.status, "restoration_progress": args.progress, "designations": args.designations}
    given = {field: value for field, value in values.items() if value is not None}
    if not given:
        return _refused("nothing to record: give --status, --progress or --designations")
    try:
        store = Store()
        if args.site_id not in set(Dataset.load(args.data or data_path(), store).sites["id"]):
            return _refused(f"site: there is no site '{args.site_id[:100]}' in the data")
        new = [
            NewObservation(args.site_id, field, value, observed, args.source, args.author, args.source_url, args.note)
            for field, value in given.items()
        ]
        ids = store.record_latest(new)
    except (StoreError, DataFileError) as error:
        return _refused(str(error))
    print(f"Recorded {len(ids)} observation{'s' if len(ids) > 1 else ''} for {args.site_id}: "
          + ", ".join(f"#{i}" for i in ids))  # fmt: skip
    return 0


def _refused(reason: str) -> int:
    print(f"Refused, nothing recorded: {reason}", file=sys.stderr)
    return 1


def _history(args: argparse.Namespace) -> int:
    """The site's observations, oldest first: date, field, value, source, author (tab-separated).

    Undated notes (a statement whose page carries no date) cannot be ordered: they come last,
    dated "undated". Stored text is printed with its control characters escaped.
    """
    try:
        rows = Store().observations(args.site_id)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    for row in _oldest_first(rows).itertuples():
        withdrawal = row.field == "withdrawal"
        value = f"withdraws #{row.withdraws}" if withdrawal else _shown(row.value)
        observed = row.observed.isoformat() if row.observed is not None else "undated"
        line = [observed, row.field, value, row.source, row.author]
        print("\t".join(terminal_safe(" ".join(str(part).split())) for part in line))  # one line each
    return 0


def _oldest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """By observed date, then in the order recorded; undated notes last."""
    if rows.empty:
        return rows
    dated = rows["observed"].notna()
    return pd.concat([rows[dated].sort_values(["observed", "id"], kind="stable"), rows[~dated].sort_values("id")])


def _shown(value: object) -> str:
    """40.0 as 40, a list of designations comma-separated, text as it is."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ",".join(map(str, value))
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m heritage", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    brief = commands.add_parser("brief", help="write the briefing snapshot of a view as one HTML file")
    brief.add_argument("query", nargs="?", default="", help="URL-style view, e.g. 'status=damaged&year=2000-2019'")
    brief.add_argument("--out", default="briefing.html", help="file to write (default: briefing.html)")
    brief.add_argument("--data", help="GeoJSON or CSV of sites (default: HERITAGE_DATA or the shipped data)")
    brief.add_argument("--live-url", help="link back to the live dashboard, written into the file")
    brief.set_defaults(run=_brief)
    exporting = commands.add_parser(
        "export", help="write the sites of a view as CSV, GeoJSON, Excel, GeoPackage or JSON-LD"
    )
    exporting.add_argument("query", nargs="?", default="", help="URL-style view, e.g. 'status=damaged&year=2000-2019'")
    exporting.add_argument("--format", required=True, choices=sorted(export.writers()), help="the file format")
    exporting.add_argument("--out", required=True, help="file to write")
    exporting.add_argument("--data", help="GeoJSON or CSV of sites (default: HERITAGE_DATA or the shipped data)")
    exporting.set_defaults(run=_export)
    validate = commands.add_parser("validate", help="check a GeoJSON or CSV file against the site record")
    validate.add_argument("file")
    validate.set_defaults(run=_validate)
    editor = commands.add_parser("add-editor", help="add or replace an editor in .streamlit/secrets.toml")
    editor.add_argument("name")
    editor.set_defaults(run=_add_editor)
    observe = commands.add_parser("observe", help="record one observation of a site, as on the Edit page")
    observe.add_argument("site_id")
    observe.add_argument("--status", help="e.g. under_restoration")
    observe.add_argument("--progress", help="restoration progress, 0 to 100")
    observe.add_argument("--designations", help="comma-separated, e.g. unesco_world,national")
    observe.add_argument("--source", required=True, help="the report, decision or image this rests on")
    observe.add_argument("--source-url", help="http(s) link to the source")
    observe.add_argument("--author", required=True, help="who records it")
    observe.add_argument("--observed", help="YYYY-MM-DD (default: today)")
    observe.add_argument("--note")
    observe.add_argument("--data", help="GeoJSON or CSV of sites (default: HERITAGE_DATA or the shipped data)")
    observe.set_defaults(run=_observe)
    history = commands.add_parser("history", help="print a site's observations, oldest first")
    history.add_argument("site_id")
    history.set_defaults(run=_history)
    args = parser.parse_args(argv)
    return args.run(args)
