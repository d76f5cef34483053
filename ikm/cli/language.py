"""The `ikm` command line in Indonesian: help pages and one-line errors for every command.

Typer 0.29 carries its own copy of click (`typer._click`) with its words in English and no
gettext hook, so nothing is translated in place: the root group (`IkmGroup`, the app's `cls`)
gives every command of its tree, sub-apps and commands added later included, a context whose
help page is written here, and turns every usage error into one Indonesian line from the
error's class and fields (a few of typer's plain usage errors are told apart by their words,
with an Indonesian fallback). `-h` and `--help` come from the root's context settings.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer._click import core as click_core
from typer._click import exceptions as click_errors
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup, TyperOption

HELP_OPTIONS = ["-h", "--help"]
#: Flags kept from before the command line spoke Indonesian: they work, help lists them apart.
OLD_NAMES = frozenset({"--period", "--weight", "--out", "--dry-run"})


class IkmContext(click_core.Context):
    """A context whose help page and usage line are Indonesian."""

    def get_help(self) -> str:
        """The command's help page (usage, text, arguments, options, commands)."""
        return help_page(self)

    def get_usage(self) -> str:
        """`Penggunaan: ikm … [OPSI] ARGUMEN`."""
        return usage_line(self)


class IkmGroup(TyperGroup):
    """The root of `ikm`: Indonesian help everywhere below it, errors as one line."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; a usage error is one line on stderr and exit 2, help exit 0."""
        speak_indonesian(self)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as shown:  # `ikm`, `ikm roster`: the help page
            typer.echo(shown.ctx.get_help())
            code = 0
        except click_errors.ClickException as exc:
            if not standalone_mode:
                raise
            typer.echo(f"Gagal: {error_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("Dibatalkan.", err=True)
            sys.exit(1)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def speak_indonesian(command: click_core.Command) -> None:
    """Give `command` and every command below it the Indonesian context."""
    command.context_class = IkmContext
    for child in getattr(command, "commands", {}).values():
        speak_indonesian(child)


def metavar(param: click_core.Parameter) -> str:
    """The placeholder of a value: its own, else the parameter's (Indonesian) name in capitals."""
    return param.metavar or (param.name or "nilai").upper().replace("_", "-")


def usage_line(ctx: click_core.Context) -> str:
    """`Penggunaan: ikm roster import [OPSI] BERKAS`."""
    formatter = HelpFormatter()
    formatter.write_usage(ctx.command_path, " ".join(usage_pieces(ctx)), prefix="Penggunaan: ")
    return formatter.getvalue().rstrip("\n")


def usage_pieces(ctx: click_core.Context) -> list[str]:
    """What follows the command's name on its usage line."""
    command = ctx.command
    pieces = ["[OPSI]"]
    for param in command.params:
        if isinstance(param, TyperArgument):
            name = metavar(param) + ("…" if param.nargs == -1 else "")
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append("PERINTAH [ARGUMEN]…")
    return pieces


def help_page(ctx: click_core.Context) -> str:
    """The whole help page of the context's command."""
    command = ctx.command
    formatter = HelpFormatter()
    formatter.write(usage_line(ctx) + "\n")
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.help.partition("\f")[0].strip())
    arguments = [p for p in command.params if isinstance(p, TyperArgument)]
    if arguments:
        with formatter.section("Argumen"):
            formatter.write_dl([(metavar(p), argument_help(p)) for p in arguments])
    with formatter.section("Opsi"):
        rows = [option_row(p) for p in command.params if isinstance(p, TyperOption)]
        rows.append((", ".join(ctx.help_option_names), "Tampilkan bantuan ini lalu keluar."))
        formatter.write_dl([row for row in rows if row[0]])
    if isinstance(command, TyperGroup):
        names = [n for n in command.list_commands(ctx) if not command.commands[n].hidden]
        if names:
            with formatter.section("Perintah"):
                formatter.write_dl([(n, short_help(command.commands[n])) for n in names])
    return formatter.getvalue().rstrip("\n")


def short_help(command: click_core.Command) -> str:
    """A command's line in its group's list: its short help, else its help's first sentence."""
    text = command.short_help or (command.help or "").partition("\f")[0]
    first = " ".join(text.split())
    return re.split(r"(?<=[.;])\s", first, maxsplit=1)[0]


def argument_help(param: TyperArgument) -> str:
    """An argument's help, marked when it must be given."""
    text = param.help or ""
    return f"{text}  [wajib]" if param.required else text


def option_row(param: TyperOption) -> tuple[str, str]:
    """`--periode PERIODE` and its help, with default, [wajib] and the old names."""
    if param.hidden:
        return ("", "")
    names = [n for n in [*param.opts, *param.secondary_opts] if n not in OLD_NAMES]
    shown = ", ".join(names) + ("" if param.is_flag else f" {metavar(param)}")
    notes = [param.help or ""]
    if param.required:
        notes.append("[wajib]")
    elif not param.is_flag and param.default not in (None, "", ()):
        notes.append(f"[bawaan: {param.default}]")
    old = [n for n in param.opts if n in OLD_NAMES]
    if old:
        notes.append(f"(nama lama: {', '.join(old)})")
    return shown, "  ".join(n for n in notes if n)


