"""The command line: ``nslint check``, ``config``, ``rules``, ``explain``, ``schema``.

Exit codes: 0 no finding at or above the fail threshold, 1 findings, 2 usage error,
unreadable path or internal error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import json
import math
import os
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import click

from nslint import __version__, display
from nslint.diagnostics import Severity
from nslint.errors import UsageError, one_line
from nslint.formats import FORMATS
from nslint.release import Release
from nslint.values import close_matches, counted

if TYPE_CHECKING:
    from nslint import sdf
    from nslint.cache import Cache
    from nslint.config import Config
    from nslint.discovery import FileFilter
    from nslint.results import FileResult, Settings
    from nslint.ruleset import RuleSet

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_SELECTOR = re.compile(r"[A-Z]+[0-9]*")
_CODE = re.compile(r"[A-Z]+[0-9]+")


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    """A size such as ``20971520``, ``512KiB`` or ``20MB`` (powers of 1024)."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        from nslint.source import parse_size

        try:
            return parse_size(value if isinstance(value, int) else str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C): 128 + SIGINT, as shells report a command the signal ended."""

_DEBUG = "nslint.debug"
"""The key of ``ctx.meta`` (shared by every nested context) that ``--debug`` sets."""


class _Command(click.Group):
    """The ``nslint`` group: every way a run can end becomes an exit code and a message.

    click's own exceptions keep their behaviour (a usage error exits 2, ``Abort`` 1). On
    top of them: Ctrl-C exits 130 with one line; a closed standard output (``| head``)
    ends the run quietly, as Python's documented recipe does (exit 1: the output was
    not delivered); any other error writing the output (a full disk) and any unexpected
    exception print one line and exit 2, with the traceback only under ``--debug``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            interrupted()
        except OSError as error:
            if error.errno == errno.EPIPE:
                _silence_stdout()
                sys.exit(EXIT_FINDINGS)
            if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EBADF):
                _internal_error(error, ctx)
            _silence_stdout()
            reason = error.strerror or str(error)
            _stderr(f"nslint: error: cannot write the output: {reason}")
            sys.exit(EXIT_ERROR)
        except Exception as error:
            _internal_error(error, ctx)


def interrupted() -> NoReturn:
    """Ctrl-C: one line, and exit 130."""
    _stderr("nslint: interrupted")
    sys.exit(EXIT_INTERRUPTED)


def _internal_error(error: BaseException, ctx: click.Context) -> NoReturn:
    """One line about an unexpected exception (the traceback with --debug), exit 2."""
    hint = " (run with --debug for the traceback)"
    if ctx.meta.get(_DEBUG):
        import traceback

        _stderr("".join(traceback.format_exception(error)).rstrip("\n"))
        hint = ""
    _stderr(f"nslint: internal error: {display.escape(one_line(error))}{hint}")
    sys.exit(EXIT_ERROR)


def _stderr(text: str) -> None:
    """Write a line to stderr; a stderr that cannot be written to is not an error more."""
    with contextlib.suppress(OSError, ValueError):
        click.echo(text, err=True)


