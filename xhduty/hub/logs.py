"""The hub's log as JSON lines: one object a line with ``at`` (ISO 8601, UTC), ``level``, ``logger``,
``msg`` and any structured fields a call passes in ``extra={"event": …, "station": …}`` — what a log
collector (Loki, Elasticsearch, journald) indexes without parsing sentences."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from logging.handlers import RotatingFileHandler
from pathlib import Path

_PLAIN = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "taskName"}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"at": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname, "logger": record.name, "msg": record.getMessage()}
        out.update((k, v) for k, v in record.__dict__.items() if k not in _PLAIN)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def to_file(path: Path) -> None:
    """Send the hub's records (``xhduty.hub`` and below) to ``path`` as JSON lines, rotated at 5 MB, 5 kept;
    once per process and file."""
    logger = logging.getLogger("xhduty.hub")
    if any(getattr(h, "baseFilename", None) == str(Path(path).absolute()) for h in logger.handlers):
        return
    handler = RotatingFileHandler(path, maxBytes=5 * 1024 * 1024, backupCount=5, encoding="utf-8")
    handler.setFormatter(JsonLines())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
