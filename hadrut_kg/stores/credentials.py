"""Credentials for network clients: never on the command line (visible in `ps`), never in an error message.

A password comes from an environment variable or a prompt; a password written into an endpoint URL
(`https://user:secret@host/…`) is taken out of the URL before use and masked in every message."""

from __future__ import annotations

import getpass
import os
import re
import sys
import urllib.parse
from dataclasses import dataclass

PASSWORD_ENV = "HADRUT_KG_PASSWORD"
TOKEN_ENV = "HADRUT_KG_TOKEN"
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s@:]*):([^/\s@]*)@")


def redact(text: str) -> str:
    """`text` with the password of every `scheme://user:password@` replaced by ***."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}{m.group(2)}:***@", str(text))


def split_url(url: str) -> tuple[str, str | None, str | None]:
    """(url without user and password, user, password) — the last two None when the URL has none."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = host + (f":{parts.port}" if parts.port else "")
    return (urllib.parse.urlunsplit(parts._replace(netloc=netloc)), urllib.parse.unquote(parts.username or ""),
            urllib.parse.unquote(parts.password) if parts.password is not None else None)


def password_for(user: str | None, flag: str | None, env: str = PASSWORD_ENV) -> str | None:
    """The password for `user`: the (unsafe, visible in `ps`) --password flag, else $HADRUT_KG_PASSWORD, else a
    prompt when standard input is a terminal, else none."""
    if user is None:
        return None
    if flag is not None:
        return flag
    if os.environ.get(env) is not None:
        return os.environ[env]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"password for {user}: ")
    return None


@dataclass
class Auth:
    """Credentials for the store: a bearer token, or a user and password sent as Basic or Digest ("auto": Digest
    when the store's 401 challenge offers it, else Basic)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    scheme: str = "auto"

    @classmethod
    def from_args(cls, user: str | None, password: str | None, scheme: str = "auto") -> "Auth":
        return cls(user, password, None if user else os.environ.get(TOKEN_ENV), scheme)
