"""argparse in Indonesian for `ikm score`: help page, usage line and one-line errors.

`ikm score` keeps its own argparse parser (no typer: start-up counts), so it cannot share the
typer layer of ikm/cli/language.py; this module gives argparse the same words. argparse's
errors have no fields, only their (English) sentence, so its few forms are told apart by it,
with an Indonesian fallback.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

#: Flags kept from before the command line spoke Indonesian; they work, help lists them apart.
OLD_NAMES = frozenset({"--weight"})


class IndonesianHelp(argparse.HelpFormatter):
    """`Penggunaan:` and the options under their Indonesian names only."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        """The usage line starts with `Penggunaan: `."""
        super().add_usage(usage, actions, groups, prefix="Penggunaan: ")

    def _format_action_invocation(self, action: argparse.Action) -> str:
        """`--bobot BOBOT` without its old English name."""
        shown = [name for name in action.option_strings if name not in OLD_NAMES]
        if not shown or action.nargs == 0:
            return ", ".join(shown) or super()._format_action_invocation(action)
        return f"{', '.join(shown)} {self._format_args(action, action.dest.upper())}"


class IndonesianParser(argparse.ArgumentParser):
    """A parser whose help is Indonesian and whose errors are one line, exit 2."""

    def __init__(self, prog: str, description: str) -> None:
        super().__init__(
            prog=prog, description=description, formatter_class=IndonesianHelp, add_help=False
        )
        self._positionals.title = "Argumen"
        self._optionals.title = "Opsi"
        self.add_argument("-h", "--help", action="help", help="Tampilkan bantuan ini lalu keluar.")

    def error(self, message: str) -> NoReturn:
        """One line: what is wrong and where the help is."""
        self.exit(2, f"Gagal: {error_text(message)}. Bantuan: {self.prog} -h\n")

    def print_help(self, file=None) -> None:  # type: ignore[no-untyped-def]
        """The help page on stdout."""
        super().print_help(file or sys.stdout)


#: argparse's error sentences (Python 3.11–3.13) and their Indonesian forms.
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"^the following arguments are required: (?P<a>.*)$", "argumen wajib belum diisi: {a}"),
        (r"^unrecognized arguments: (?P<a>.*)$", "argumen tidak dikenal: {a}"),
        (r"^argument (?P<a>\S+): expected one argument$", "opsi {a} perlu nilai"),
        (r"^argument (?P<a>\S+): expected .*argument", "opsi {a} perlu nilai"),
        (r"^argument (?P<a>\S+): invalid \S+ value: (?P<b>.*)$", "nilai tidak sah untuk {a}: {b}"),
        (r"^argument (?P<a>\S+): ignored explicit argument (?P<b>.*)$", "opsi {a} tanpa nilai"),
        (r"^ambiguous option: (?P<a>\S+) could match (?P<b>.*)$", "opsi {a} bisa berarti {b}"),
    )
)


def error_text(message: str) -> str:
    """argparse's error in Indonesian; an unknown form as a general line."""
    for pattern, words in ERRORS:
        if found := pattern.match(message):
            named = found.groupdict()
            named["a"] = named["a"].split("/")[0]  # an option by its first (Indonesian) name
            return words.format(**named)
    return "perintah tidak dapat dibaca"
