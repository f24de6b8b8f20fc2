"""Read tokens out of the logs. A GIS client that cannot send the Authorization header
puts the key in the URL (`/ogc/…?token=gpmb_…`), and web servers log request lines whole:
Django's runserver (logger django.server), gunicorn's access log (gunicorn.access) and
waitress. A filter on those loggers replaces the key with "***" before any handler
writes the record; it is installed when the parcels app is ready."""

from __future__ import annotations

import logging
import re
from typing import Any

_TOKEN = re.compile(r"((?:^|[?&;])token=)[^&\s\"';]+", re.IGNORECASE)
LOGGERS = ("django.server", "django.request", "gunicorn.access", "gunicorn.error", "waitress")


def redact(text: str) -> str:
    """ "GET /ogc/?token=gpmb_abc&limit=5" → "GET /ogc/?token=***&limit=5"."""
    return _TOKEN.sub(r"\1***", text)


def _clean(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactReadTokens(logging.Filter):
    """Rewrites the message and its arguments (a tuple, or gunicorn's dict of atoms)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _clean(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(value) for value in record.args)
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactReadTokens) for f in logger.filters):
            logger.addFilter(RedactReadTokens())
