"""The per-install secret key kept in the data folder when SECRET_KEY is not set."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from pathlib import Path


def read_or_create(key_file: Path) -> str:
    """The key in `key_file`, created once with mode 0600 (only GPMB's account may read it:
    whoever has it can forge sessions).

    Several processes may start at once (gunicorn workers, the worker, a command): the key
    is written to a private temporary file and hard-linked into place, so exactly one
    writer wins and nobody ever reads a half-written key."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        fd, tmp = tempfile.mkstemp(dir=key_file.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
            with contextlib.suppress(FileExistsError):  # another process won: use its key
                os.link(tmp, key_file)
        finally:
            os.unlink(tmp)
    elif os.name == "posix" and key_file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        key_file.chmod(0o600)  # a key written by an older GPMB with the default umask
    return key_file.read_text().strip()
