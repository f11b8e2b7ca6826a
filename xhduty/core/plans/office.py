"""Old Word (.doc) and WPS (.wps) plans, converted to .docx by LibreOffice in headless mode.

LibreOffice is what offices have, and the only reader of these binary formats worth trusting; it is
looked up as ``soffice``/``libreoffice`` on the PATH and in its usual Windows folders.  Without it each
such file gets a Chinese message saying how to proceed (install it, see README; or save as .docx).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xhduty.core.store import StoreError

CONVERTED = (".doc", ".wps")
TIMEOUT_S = 120
_WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed (``XHDUTY_SOFFICE`` names it directly)."""
    named = os.environ.get("XHDUTY_SOFFICE")
    if named is not None:
        return named if named and Path(named).exists() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _WINDOWS if Path(p).exists()), None)


def converted_lines(path: Path) -> tuple[list[tuple[str, int | None]], list[str]]:
    """The lines of an old Word/WPS (OLE) plan, read from the .docx LibreOffice makes of it (see :mod:`word`)."""
    from xhduty.core.plans.word import docx_lines

    path = Path(path)
    program = soffice()
    if program is None:
        what = (f"{path.suffix.lower()} 文件" if path.suffix.lower() in CONVERTED
                else "文件内容是旧版 Word/WPS 格式（.doc/.wps），")
        raise StoreError(f"{path.name}：{what}需要 LibreOffice 转换，本机未安装 LibreOffice。"
                         "请安装 LibreOffice（见 README），或在 Word/WPS 中另存为 .docx 后再导入")
    with tempfile.TemporaryDirectory() as out_dir:
        try:
            done = subprocess.run(
                [program, "--headless", "--norestore", "-env:UserInstallation=" + Path(out_dir, "profile").as_uri(),
                 "--convert-to", "docx", "--outdir", out_dir, str(path)],
                capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise StoreError(f"{path.name}：LibreOffice 转换超过 {TIMEOUT_S} 秒未完成，已放弃；"
                             "请在 Word/WPS 中另存为 .docx 后再导入") from None
        except OSError as exc:
            raise StoreError(f"{path.name}：无法启动 LibreOffice（{program}），请检查其安装；"
                             "或在 Word/WPS 中另存为 .docx 后再导入") from exc
        result = Path(out_dir) / (path.stem + ".docx")
        if done.returncode != 0 or not result.exists():
            raise StoreError(f"{path.name}：LibreOffice 未能转换此文件（可能已损坏或设有密码）；"
                             "请在 Word/WPS 中打开后另存为 .docx 再导入")
        lines, warnings = docx_lines(result)
    return lines, [w.replace(result.name, path.name) for w in warnings]
