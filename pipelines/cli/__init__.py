"""Command line: python -m pipelines COMMAND [--warehouse PATH] (build_parser lists every command)."""

from pipelines.cli.main import build_parser, main
from pipelines.cli.output import json_text, table, terminal_safe

__all__ = ["build_parser", "json_text", "main", "table", "terminal_safe"]
