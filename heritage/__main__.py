"""Command line: `python -m heritage brief ...` (and, later, other commands)."""

from heritage.cli import main

raise SystemExit(main())