def _silence_stdout() -> None:
    """After standard output failed (a closed pipe, a full disk), send what is left in
    its buffer, and anything written later, to the null device: Python's flush at exit
    would fail again and print its own traceback."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests capture it)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # lives until the process ends
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


_PIECE = 65536


def _echo(text: str, color: bool | None = None) -> None:
    """Print a command's output in pieces of whole lines of about 64 KiB. Python takes
    a single write that a closing pipe cuts short as complete (the rest is silently
    lost, exit 0); in pieces, the next one meets the closed pipe (EPIPE: exit 1)."""
    if sys.stdout is None:  # started with standard output closed
        raise OSError(errno.EBADF, "standard output is closed")
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        click.echo(text[start:end], nl=False, color=color)
        start = end


def _debug_option(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_DEBUG] = True
    return value


_debug_flag = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    callback=_debug_option,
    help="Show tracebacks of internal errors.",
)
"""``--debug`` for a command that does not take it as a parameter (``check`` does)."""


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="nslint")
def main() -> None:
    """Lint NetSuite integration specs (YAML) against their schema and policy rules."""


def _fail(message: str) -> NoReturn:
    """Report a setup problem (configuration, rule pack, flag value) and exit 2."""
    for line in message.splitlines():
        click.echo(f"nslint: error: {display.escape(line)}", err=True)
    sys.exit(EXIT_ERROR)


def _codes(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    codes = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    for code in codes:
        if not _SELECTOR.fullmatch(code):
            raise click.BadParameter(f"{code!r} is not a rule code or prefix (such as NS301, NS3)")
    return codes


def _globs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(glob.strip() for value in values for glob in value.split(",") if glob.strip())


def _pairs(
    values: tuple[str, ...], separator: str, form: str, first: bool = False
) -> list[tuple[str, str]]:
    """Split each ``LEFT<separator>RIGHT`` (at the first or the last separator)."""
    pairs = []
    for value in values:
        split = value.partition if first else value.rpartition
        left, found, right = split(separator)
        if not found or not left.strip() or not right.strip():
            raise click.BadParameter(f"{value!r} is not of the form {form}")
        pairs.append((left.strip(), right.strip()))
    return pairs


def _severities(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, Severity]:
    result = {}
    for code, level in _pairs(values, "=", "CODE=error|warning|notice"):
        _codes(ctx, param, (code,))
        if level.lower() not in ("error", "warning", "notice"):
            raise click.BadParameter(f"{level!r} is not a severity: error, warning or notice")
        result[code] = Severity.parse(level)
    return result


def _per_file_ignores(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    return {glob: _codes(ctx, param, (codes,)) for glob, codes in _pairs(values, ":", "GLOB:CODES")}


def _rule_options(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for target, raw in _pairs(values, "=", "CODE.OPTION=VALUE", first=True):
        code, dot, name = target.partition(".")
        if not dot or not _CODE.fullmatch(code) or not name:
            raise click.BadParameter(
                f"{target!r} is not of the form CODE.OPTION (such as NS201.max)"
            )
        try:
            value = json.loads(raw, parse_constant=_not_json, parse_float=_finite)
        except (ValueError, RecursionError):
            value = raw  # not JSON: the text itself, as in NS201.style=snake
        try:  # a byte that is not UTF-8, or a JSON "\ud800": no schema can read it
            json.dumps(value, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise click.BadParameter(
                f"{target}: the value is not UTF-8 text (it holds a byte that is not "
                "UTF-8 or a lone surrogate such as \\ud800)"
            ) from None
        result.setdefault(code, {})[name] = value
    return result


def _not_json(text: str) -> float:
    """``NaN`` and ``Infinity``, which Python's JSON reader takes: no option is one."""
    raise ValueError(f"{text} is not JSON")


def _finite(text: str) -> float:
    """A JSON number read as a float, if it is finite (``1e999`` is not)."""
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number")
    return number


_CONFIG_OPTIONS = (
    click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Use this configuration file (.nslint.yaml or pyproject.toml) instead of the "
        "nearest one.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    click.option(
        "--release",
        metavar="YYYY.N",
        callback=lambda ctx, param, value: _release(value),
        help="The NetSuite release the specs target (default: the one current today).",
    ),
    click.option(
        "--select", multiple=True, callback=_codes, metavar="CODES", help="Run only these rules."
    ),
    click.option(
        "--extend-select",
        multiple=True,
        callback=_codes,
        metavar="CODES",
        help="Run these rules too (such as rules that are off by default).",
    ),
    click.option(
        "--ignore", multiple=True, callback=_codes, metavar="CODES", help="Do not run these rules."
    ),
    click.option(
        "--severity",
        multiple=True,
        callback=_severities,
        metavar="CODE=LEVEL",
        help="Override a rule's severity (error, warning, notice).",
    ),
    click.option(
        "--per-file-ignores",
        multiple=True,
        callback=_per_file_ignores,
        metavar="GLOB:CODES",
        help="Do not report these rules in the files the glob matches.",
    ),
    click.option(
        "--include", multiple=True, callback=_globs, metavar="GLOBS", help="Files a walk checks."
    ),
    click.option(
        "--exclude",
        multiple=True,
        callback=_globs,
        metavar="GLOBS",
        help="Paths a walk skips, instead of the default list (see `nslint config`).",
    ),
    click.option(
        "--extend-exclude",
        multiple=True,
        callback=_globs,
        metavar="GLOBS",
        help="Paths a walk skips, on top of --exclude.",
    ),
    click.option(
        "--respect-gitignore/--no-respect-gitignore",
        default=None,
        help="Skip what Git ignores (.gitignore, .git/info/exclude, core.excludesFile) "
        "[default: respect].",
    ),
    click.option(
        "--max-file-size",
        type=ByteSize(),
        help="Files larger than this are reported (NS008) and not parsed [default: 10MiB].",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(["error", "warning", "notice"]),
        help="The lowest severity that makes nslint exit 1 (default: error).",
    ),
    click.option(
        "--rule-option",
        "rule_options",
        multiple=True,
        callback=_rule_options,
        metavar="CODE.OPTION=VALUE",
        help="Set a rule's option, such as NS201.max=24.",
    ),
    click.option(
        "--rule-pack",
        "rule_packs",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Load an organisation rule pack (instead of the configured ones).",
    ),
    click.option(
        "--baseline",
        "baseline_file",
        type=click.Path(dir_okay=False),
        help="Do not report the findings recorded in this baseline file.",
    ),
    click.option(
        "--sdf-project",
        "sdf_project",
        type=click.Path(file_okay=False),
        help="Check the specs against this SuiteCloud (SDF) project's integration objects.",
    ),
    click.option(
        "--plugin",
        "plugins",
        multiple=True,
        metavar="NAME",
        help="Load an installed plugin (instead of the configured ones).",
    ),
)
_CONFIG_PARAMS = (
    "config_file",
    "isolated",
    "release",
    "select",
    "extend_select",
    "ignore",
    "severity",
    "per_file_ignores",
    "include",
    "exclude",
    "extend_exclude",
    "respect_gitignore",
    "fail_on",
    "max_file_size",
    "rule_options",
    "rule_packs",
    "plugins",
    "baseline_file",
    "sdf_project",
)


