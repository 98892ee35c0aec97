"""The `hadrut-kg` command line: one sub-command per task, each defined in the module of its group (build,
query, stores, exports, links); the options they share are in `options`. Heavy libraries are imported inside the
commands that need them, so `hadrut-kg --help` stays fast. Errors: a command raises a HadrutKGError
(hadrut_kg/errors.py) and `main` alone turns it into `error: …` lines and its layer's exit status; any other
exception is a bug and keeps its traceback (docs/errors.md)."""

from __future__ import annotations

import argparse
import os
import sys

from hadrut_kg import __version__
from hadrut_kg.cli import build, exports, links, options, query, reconcile, site, stores
from hadrut_kg.errors import HadrutKGError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="hadrut-kg", description="Build and query the Hadrut KG linked dataset.")
    top.add_argument("--version", action="version", version=f"hadrut-kg {__version__}")
    commands = top.add_subparsers(dest="command", required=True)
    for group in (build, query, stores, exports, links, site, reconcile):
        group.add(commands)
    return top


class _Redacting:
    """stderr with every password written in a URL (scheme://user:password@…) masked, whichever command
    printed it."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from hadrut_kg.stores.credentials import redact

        return self._stream.write(redact(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    stderr = sys.stderr
    sys.stderr = _Redacting(stderr)
    try:
        args = parser().parse_args(argv)
        options.check_limits(args)
        return args.func(args)
    except HadrutKGError as exc:  # the one handler: what the user can mend, as its layer's lines and status
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # Ctrl-C: workers die with this process; no traceback
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to print, and no traceback at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        sys.stderr = stderr


if __name__ == "__main__":
    sys.exit(main())