def error_line(exc: click_errors.ClickException) -> str:
    """One Indonesian line for a usage error, with where to find help."""
    ctx = getattr(exc, "ctx", None)
    text = error_text(exc)
    if ctx is None:
        return text
    return f"{text}. Bantuan: {ctx.command_path} -h"


def error_text(exc: click_errors.ClickException) -> str:
    """What went wrong, from the error's class and fields."""
    if isinstance(exc, click_errors.MissingParameter):
        return missing_text(exc)
    if isinstance(exc, click_errors.BadParameter):
        return f"nilai tidak sah untuk {param_label(exc.param)}: {bad_value_text(exc)}"
    if isinstance(exc, click_errors.NoSuchOption):
        close = f" (mungkin {', '.join(sorted(exc.possibilities))})" if exc.possibilities else ""
        return f"opsi tidak dikenal: {exc.option_name}{close}"
    if isinstance(exc, click_errors.BadOptionUsage):
        return option_usage_text(exc)
    if isinstance(exc, click_errors.UsageError):
        return usage_text(exc)
    if isinstance(exc, click_errors.FileError):
        return f"berkas {exc.ui_filename} tidak dapat dibuka"
    return "perintah tidak dapat dijalankan"


def param_label(param: click_core.Parameter | None) -> str:
    """`--tahun` for an option, `BERKAS` for an argument."""
    if isinstance(param, TyperOption) and param.opts:
        return param.opts[0]
    return metavar(param) if param is not None else "nilai"


def missing_text(exc: click_errors.MissingParameter) -> str:
    """`argumen BERKAS belum diisi` / `opsi --jenis wajib diisi`, with the choices if any."""
    param = exc.param
    if isinstance(param, TyperOption):
        return f"opsi {param_label(param)} wajib diisi"
    return f"argumen {param_label(param)} belum diisi"


#: pydantic's error types (typer checks values with pydantic) in words.
VALUE_PROBLEMS = {
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "float_parsing": "harus bilangan",
    "bool_parsing": "harus ya atau tidak",
    "date_parsing": "harus tanggal",
    "date_from_datetime_parsing": "harus tanggal",
    "path_type": "bukan berkas yang dapat dipakai",
}
BOUNDS = {
    "greater_than_equal": ("paling kecil", "ge"),
    "greater_than": ("harus lebih dari", "gt"),
    "less_than_equal": ("paling besar", "le"),
    "less_than": ("harus kurang dari", "lt"),
}


def bad_value_text(exc: click_errors.BadParameter) -> str:
    """Why a value was refused: pydantic's error type in words, or our own message."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return exc.message
    first: dict[str, Any] = (errors() or [{}])[0]
    kind = str(first.get("type", ""))
    value = first.get("input")
    given = f"'{value}' " if isinstance(value, str | int | float) else ""
    if kind in BOUNDS:
        words, key = BOUNDS[kind]
        return f"{given}{words} {first.get('ctx', {}).get(key)}".strip()
    return f"{given}{VALUE_PROBLEMS.get(kind, 'tidak dapat dibaca')}".strip()


def option_usage_text(exc: click_errors.BadOptionUsage) -> str:
    """An option given without its value, or a flag given one (the parser raises both
    without a context, so its words tell them apart)."""
    if "does not take a value" in exc.message:
        return f"opsi {exc.option_name} tidak menerima nilai"
    if "requires" in exc.message:
        return f"opsi {exc.option_name} perlu nilai"
    return f"opsi {exc.option_name} tidak dapat dibaca"


#: typer's plain usage errors have no fields: told apart by their words.
NO_SUCH_COMMAND = re.compile(r"No such command '(?P<name>.*?)'")
EXTRA_ARGUMENTS = re.compile(r"unexpected extra argument\S* \((?P<args>.*)\)$")


def usage_text(exc: click_errors.UsageError) -> str:
    """An unknown command, extra arguments, a missing command; else a general line."""
    message = exc.format_message()
    if found := NO_SUCH_COMMAND.search(message):
        return unknown_command_text(found["name"], exc.ctx)
    if found := EXTRA_ARGUMENTS.search(message):
        return f"argumen berlebih: {found['args']}"
    if exc.ctx is not None and isinstance(exc.ctx.command, TyperGroup):
        return f"perintah kurang: pilih salah satu dari {', '.join(exc.ctx.command.commands)}"
    return "perintah tidak dapat dibaca"


def unknown_command_text(name: str, ctx: click_core.Context | None) -> str:
    """`perintah tidak dikenal: x (mungkin …)`, the close names from the group itself."""
    known = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
    close = get_close_matches(name, known)
    hint = f" (mungkin {', '.join(close)})" if close else ""
    return f"perintah tidak dikenal: {name}{hint}"