@dataclass(frozen=True, eq=False)
class Setup:
    """The configuration a command runs with: the file's, then the command line's."""

    config: Config
    recipe: tuple[str, str | None, bool, dict[str, Any]]
    """How to configure the same run again (in a worker process)."""

    @functools.cached_property
    def rules(self) -> RuleSet:
        """The rule set, loaded when first needed: a check whose every file is cached
        (under a key only a valid configuration was stored with) needs none."""
        from nslint import ruleset

        try:
            return ruleset.for_config(self.config)
        except UsageError as error:
            _fail(str(error))

    @property
    def problems(self) -> tuple[str, ...]:
        """The plugins that failed to load (only plugins can fail so)."""
        return self.rules.registry.problems if self.config["plugins"] else ()

    @functools.cached_property
    def walk(self) -> FileFilter:
        """Which files a directory walk takes."""
        from nslint import ruleset

        try:
            return ruleset.walk_filter(self.config)
        except UsageError as error:
            _fail(str(error))


def with_config(
    command: Callable[..., None], lazy_rules: bool = False, debug: bool = True
) -> Callable[..., None]:
    """Give a command the configuration options; it receives ``setup`` instead of them.
    The rule set is loaded (and checked against the configuration) before the command
    runs, unless ``lazy_rules``: then the command loads it when it needs it. With
    ``debug``, it gets a ``--debug`` option too (``check`` has its own)."""

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        given = {name: kwargs.pop(name) for name in _CONFIG_PARAMS}
        setup = _setup(given)
        if not lazy_rules:
            setup.rules  # noqa: B018  # a broken configuration fails before any output
        command(setup=setup, **kwargs)
        # `check` exits by itself, reporting these; the other commands end here.
        if setup.problems:
            _fail("\n".join(setup.problems))

    for option in reversed(_CONFIG_OPTIONS):
        wrapper = option(wrapper)
    return _debug_flag(wrapper) if debug else wrapper


def _setup(given: dict[str, Any]) -> Setup:
    from nslint.config import load

    if given["isolated"] and given["config_file"]:
        _fail("--config and --isolated cannot be used together")
    overrides = {
        "release": given["release"],
        "select": given["select"] or None,
        "extend-select": given["extend_select"],
        "ignore": given["ignore"],
        "severity": given["severity"],
        "per-file-ignores": given["per_file_ignores"],
        "include": given["include"] or None,
        "exclude": given["exclude"] or None,
        "extend-exclude": given["extend_exclude"] or None,
        "respect-gitignore": given["respect_gitignore"],
        "fail-on": Severity.parse(given["fail_on"]) if given["fail_on"] else None,
        "max-file-size": given["max_file_size"],
        "rules": given["rule_options"],
        "rule-packs": tuple(os.path.normpath(p) for p in given["rule_packs"]) or None,
        "plugins": given["plugins"] or None,
        "baseline": os.path.normpath(given["baseline_file"]) if given["baseline_file"] else None,
        "sdf-project": os.path.normpath(given["sdf_project"]) if given["sdf_project"] else None,
    }
    recipe = (os.getcwd(), given["config_file"], given["isolated"], overrides)
    try:
        config = load(*recipe)
    except UsageError as error:
        _fail(str(error))
    return Setup(config, recipe)


