"""The command line, for scheduled reports and for checking files before they are loaded.

python -m heritage brief --out briefing.html "status=damaged&year=2000-2019"
python -m heritage validate FILE
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs

from heritage import links
from heritage.auth import SECRETS, add_editor
from heritage.briefing import Briefing, briefing_html
from heritage.cache import BaseCache
from heritage.dataset import Dataset
from heritage.sources import DataFileError, data_path, load_sites
from heritage.store import Store


def _brief(args: argparse.Namespace) -> int:
    params = parse_qs(args.query.lstrip("?"), keep_blank_values=False)
    dataset = Dataset.load(args.data or data_path(), _store_or_none(), BaseCache())
    parsed = links.parse(params, regions=dataset.regions)
    for note in parsed.notes:
        print(note, file=sys.stderr)
    page = briefing_html(
        dataset, Briefing(parsed.state.site_filter, live_url=args.live_url, selected=parsed.state.site)
    )
    Path(args.out).write_text(page, encoding="utf-8")
    print(f"Wrote {args.out} ({len(page.encode()):,} bytes)")
    return 0


def _store_or_none() -> Store | None:
    """The briefing shows the current state, observations included, when the store answers."""
    try:
        return Store()
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
        print(error)
        return 2
    bar.close()
    for problem in result.problems:
        print(problem)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m heritage", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    brief = commands.add_parser("brief", help="write the briefing snapshot of a view as one HTML file")
    brief.add_argument("query", nargs="?", default="", help="URL-style view, e.g. 'status=damaged&year=2000-2019'")
    brief.add_argument("--out", default="briefing.html", help="file to write (default: briefing.html)")
    brief.add_argument("--data", help="GeoJSON or CSV of sites (default: HERITAGE_DATA or the shipped data)")
    brief.add_argument("--live-url", help="link back to the live dashboard, written into the file")
    brief.set_defaults(run=_brief)
    validate = commands.add_parser("validate", help="check a GeoJSON or CSV file against the site record")
    validate.add_argument("file")
    validate.set_defaults(run=_validate)
    editor = commands.add_parser("add-editor", help="add or replace an editor in .streamlit/secrets.toml")
    editor.add_argument("name")
    editor.set_defaults(run=_add_editor)
    args = parser.parse_args(argv)
    return args.run(args)
