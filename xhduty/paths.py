"""Where the application's shipped files and the station's data live.

Shipped files (migrations, built-in plans, fonts, translations) sit beside the package in a checkout or an
editable install, and under ``sys._MEIPASS`` in a PyInstaller bundle.  The station's data directory comes
from ``XHDUTY_HOME`` when set (tests, several stations on one machine), else from platformdirs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir


def app_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    return app_root() / "db" / "migrations"


def plans_dir() -> Path:
    return app_root() / "plans"


def resources_dir() -> Path:
    return app_root() / "resources"


def data_home() -> Path:
    home = os.environ.get("XHDUTY_HOME")
    return Path(home) if home else Path(user_data_dir("xhduty", appauthor=False))


def database_path() -> Path:
    return data_home() / "xhduty.db"
