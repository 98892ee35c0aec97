"""The one error type the user sees: `HadrutKGError` and a subclass per layer, each with its exit status.

An error the user can mend (bad data, a bad option, a query that does not parse, an endpoint that does not answer,
a folder that cannot be written) is raised as one of these at the point where the input is checked, with a
message that names what is wrong; the command line's one handler (cli/main.py) prints it as `error: …` lines and
exits with the layer's status. Anything else — a KeyError, a ValueError from a bug — is not caught: it shows its
traceback. The bottom of the package: it imports nothing of hadrut_kg. See docs/errors.md.
"""

from __future__ import annotations


class HadrutKGError(Exception):
    """A failure the user can act on; its message says what and where."""

    exit_code = 1

    def lines(self) -> list[str]:
        """What the command line prints, one `error:` line unless a layer says more."""
        return [f"error: {self}"]


class InputError(HadrutKGError):
    """Data and input: the curated data, a file or option the user gave (nothing was written)."""

    exit_code = 2


class QueryError(HadrutKGError):
    """A query or parameter the user gave cannot be used, or the query failed or ran out of time."""

    exit_code = 1


class StoreError(HadrutKGError):
    """The built dataset or a triple store: missing, unreadable, or a load the store refused."""

    exit_code = 3


class NetworkError(HadrutKGError):
    """A server did not answer, answered with an error, or sent an answer that is not whole."""

    exit_code = 4


class OutputError(HadrutKGError):
    """What a command writes: a folder it may not replace, a file it cannot write."""

    exit_code = 5


LAYERS = (InputError, QueryError, StoreError, NetworkError, OutputError)
