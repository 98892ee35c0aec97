"""The options every command shares, defined once so that one flag means one thing everywhere:

- `--data DIR`     the curated input (data/*.yaml);
- `--dataset DIR`  the built dataset a command reads (default: ./dist of the folder it runs in);
- `--out PATH`     what a command writes;
- `--user/--password/--auth/--timeout/--retries`  for every command that talks to a server;
- `--progress/--no-progress`  progress lines on stderr (default: only when stderr is a terminal).

Old spellings (`--out` or `--data` for the built dataset, `--data-dir`) still work for one release and say so."""

from __future__ import annotations

import argparse
import sys

from hadrut_kg.errors import InputError
from hadrut_kg.paths import DATA, DEFAULT_OUT, in_installed_package
from hadrut_kg.vocabulary.namespaces import base_from_env


class _Deprecated(argparse.Action):
    """An old spelling: stores into the new option's dest and says, once per use, what to write instead."""

    def __init__(self, option_strings, dest, replacement: str, **kwargs):
        self.replacement = replacement
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"warning: {option_string} is deprecated for `{parser.prog}` and goes in the next release; "
              f"use {self.replacement}", file=sys.stderr)
        setattr(namespace, self.dest, values)


def deprecated(p: argparse.ArgumentParser, old: str, dest: str, replacement: str) -> None:
    p.add_argument(old, dest=dest, action=_Deprecated, replacement=replacement, help=argparse.SUPPRESS)


def dataset(p: argparse.ArgumentParser, old: str | None = None) -> None:
    """--dataset: the built dataset to read; `old` is the spelling this command used before."""
    p.add_argument("--dataset", default=str(DEFAULT_OUT), metavar="DIR",
                   help="the built dataset to read (default: ./dist)")
    if old:
        deprecated(p, old, "dataset", "--dataset")


def data(p: argparse.ArgumentParser, old: str | None = None) -> None:
    """--data: the curated data folder."""
    p.add_argument("--data", default=str(DATA), metavar="DIR",
                   help="the curated data folder (default: the project's data/)")
    if old:
        deprecated(p, old, "data", "--data")


def base(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", default=base_from_env(), metavar="IRI",
                   help="base IRI of the data's own resources, also for hk: ids (default: $HADRUT_KG_BASE or "
                        "https://w3id.org/hadrut-kg/)")


class UsageError(InputError):
    """Options that do not go together; the command line's exit status 2."""


def writable_data(folder: Path | str, option: str) -> None:
    """Refuse to rewrite curated data inside the installed package (the default --data of a wheel): a command
    writes only under --data/--out or the current folder the user chose, never into site-packages."""
    if in_installed_package(folder):
        raise UsageError(f"{option} writes into the curated data folder, and the default one ({folder}) belongs to "
                         "the installed package; copy it and give the copy with --data DIR")


def server(p: argparse.ArgumentParser, timeout: float, retries: int,
           timeout_help: str = "seconds for one call to the server, retries and waits included") -> None:
    """Authentication, time limit and retries, the same for every command that talks to a server."""
    p.add_argument("--user", help="user for HTTP authentication (Basic, or Digest when the server asks for it); "
                   "the password comes from $HADRUT_KG_PASSWORD, else a prompt; without --user, a bearer token "
                   "in $HADRUT_KG_TOKEN is sent if set")
    p.add_argument("--password", help="UNSAFE (visible to every user in `ps`): password for HTTP authentication; "
                   "prefer $HADRUT_KG_PASSWORD, or the prompt")
    p.add_argument("--auth", choices=["auto", "basic", "digest"], default="auto",
                   help="HTTP authentication scheme (default auto: Digest when the server asks for it, else Basic)")
    p.add_argument("--timeout", type=float, default=timeout,
                   help=f"{timeout_help} (default {timeout:g})")
    p.add_argument("--retries", type=int, default=retries,
                   help=f"retries of refused or reset connections, 429 and 502-504, with exponential backoff "
                        f"(default {retries}); a failure that a retry cannot mend (unknown host, 4xx) is not "
                        "retried")


def progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress lines on stderr (default: only when stderr is a terminal)")


def reporter(args: argparse.Namespace):
    """A function that writes one progress line to stderr, or does nothing, as --progress and the terminal say."""
    wanted = args.progress if getattr(args, "progress", None) is not None else sys.stderr.isatty()
    if not wanted:
        return None

    def say(text: str) -> None:
        print(f"… {text}", file=sys.stderr, flush=True)

    return say


def credentials(args: argparse.Namespace, url: str):
    """(url without credentials, Auth) from --user/--password/--auth, a user:password@ in the URL, or
    $HADRUT_KG_TOKEN."""
    from hadrut_kg.stores.credentials import Auth, password_for, split_url

    if args.password is not None and args.user is None:
        raise UsageError("--password needs --user")
    from hadrut_kg.stores.credentials import redact
    from hadrut_kg.stores.http import printable, valid_url

    wrong = valid_url(url)
    if wrong is not None:
        raise UsageError(f"--endpoint {printable(redact(url))[:300]}: {wrong}")
    clean, url_user, url_password = split_url(url)  # credentials in the URL: used, never shown
    user = args.user if args.user is not None else url_user
    password = password_for(args.user, args.password) if args.user is not None else url_password
    return clean, Auth.from_args(user, password, args.auth)


# Numeric options checked for every command that has them: (low, high) inclusive; a value outside is one usage
# line, never a server started with a broken limit (`--memory-mb 0` would turn the cap off, `--timeout nan`
# would never stop a query).
LIMITS = {"port": (0, 65535), "workers": (1, 256), "timeout": (0.001, 86400.0),
          "memory_mb": (16, 1 << 20), "max_result_mb": (1, 1 << 16), "max_response_mb": (1, 1 << 16), "retries": (0, 100)}


def check_limits(args: argparse.Namespace) -> None:
    """Raise UsageError for the first numeric option out of its range (NaN and infinities included)."""
    import math

    for dest, (low, high) in LIMITS.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        if not math.isfinite(value) or not low <= value <= high:
            flag = "--" + dest.replace("_", "-")
            raise UsageError(f"{flag} must be between {low:g} and {high:g}, got {value:g}")