PROGRESS_THRESHOLD = 300
"""More files than this, on a terminal, get a progress bar on stderr."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    help="How to print findings [default: text; on GitHub Actions, text and annotations].",
)
@click.option(
    "--output",
    "-o",
    "output_file",
    type=click.Path(dir_okay=False),
    help="Write the --format output to FILE (the terminal gets text).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output (auto: when writing to a terminal and NO_COLOR is unset).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="Read a spec from standard input (PATH '-', implied when no PATH is given) and "
    "report it as NAME.",
)
@click.option(
    "--show-suppressed",
    is_flag=True,
    help="Also print the findings that # nslint: disable comments suppressed, with reasons.",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule has, instead of the findings.",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Record today's findings in FILE, for --baseline, and exit 0.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply include/exclude to files named on the command line too (for pre-commit).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when there are findings (usage and internal errors still exit 2).",
)
@click.option(
    "--summary",
    is_flag=True,
    help="Append the inventory (Markdown) to $GITHUB_STEP_SUMMARY: the CI job's page.",
)
@click.option("--fix", is_flag=True, help="Apply the fixes that cannot change meaning.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff, also apply fixes that change meaning (http:// -> https://).",
)
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a diff; write nothing.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes to check files with (0: one per core).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file again, without reading or writing .nslint_cache/.",
)
@click.option(
    "--debug",
    is_flag=True,
    callback=_debug_option,
    help="Show tracebacks of internal errors.",
)
@functools.partial(with_config, lazy_rules=True, debug=False)
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    color: str,
    stdin_filename: str | None,
    show_suppressed: bool,
    statistics: bool,
    write_baseline: str | None,
    force_exclude: bool,
    exit_zero: bool,
    summary: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    jobs: int,
    no_cache: bool,
    debug: bool,
    setup: Setup,
) -> None:
    """Check integration specs: files, directories (*.yaml, *.yml), or - for stdin.

    With no PATH, the current directory is checked (standard input with
    --stdin-filename).
    """
    from nslint.formats import MACHINE_FORMATS, Style, renderer, repository_root
    from nslint.results import Settings

    stdout_format = "text" if output_file else (output_format or "text")
    if statistics and stdout_format not in ("text", "concise"):
        _fail("--statistics prints text: use it with --output FILE for other formats")
    # Fingerprints are for reports and baselines: a hook's text output does without.
    fingerprints = bool(output_file or write_baseline or setup.config["baseline"]) or (
        stdout_format not in ("text", "concise")
    )
    fields: dict[str, Any] = {
        "max_file_size": setup.config["max-file-size"],
        "debug": debug,
        "fingerprints": fingerprints,
        "digests": not no_cache,
    }
    if setup.config["release"] is not None:
        fields["release"] = setup.config["release"]
    project = _sdf_project(setup.config)
    if project is not None:
        fields["sdf_scripts"] = project.scripts()
    quiet = stdout_format in MACHINE_FORMATS or bool(write_baseline)
    targets = _targets(paths, stdin_filename)
    fix_problems: list[str] = []
    if fix or show_diff:
        settings = Settings(rules=setup.rules, **fields)
        fix_problems = _fix(targets, settings, force_exclude, unsafe_fixes, show_diff, exit_zero)
    run = _Run(setup, fields, jobs, not no_cache, quiet)
    results = _check_all(targets, run, stdin_filename, force_exclude)
    if project is not None:  # after every spec: NS702 needs all their script ids
        from nslint import sdf

        results += sdf.results(project, sdf.spec_scripts(results), run.settings)
    problems = list(setup.problems)
    problems.extend(result.error for result in results if result.error is not None)
    for problem in problems:
        click.echo(f"nslint: error: {display.escape(problem)}", err=True)
    problems.extend(fix_problems)  # already printed
    if write_baseline:
        if not results:
            _nothing_found(targets, setup.config)
        _write_baseline(write_baseline, results, setup.rules)
        sys.exit(EXIT_ERROR if problems else EXIT_OK)
    if setup.config["baseline"] is not None:
        results = _apply_baseline(setup.config["baseline"], results, setup.rules)
    if not results:
        _nothing_found(targets, setup.config)
    use_color = _use_color(color)
    fail_on: Severity = setup.config["fail-on"]
    failed = any(d.severity >= fail_on for r in results for d in r.diagnostics)
    outcome = EXIT_FINDINGS if failed and not exit_zero else EXIT_OK
    exit_code = EXIT_ERROR if problems else outcome  # for SARIF's invocation
    style = Style(
        use_color, show_suppressed, fail_on, repository_root(), lambda: setup.rules, exit_code
    )
    if output_file:
        plain = dataclasses.replace(style, color=False)
        rendered = renderer(output_format or "text")(results, plain)
        _write_output(output_file, rendered, [*_inputs(setup), *(r.path for r in results)])
    if statistics:
        _echo(_statistics(results, setup.rules))
    else:
        _echo(renderer(stdout_format)(results, style), color=use_color)
    if summary:
        unwritten = _job_summary(targets, setup)
        if unwritten:
            problems.append(unwritten)
    if stdout_format == "text" and (output_format is None or output_file) and _on_github():
        _echo(renderer("github")(results, style))
    if problems:
        sys.exit(EXIT_ERROR)
    sys.exit(outcome)


def _sdf_project(config: Config) -> sdf.Project | None:
    """The SDF project of ``sdf-project``, read (None when the key is unset)."""
    path = config["sdf-project"]
    if path is None:
        return None
    from nslint import sdf

    try:
        return sdf.load(path, config["max-file-size"])
    except UsageError as error:
        _fail(str(error))


def _targets(paths: tuple[str, ...], stdin_filename: str | None) -> list[str]:
    """What ``check`` reads: the paths, or standard input when only --stdin-filename is
    given (as ruff does), or the current directory."""
    if not paths:
        return ["-"] if stdin_filename is not None else ["."]
    if stdin_filename is not None and "-" not in paths:
        _fail(
            "--stdin-filename names the spec read from standard input, but no PATH is -: "
            "add - to the paths, or give no PATH to check standard input alone"
        )
    return list(paths)


def _nothing_found(targets: list[str], config: Config) -> None:
    """Say on stderr that no file was checked at all (the exit code stays 0, as ruff's
    does for a directory without Python files)."""

    def shown(key: str) -> str:
        setting = config.settings[key]
        if isinstance(setting.value, bool):
            value = json.dumps(setting.value)
        elif key == "exclude" and setting.origin == "default":
            value = "nslint's list of non-spec paths (`nslint config` shows it)"
        else:
            value = ", ".join(json.dumps(glob) for glob in setting.value or ()) or "none"
        return display.escape(f"{key} is {value} ({setting.origin})")

    where = ", ".join(display.path(target) for target in targets)
    keys = ["include", "exclude", "extend-exclude", "respect-gitignore"]
    if not config["extend-exclude"]:
        keys.remove("extend-exclude")
    click.echo(
        f"nslint: warning: no spec files found in {where}, so nothing was checked; "
        + ", ".join(shown(key) for key in keys),
        err=True,
    )


@dataclass(frozen=True, eq=False)
class _Run:
    """What ``check`` runs with, beyond the paths."""

    setup: Setup
    fields: dict[str, Any]
    """The Settings fields besides the rules."""
    jobs: int
    cache: bool
    quiet: bool

    @functools.cached_property
    def settings(self) -> Settings:
        """The settings files are checked with; made (with the rule set) only when some
        file is not in the cache."""
        from nslint.results import Settings

        return Settings(rules=self.setup.rules, **self.fields)


def _check_all(
    targets: list[str], run: _Run, stdin_filename: str | None, force_exclude: bool
) -> list[FileResult]:
    """Every file's result, in a stable order: standard input here, files through the
    cache and the process pool, with a progress bar for long runs on a terminal."""
    from nslint.batch import Recipe, check_all
    from nslint.discovery import discover

    found: list[Any] = []
    for item in discover(targets, run.setup.walk, force_exclude, stdin_filename):
        if item != "-":
            found.append(item)
        elif None not in found:  # standard input is read once, however often it is named
            found.append(None)
    files = [item for item in found if item is not None]
    cache = _open_cache(run) if run.cache and files else None
    recipe = Recipe(*run.setup.recipe, settings=run.fields)
    checked = check_all(files, lambda: run.settings, recipe, run.jobs, cache)
    if cache is None:
        run.settings  # noqa: B018  # checks the configuration even when no file is given

    def result_of(item: str | None) -> FileResult:
        if item is None:
            from nslint.engine import check_file

            return check_file("-", run.settings, stdin_filename or "<stdin>")
        return next(checked)

    if not run.quiet and len(found) > PROGRESS_THRESHOLD and _interactive():
        results = []
        with click.progressbar(length=len(found), label="Checking", file=sys.stderr) as bar:
            for item in found:
                results.append(result_of(item))
                bar.update(1)
    else:
        results = [result_of(item) for item in found]
    for _ in checked:  # let the cache be saved
        pass
    if cache is not None and cache.warning is not None:
        click.echo(f"nslint: warning: {display.escape(cache.warning)}", err=True)
    return results


def _open_cache(run: _Run) -> Cache:
    from nslint.cache import Cache, run_key

    config = run.setup.config
    return Cache(config.root, run_key(config, run.fields), lambda: run.setup.rules)


def _fix(
    targets: list[str],
    settings: Settings,
    force_exclude: bool,
    unsafe: bool,
    show_diff: bool,
    exit_zero: bool,
) -> list[str]:
    """--fix (then the check goes on with what is left; the problems it met are
    returned) or --diff (which ends the run)."""
    from nslint import fix
    from nslint.discovery import Missing, discover

    if "-" in targets:
        _fail("--fix and --diff work on files; standard input cannot be rewritten")
    fixed_count, files, problems, diffs = 0, 0, [], []
    # A named symbolic link is fixed at its target only inside the project or a
    # directory given (a walk takes no link leading out of the directory walked).
    trees = [settings.rules.walk.root, *(t for t in targets if os.path.isdir(t))]
    for found in discover(targets, settings.rules.walk, force_exclude):
        if isinstance(found, Missing):
            continue  # the check reports it
        fixed = fix.fix_file(found, settings, unsafe)
        if show_diff:
            diffs.append(fix.diff(fixed))
            if fixed.error:
                problems.append(fixed.error)
            continue
        problem = fix.write(fixed, trees)
        if isinstance(problem, fix.Skipped):
            click.echo(f"nslint: warning: {display.escape(problem)}", err=True)  # findings stand
        elif problem:
            problems.append(problem)
        elif fixed.fixed != fixed.original:
            fixed_count += fixed.count
            files += 1
    for problem in problems:
        click.echo(f"nslint: error: {display.escape(problem)}", err=True)
    if show_diff:
        _echo("".join(diffs))
        if problems:
            sys.exit(EXIT_ERROR)
        sys.exit(EXIT_FINDINGS if any(diffs) and not exit_zero else EXIT_OK)
    if fixed_count or files:
        click.echo(
            f"nslint: fixed {counted(fixed_count, 'finding')} in {counted(files, 'file')}",
            err=True,
        )
    return problems


def _job_summary(targets: list[str], setup: Setup) -> str | None:
    """--summary: append the Markdown inventory to the file GitHub shows on the job page;
    the problem, if it could not be written (it is printed: the run then exits 2)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        click.echo("nslint: --summary does nothing: GITHUB_STEP_SUMMARY is not set", err=True)
        return None
    text, _, read = _inventory(targets, setup, "markdown")
    spec = _an_input(target, read)
    if spec is not None:
        problem = (
            f"GITHUB_STEP_SUMMARY {target} is {spec}, a spec being checked: the summary "
            "is not appended to it"
        )
        click.echo(f"nslint: error: {display.escape(problem)}", err=True)
        return problem
    try:
        # Non-blocking: a FIFO nobody reads is an error (ENXIO), not a run that waits.
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
        with open(os.open(target, flags, 0o666), "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ENXIO:
            reason = "it is a FIFO that nothing reads"
        problem = f"cannot write {target}: {reason}"
        click.echo(f"nslint: error: {display.escape(problem)}", err=True)
        return problem
    return None


def _on_github() -> bool:
    """Running in GitHub Actions: the terminal's text gets annotations too."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _interactive() -> bool:
    """Whether a person watches stderr (a progress bar is worth drawing)."""
    return sys.stderr.isatty()


_STANDARD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR = re.compile(r"/(?:dev|proc/self)/fd/([0-9]{1,9})")


def _refuse_target(path: str, checked: Collection[str] = ()) -> None:
    """Fail rather than write ``-o`` or ``--write-baseline`` over a file this run
    read (the report would replace a spec, the configuration or a rule pack), or
    through a symbolic link, to the file or to a directory on its way, that lies in the
    project and leads outside it (a link committed to a repository must not make a CI
    run write anywhere else)."""
    from nslint.discovery import relative_path
    from nslint.formats import repository_root

    root = repository_root()
    absolute, resolved = os.path.abspath(path), os.path.realpath(path)
    inside = root.rstrip(os.sep) + os.sep
    real_inside = os.path.realpath(root).rstrip(os.sep) + os.sep
    if absolute.startswith(inside) and not resolved.startswith(real_inside):
        _fail(
            f"cannot write {display.escape(path)}: a symbolic link leads it to "
            f"{display.escape(resolved)}, outside the project; not written (remove the "
            "link, or name that file itself)"
        )
    name = _an_input(resolved, checked)  # (the name the write resolves, as atomic)
    if name is not None:
        _fail(
            f"cannot write {display.escape(path)}: it is "
            f"{display.path(relative_path(name, '.'))}, a file this run read; "
            "not overwritten (choose another file)"
        )


def _inputs(setup: Setup) -> list[str]:
    """The files besides the specs that a run reads: its configuration, rule packs and
    baseline (which an ``--output`` must not replace)."""
    config = setup.config
    return [
        *([config.file] if config.file else []),
        *config["rule-packs"],
        *([config["baseline"]] if config["baseline"] else []),
    ]


def _write_output(path: str, text: str, checked: Collection[str] = ()) -> None:
    """Write a report to ``path``: a file whole or not at all (``atomic``), and
    ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` or another file that is not a
    regular one (a FIFO, a terminal, ``/dev/null``) directly, as a stream. Never over a
    file the run read (``checked``, ``_refuse_target``)."""
    from nslint import atomic

    data = text.encode("utf-8")
    number = _STANDARD_STREAMS.get(os.path.normpath(path))
    match = _DESCRIPTOR.fullmatch(os.path.normpath(path))
    if match:
        number = int(match.group(1))
    try:
        if number in (1, 2):
            # Through the streams click writes to, after what they hold: the order stays.
            stream = sys.stdout if number == 1 else sys.stderr
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        elif number is not None:
            with open(number, "wb", closefd=False) as handle:
                handle.write(data)
        elif _special(path):
            with open(path, "wb") as handle:
                handle.write(data)
        else:
            _refuse_target(path, checked)
            atomic.write_text(path, text)
    except OSError as error:
        _fail(f"cannot write {display.escape(path)}: {error.strerror or error}")


def _an_input(path: str, inputs: Collection[str]) -> str | None:
    """The name in ``inputs`` of the regular file ``path`` is, if it is one of them
    (the same file, by device and inode: another name or a link to it too)."""
    import stat

    try:
        target = os.stat(path)
    except OSError:
        return None  # a new file, or one the write will fail on with its own message
    if not stat.S_ISREG(target.st_mode):
        return None
    for name in inputs:
        with contextlib.suppress(OSError, ValueError):  # (ValueError: a NUL in the name)
            if os.path.samestat(os.stat(name), target):
                return name
    return None


def _special(path: str) -> bool:
    """Whether ``path`` (or what its links lead to) exists and is not a regular file."""
    import stat

    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _write_baseline(path: str, results: list[FileResult], rules: RuleSet) -> None:
    from nslint import baseline

    _refuse_target(path, [r.path for r in results])
    try:
        written = baseline.write(path, results, rules.always_on)
    except UsageError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"cannot write {display.escape(path)}: {error.strerror or error}")
    shown = display.escape(path)
    kept = ""
    if written.kept:
        kept = (
            f", and kept {counted(written.kept, 'finding')} of "
            f"{counted(written.kept_files, 'file')} not checked in this run"
        )
    click.echo(
        f"nslint: wrote {counted(written.recorded, 'finding')} to {shown}{kept}; run with "
        f"--baseline {shown} (or `baseline: {shown}` in .nslint.yaml) to report only new ones",
        err=True,
    )
    if written.replaced_old:
        click.echo(
            f"nslint: warning: {shown} was written by an older nslint: its "
            f"{counted(written.replaced_old, 'entry', 'entries')} for files not checked in "
            "this run could not be kept (their fingerprints do not match this version's)",
            err=True,
        )
    for d in written.not_recorded:
        click.echo(
            f"nslint: warning: {display.path(d.path)}:{d.span.line}:{d.span.column}: {d.code} "
            f"is not recorded in {shown}: a file that was not read, parsed or checked "
            "completely is always reported",
            err=True,
        )


def _apply_baseline(path: str, results: list[FileResult], rules: RuleSet) -> list[FileResult]:
    from nslint.baseline import Baseline

    try:
        loaded = Baseline.load(path)
    except UsageError as error:
        _fail(str(error))
    results, fixed = loaded.apply(
        results, lambda file, code: rules.enabled_for(file)(code), rules.always_on
    )
    if fixed:
        entries, them = ("entry is", "it") if fixed == 1 else ("entries are", "them")
        click.echo(
            f"nslint: {fixed} baseline {entries} fixed; rewrite the baseline with "
            f"--write-baseline {display.escape(path)} to keep {them} fixed",
            err=True,
        )
    return results


def _statistics(results: list[FileResult], rules: RuleSet) -> str:
    from nslint.formats.text import unreadable

    if not results:
        return ""  # said on stderr
    counts: dict[str, int] = {}
    for result in results:
        for d in result.diagnostics:
            counts[d.code] = counts.get(d.code, 0) + 1
    if not counts:
        return f"No problems found{unreadable(results)}.\n"
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    lines = [
        f"{count:>{width}}  {code:<6} {rules.rules[code].name} ({rules.severities[code]})"
        for code, count in rows
    ]
    total = sum(counts.values())
    lines.append(f"Found {counted(total, 'problem')} in all{unreadable(results)}.")
    return "\n".join(lines) + "\n"


def _release(value: str | None) -> Release | None:
    if value is None:
        return None
    try:
        return Release.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or sys.stdout is None:
        return False
    return sys.stdout.isatty()


@main.command()
@_debug_flag
def schema() -> None:
    """Print the integration spec's JSON Schema (draft 2020-12)."""
    click.echo(_schema_text(), nl=False)


def _schema_text() -> str:
    from nslint.schema import integration_schema

    return json.dumps(integration_schema(), indent=2, ensure_ascii=False) + "\n"


@main.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--release",
    "release",
    metavar="YYYY.N",
    callback=lambda ctx, param, value: _release(value),
    help="The NetSuite release the specs target (default: the one current today).",
)
@click.option(
    "--editor",
    type=click.Choice(["vscode"]),
    help="Also map the specs to the schema for the YAML language server "
    "(.vscode/settings.json yaml.schemas).",
)
@_debug_flag
def init_command(directory: str, release: Release | None, editor: str | None) -> None:
    """Find the integration specs in DIRECTORY (default: here), write a commented
    .nslint.yaml, and print the pre-commit and GitHub Actions configuration."""
    from nslint import init

    try:
        init.preflight(directory)
        found = init.survey(directory)
        files = init.vscode_files(directory, found, _schema_text()) if editor else None
        text = init.config_text(found, release or Release.today())
        written = init.write(directory, text, files)
    except UsageError as error:
        _fail(str(error))
    shown = init.summary(found, written) + "\n" + init.snippets(found)
    click.echo("\n".join(display.escape(line) for line in shown.split("\n")), nl=False)
    if not found.specs:
        click.echo(
            "nslint: warning: no integration spec found, so the configuration checks every "
            "YAML file; set `include` to where the specs will be",
            err=True,
        )


@main.command("report")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "html", "csv", "json"]),
    default="markdown",
    show_default=True,
    help="The report's format.",
)
@click.option(
    "--output",
    "-o",
    "output_file",
    type=click.Path(dir_okay=False),
    help="Write the report to FILE instead of standard output.",
)
@with_config
def report_command(
    paths: tuple[str, ...], output_format: str, output_file: str | None, setup: Setup
) -> None:
    """Inventory of every integration: authentication, TBA migration, tokens, findings.

    With no PATH, the current directory is read. Exits 2 if a file could not be read.
    """
    text, errors, found = _inventory(list(paths) or ["."], setup, output_format)
    if output_file:
        _write_output(output_file, text, [*_inputs(setup), *found])
    else:
        _echo(text)
    for error in errors:
        click.echo(f"nslint: error: {display.escape(error)}", err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


def _inventory(
    targets: list[str], setup: Setup, output_format: str
) -> tuple[str, list[str], list[str]]:
    """The inventory report of ``targets`` in a format, the files that failed, and the
    files read."""
    from nslint.discovery import discover
    from nslint.inventory import collect
    from nslint.report import renderer
    from nslint.results import Settings

    release = setup.config["release"]
    fields: dict[str, Any] = {"max_file_size": setup.config["max-file-size"]}
    if release is not None:
        fields["release"] = release
    settings = Settings(rules=setup.rules, **fields)
    found = [f for t in targets if t != "-" for f in discover([t], settings.rules.walk)]
    inventory = collect(found, settings)
    read = [f for f in found if isinstance(f, str)]
    return renderer(output_format)(inventory), inventory.errors(), read


@main.command("config")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@with_config
def config_command(output_format: str, setup: Setup) -> None:
    """Print the effective configuration, and where each value came from."""
    from nslint.config import describe

    rows = describe(setup.config, for_json=output_format == "json")
    if output_format == "json":
        document = {
            "file": setup.config.file,
            "root": setup.config.root,
            "settings": {key: {"value": value, "origin": origin} for key, value, origin in rows},
        }
        click.echo(display.json_text(document), nl=False)
        return
    where = setup.config.file or "none (defaults and the command line)"
    click.echo(f"# configuration file: {display.escape(where)}")
    for key, value, origin in rows:
        shown = display.escape(json.dumps(value) if not isinstance(value, str) else value)
        click.echo(f"{key + ':':<18} {shown}  # {display.escape(origin)}")


@main.command("rules")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@with_config
def rules_command(output_format: str, setup: Setup) -> None:
    """List every rule: code, name, severity, enabled, summary (as configured)."""
    rules = setup.rules
    if output_format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": str(rules.severities[r.code]),
                "default_severity": str(r.severity),
                "enabled": r.code in rules.enabled,
                "summary": r.summary,
                "options": dict(rules.options[r.code]),
                "origin": r.origin,
                "source": r.source,
            }
            for r in rules.rules.values()
        ]
        click.echo(display.json_text(rows), nl=False)
        return
    if output_format == "markdown":
        from nslint.catalogue import table

        # A rule pack's or a plugin's text is data: escaped like a spec's.
        lines = table(rules.rules.values()).splitlines()
        click.echo("\n".join(display.line_start(line) for line in lines))
        return
    width = max(len(r.name) for r in rules.rules.values())
    click.echo(f"{'code':<6} {'name':<{width}} {'severity':<8} {'enabled':<7} summary")
    for r in rules.rules.values():
        enabled = "yes" if r.code in rules.enabled else "no"
        severity = str(rules.severities[r.code])
        # A rule pack's or a plugin's text is data: escaped like a spec's.
        summary = display.escape(r.summary)
        click.echo(f"{r.code:<6} {r.name:<{width}} {severity:<8} {enabled:<7} {summary}")


@main.command()
@click.argument("code")
@with_config
def explain(code: str, setup: Setup) -> None:
    """Print the documentation of rule CODE (a code such as NS101, or a rule name)."""
    rules = setup.rules.rules
    by_name = {r.name: r for r in rules.values()}
    rule = rules.get(code.upper()) or by_name.get(code.lower())
    if rule is None:
        close = close_matches(code.upper(), list(rules), n=1) or (
            close_matches(code.lower(), list(by_name), n=1)
        )
        hint = f"; did you mean {close[0]}?" if close else "; `nslint rules` lists them all"
        raise click.UsageError(f"no rule {code!r}{hint}")
    from nslint.catalogue import explain as documentation

    lines = documentation(rule)
    # A rule pack's or a plugin's text is data: each line escaped like a spec's.
    click.echo("\n".join(display.line_start(line) for line in lines).rstrip())
