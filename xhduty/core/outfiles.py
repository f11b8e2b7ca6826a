"""Files xhduty writes for people — exports and printouts — written whole or not at all, and a failure
said in Chinese naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from xhduty.core import oserrors
from xhduty.core.store import StoreError


def write_whole(path, save: Callable[[Path], object]) -> Path:
    """Write ``path`` through ``save(temporary path)`` beside it, then put it in place in one step: nobody
    (and no crash) ever sees half a file, and a file already there stays as it was until the new one is
    complete.  A missing folder is made.  Returns ``path``.

    When the system refuses — a folder that cannot be made, no permission, the file held open by WPS or
    Excel on Windows, a full disk — StoreError says why, in Chinese, naming the file
    (:func:`oserrors.write_problem`); on any failure the temporary file is removed."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save(tmp)
        tmp.replace(path)
    except BaseException as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass                      # the folder itself is the problem: there is nothing to remove
        if isinstance(exc, OSError):
            raise StoreError(f"无法写入 {path}：{oserrors.write_problem(exc)}") from exc
        raise
    return path
