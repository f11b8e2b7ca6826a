"""Reading office spreadsheets as people made them — the one layer under every importer.

Every importer (roster, contacts, stock ledger, hazards …) reads its sheets through :class:`Workbook`:

    book = tabular.Workbook.open(path)                 # .xlsx .xlsm .xls .et .ods; ImportRejected if not
    problems = tabular.Problems(book.file)
    table = book.table("人员", {"姓名": "name", "单位路径": "unit", "单位": "unit"}, required=("name",),
                       problems=problems)             # None when the sheet has no usable header
    for row in table.rows:                            # Row(number=Excel row number, values={field: cell})
        if not row.text("name"):
            problems.error(table, row, "name", "不能为空")
    problems.raise_if_any()                           # ImportRejected: "N 处错误，未导入任何数据"

What it takes care of, so no importer has to:

* **Reading.** python-calamine reads .xlsx/.xlsm/.xlsb, legacy .xls (and WPS .et, which is the same BIFF
  format) and .ods.  It reads the cells themselves, never a sheet's stated ``<dimension>`` (which WPS, OA
  systems and HR exports often write as ``A1`` for a full sheet).  A file it cannot read gives a Chinese
  message saying what to do (save as .xlsx), never the library's English.
* **The header row** is found among the first :data:`HEADER_SEARCH_ROWS` rows (a title such as
  "2026年12月值班表" merged across the columns may sit above it): the row naming the most known columns.
* **Header words** go through one alias table, :data:`HEADER_ALIASES` (值班领导 → 带班领导, 值班人员 →
  值班员, 联系电话 → 电话 …), after :func:`header_key` drops spaces, line breaks ("带班\\n领导"), full-width
  forms and required-markers (``姓名*``, ``姓名（必填）``).  An importer maps the canonical headers it knows
  to its own field keys; several headers may map to one field (the first present wins).
* **Merged cells** carry their value to every cell they cover (a date merged over 白班 and 夜班, a depot
  merged down a ledger).
* **Problems** name file, sheet, row and column (with its letter) in Chinese (:class:`Problem`); errors
  make the whole import refused (:class:`ImportRejected`), warnings are shown in the preview and kept in
  the result.  Columns that are not imported are warnings — nothing is skipped silently.
* **Checked once.** The CLI and the window preview a file before importing it; an importer keeps what its
  preview checked in a :class:`LastChecked`, and its import takes it back while the file (and what else
  the check read) is unchanged, instead of reading and checking the file a second time.

Cell values are what calamine gives: ``str``, ``int``/``float`` (a General-format number, e.g. an Excel
date serial or a phone number), ``bool``, ``date``/``datetime``/``time``; an empty cell is ``None``.
:meth:`Row.text` gives a cell as text as a person sees it (``13900000001.0`` → ``13900000001``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from time import monotonic
from typing import Any, Callable, Iterable

from xhduty.core.store import StoreError

HEADER_SEARCH_ROWS = 10
ROW_NUMBERS = frozenset({"序号", "no", "no."})   # an office's numbering column: read past, no warning
TOTALS = frozenset({"合计", "总计", "小计", "总合计", "共计"})   # a row offices add under their rows, not one of them
MAX_LISTED = 50
PREVIEW_ROWS = 10
SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".et", ".ods")

# canonical header ← the words offices use for it (compared after header_key)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "日期": ("值班日期", "日期星期", "时间"),
    "班次": ("班别", "班型", "时段", "值班时段"),
    "带班领导": ("值班领导", "带班", "领导", "带班人", "带班负责人"),
    "值班员": ("值班人员", "值班人", "值班干部", "值班工作人员", "值守人员"),
    "值班电话": ("值班室电话", "值守电话"),
    "电话": ("联系电话", "电话号码", "联系方式", "号码"),
    "单位路径": ("所属单位", "单位名称", "部门"),
    "姓名": ("名字", "人员姓名", "联系人"),
    "职务": ("职位", "岗位"),
    "手机": ("移动电话", "手机号", "手机号码"),
    "办公电话": ("座机", "办公室电话", "固定电话", "固话"),
    "邮箱": ("电子邮箱", "电子邮件", "email", "e-mail", "mail"),
    "AB角": ("b角", "ab角", "a/b角", "替补"),
    "核实日期": ("核对日期", "更新日期"),
    "确认时限（分钟）": ("确认时限", "时限", "确认时限(分钟)"),
    "储备库": ("仓库", "库点", "储备库点", "储备点", "存放地点", "库房"),
    "物资": ("物资名称", "品名", "名称规格"),
    "数量": ("库存数量", "实有数量", "在库数量", "现有数量", "结存数量", "库存"),
    "有效期至": ("有效期", "失效日期", "保质期至", "到期日期", "有效日期"),
    "批次": ("批号", "生产批号", "批次号"),
    "备注": ("说明", "附注"),
}


def header_key(text: Any) -> str:
    """A header cell as compared: full-width → ASCII, no spaces or line breaks, no ``*``/（必填）, lower case."""
    t = unicodedata.normalize("NFKC", "" if text is None else str(text))
    t = re.sub(r"[(（]\s*(必填|选填|可选)\s*[)）]", "", t)
    t = re.sub(r"\s+", "", t).strip("*:：").lower()
    return t


_ALIAS_INDEX = {header_key(alias): canonical for canonical, aliases in HEADER_ALIASES.items()
                for alias in (canonical, *aliases)}


def canonical_header(text: Any) -> str:
    """The canonical name of a header as typed (``"值班\\n领导 "`` → ``带班领导``), or its cleaned text."""
    key = header_key(text)
    return _ALIAS_INDEX.get(key, key)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell as text as a person sees it: whole floats without ``.0``, dates as ISO, strings stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# ------------------------------------------------------------------------------------------ problems

@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a file; ``str()`` names file, sheet, row and column."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None        # as Excel numbers rows (1 = first)
    column: str = ""              # canonical header
    letter: str = ""              # A, B, …

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" 工作表「{self.sheet}」"
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」" + (f"（{self.letter} 列）" if self.letter else "")
        return f"{where}：{self.message}"


class ImportRejected(StoreError):
    """The file has errors and nothing was imported: ``problems`` lists them all (the text, the first 50)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        file = problems[0].file if problems else ""
        listed = [str(p) for p in problems[:MAX_LISTED]]
        if len(problems) > MAX_LISTED:
            listed.append(f"……另有 {len(problems) - MAX_LISTED} 处")
        super().__init__(f"{file} 有 {len(problems)} 处错误，未导入任何数据：\n" + "\n".join(listed))

    @property
    def errors(self) -> list[str]:
        """Every problem as one Chinese line naming file, sheet, row and column (all of them, not only the
        first 50 of the message)."""
        return [str(p) for p in self.problems]


class Problems:
    """Collects the errors and warnings of one file while it is read and checked."""

    def __init__(self, file: str):
        self.file = file
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def _make(self, table: Table | None, row: Row | int | None, column: str, message: str) -> Problem:
        number = row.number if isinstance(row, Row) else row
        header, letter = table.header_of(column) if table is not None and column else (column, "")
        return Problem(self.file, message, table.sheet if table is not None else "", number, header, letter)

    def error(self, table: Table | None, row: Row | int | None, column: str, message: str) -> None:
        """Record an error at ``column`` (a field key of ``table``, or a header) of ``row``."""
        self.errors.append(self._make(table, row, column, message))

    def warn(self, table: Table | None, row: Row | int | None, column: str, message: str) -> None:
        """Record a warning where :meth:`error` records an error: shown with the import, which still goes on."""
        self.warnings.append(self._make(table, row, column, message))

    def read_as(self, table: Table, row: Row | int, key: str, typed: Any, stored: str) -> None:
        """Warn when a cell is imported other than as typed (``丁　一`` → 丁一, two numbers → two methods)."""
        if cell_text(typed) != stored:
            self.warn(table, row, key, f"“{cell_text(typed)}”按“{stored}”导入")

    def raise_if_any(self) -> None:
        """Raise :class:`ImportRejected` with every error recorded, if there is one; warnings do not count."""
        if self.errors:
            raise ImportRejected(self.errors)


# ------------------------------------------------------------------------------------------- tables

@dataclass
class Row:
    """One data row of a :class:`Table`: its number as Excel shows it and its cells by field key."""
    number: int                   # the row number Excel shows
    values: dict[str, Any]        # field key → cell value (None when empty)

    def get(self, key: str) -> Any:
        """The cell of field ``key`` as calamine read it (types in the module docstring); None when empty or absent."""
        return self.values.get(key)

    def text(self, key: str) -> str:
        """The cell of field ``key`` as a person sees it (:func:`cell_text`); '' when empty or absent."""
        return cell_text(self.values.get(key))


@dataclass
class Table:
    """The rows of one sheet under its detected header, keyed by the importer's field keys."""

    file: str
    sheet: str
    header_row: int                                   # Excel row number of the header
    headers: list[str]                                # every header cell as typed, by column
    fields: dict[str, int]                            # field key → column index
    labels: dict[str, str]                            # field key → canonical header used in messages
    rows: list[Row] = field(default_factory=list)

    def header_of(self, key: str) -> tuple[str, str]:
        """(header as named in messages, column letter) of a field key; unknown keys are headers already."""
        if key in self.fields:
            return self.labels[key], column_letter(self.fields[key])
        return self.labels.get(key, key), ""

    def mapping(self) -> list[tuple[str, str, str]]:
        """(column letter, header as typed, field label or "") for each non-empty header cell (the preview)."""
        used = {index: self.labels[key] for key, index in self.fields.items()}
        return [(column_letter(i), h, used.get(i, "")) for i, h in enumerate(self.headers) if h]


def _fill_merged(grid: list[list[Any]], merged: Iterable) -> None:
    """Give every cell of a merged range the value of its top-left cell (in place)."""
    for (r0, c0), (r1, c1) in merged or ():
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] == "" or row[c] is None:
                    row[c] = value


def _totals(cells: list) -> bool:
    """Whether a row is a 合计/小计 row: one of its cells says only that (spaces and full width aside).  The
    cells are looked at directly: a 100,000-row ledger passes here."""
    for v in cells:
        if v.__class__ is str and "计" in v and re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)) in TOTALS:
            return True
    return False


def _blank(cells: list) -> bool:
    """Whether a row holds nothing: every cell empty ("" or None) or only spaces."""
    for v in cells:
        if v is not None and (v.__class__ is not str or (v and not v.isspace())):
            return False
    return True


class Workbook:
    """An office spreadsheet opened for import; ``file`` is its name as messages show it."""

    def __init__(self, path: Path, book):
        self.path = Path(path)
        self.file = self.path.name
        self._book = book

    @classmethod
    def open(cls, path: Path) -> Workbook:
        """Open ``path`` or raise ImportRejected saying, in Chinese, why and what to do."""
        import python_calamine

        path = Path(path)
        if not path.is_file():
            raise ImportRejected([Problem(path.name, f"找不到文件：{path}")])
        try:
            if path.suffix.lower() == ".et":   # WPS 表格: BIFF inside, like .xls
                with open(path, "rb") as fh:
                    book = python_calamine.CalamineWorkbook.from_filelike(fh)
            else:
                book = python_calamine.CalamineWorkbook.from_path(str(path))
        except python_calamine.PasswordError:
            raise ImportRejected([Problem(path.name, "文件有密码保护，无法读取：请在 Excel/WPS 中取消密码后另存为"
                                                     " .xlsx 再导入")]) from None
        except Exception:   # calamine raises several kinds, all with English text
            raise ImportRejected([Problem(path.name, "无法读取为表格文件：请在 Excel 或 WPS 中打开，"
                                                     "“另存为” Excel 工作簿（.xlsx）后再导入"
                                                     f"（支持 {' '.join(SUFFIXES)}）")]) from None
        return cls(path, book)

    @property
    def sheet_names(self) -> list[str]:
        """The workbook's sheet names, in the workbook's order."""
        return list(self._book.sheet_names)

    def grid(self, sheet: str | int) -> list[list[Any]]:
        """Every cell of a sheet from A1, merged values carried, empty cells as "" (rows of equal length)."""
        ws = self._book.get_sheet_by_index(sheet) if isinstance(sheet, int) else self._book.get_sheet_by_name(sheet)
        grid = ws.to_python(skip_empty_area=False)
        _fill_merged(grid, ws.merged_cell_ranges)
        return grid

    def has_content(self, sheet: str | int) -> bool:
        """Whether ``sheet`` holds anything (Excel and WPS add empty spare sheets)."""
        return any(cell_text(cell) for cells in self.grid(sheet) for cell in cells)

    def table_by_columns(self, sheet: str, fields: dict[str, str], required: Iterable[str], problems: Problems,
                         said: str, fits: Callable[[Table], bool] = lambda table: True) -> Table | None:
        """``sheet``, a sheet the layout does not name (Sheet1, 龙华物资台账 …), read by its columns: when they
        hold ``required`` (and the table ``fits``), its table, its warnings added to ``problems`` and one
        more, ``said`` (e.g. 工作表名不是“库存”，按列名作为库存表导入); else None and nothing said (a sheet
        that is not such a table is no error)."""
        trial = Problems(self.file)
        found = self.table(sheet, fields, required, trial)
        if found is None or not fits(found):
            return None
        problems.warnings.extend(trial.warnings)
        problems.warn(found, None, "", said)
        return found

    def left_out(self, read: Iterable[str | int], problems: Problems, why: str) -> None:
        """Warn of every sheet not among ``read`` (names or indexes) that holds something: it is not
        imported, and ``why`` says what would be (e.g. "隐患台账应在名为“隐患台账”的工作表或第一个工作表")."""
        names = {self.sheet_names[s] if isinstance(s, int) else s for s in read}
        for sheet in self.sheet_names:
            if sheet not in names and self.has_content(sheet):
                problems.warnings.append(Problem(self.file, f"不是可导入的工作表，未导入（{why}）", sheet))

    def table(self, sheet: str | int, fields: dict[str, str], required: Iterable[str],
              problems: Problems) -> Table | None:
        """The rows of ``sheet`` under the header row found among its first rows.

        ``fields`` maps canonical headers to field keys (several headers may share a key: the first present
        wins); ``required`` are field keys.  A missing required column is one error (naming the row that came
        closest) and gives None.  Headers that are not imported, and a second column for the same field, are
        warnings.  Empty rows are skipped; a 合计/小计 row is skipped with a warning.
        """
        name = self.sheet_names[sheet] if isinstance(sheet, int) else sheet
        grid = self.grid(sheet)
        wanted = {header_key(h): key for h, key in reversed(list(fields.items()))}
        labels = {}
        for header, key in fields.items():
            labels.setdefault(key, header)
        best: tuple[int, int, dict[str, int]] | None = None
        for r, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
            found: dict[str, int] = {}
            for c, cell in enumerate(cells):
                key = wanted.get(header_key(canonical_header(cell))) or wanted.get(header_key(cell))
                if key and key not in found:
                    found[key] = c
            if found and (best is None or len(found) > best[1]):
                best = (r, len(found), found)
        required = tuple(required)
        table_for_errors = Table(self.file, name, 0, [], {}, labels)
        if best is None:
            need = "、".join(labels[k] for k in required)
            problems.error(table_for_errors, None, "", f"前 {HEADER_SEARCH_ROWS} 行中找不到表头（应有列：{need}）")
            return None
        r, _, found = best
        missing = [labels[k] for k in required if k not in found]
        if missing:
            problems.error(table_for_errors, r + 1, "", f"缺少列：{'、'.join(missing)}")
            return None
        headers = [cell_text(h) for h in grid[r]]
        table = Table(self.file, name, r + 1, headers, found, labels)
        used = set(found.values())
        for c, h in enumerate(headers):
            if h and c not in used and header_key(canonical_header(h)) not in ROW_NUMBERS:
                canonical = canonical_header(h)
                why = f"与“{labels[wanted[header_key(canonical)]]}”重复" if header_key(canonical) in wanted \
                    else "不是可导入的列"
                problems.warn(table, r + 1, h, f"{column_letter(c)} 列{why}，未导入")
        keys, columns = list(found), list(found.values())
        for n, cells in enumerate(grid[r + 1:], start=r + 2):
            if _blank(cells):
                continue
            if _totals(cells):
                problems.warn(table, n, "", "合计行，未导入")
                continue
            table.rows.append(Row(n, dict(zip(keys, [None if c >= len(cells) or cells[c] == "" else cells[c]
                                                     for c in columns]))))
        return table


# ------------------------------------------------------------------------------ checked, then imported

class LastChecked:
    """What an importer made of the last file it checked, so the import that follows its preview (the CLI's
    ``import`` and the window both preview first) does not read and check the same file again — half the
    time of a 100,000-row ledger.

    Kept under a key of the file as it was (:func:`file_state`: path, size, modification time) and whatever
    else the check read (e.g. the database's :func:`xhduty.core.store.Store` state); :meth:`take` gives it
    back only for an equal key, and once.  One file is kept per importer, across threads (the preview and
    the import run on different workers); a check older than :data:`KEEP_SECONDS` is not used, and what
    is kept is let go at the importer's next preview or import.  Importers keep what their import needs,
    not the rows as read.
    """

    KEEP_SECONDS = 600

    def __init__(self):
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._value: Any = None
        self._at = 0.0

    def keep(self, key: tuple, value: Any) -> None:
        """Keep ``value`` under ``key`` for the next :meth:`take`, replacing what was kept."""
        with self._lock:
            self._key, self._value, self._at = key, value, monotonic()

    def take(self, key: tuple) -> Any | None:
        """The value kept under ``key`` (then forgotten), or None."""
        with self._lock:
            value = self._value if key == self._key and monotonic() - self._at <= self.KEEP_SECONDS else None
            self._key, self._value = None, None
            return value


def file_state(path: Path) -> tuple:
    """A file as it is now: (absolute path, size, modification time in ns); saving it again changes it."""
    path = Path(path).resolve()
    try:
        found = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), found.st_size, found.st_mtime_ns)


# -------------------------------------------------------------------------------------------- preview

@dataclass
class Preview:
    """What an import would do, shown before anything is written (window and ``--dry-run``)."""

    file: str
    tables: list[Table]
    errors: list[Problem]
    warnings: list[Problem]
    counts: dict[str, int]            # what would be written, by a Chinese label (e.g. 新增人员 → 3)

    @property
    def ok(self) -> bool:
        """True when the file has no errors, so the import may go ahead (warnings do not stop it)."""
        return not self.errors

    def text(self) -> str:
        """The preview as plain text (the CLI's ``--dry-run``)."""
        lines = [f"{self.file}（预览，未导入）"]
        for t in self.tables:
            lines.append(f"工作表「{t.sheet}」：表头在第 {t.header_row} 行，{len(t.rows)} 行数据")
            lines.append("  列：" + "；".join(f"{letter} {h or '（空）'}→{label or '不导入'}"
                                             for letter, h, label in t.mapping()))
            for row in t.rows[:PREVIEW_ROWS]:
                lines.append(f"  第 {row.number} 行：" + "，".join(
                    f"{t.labels[k]}={row.text(k)}" for k in t.fields if row.text(k)))
        if self.counts:
            lines.append("将导入：" + "，".join(f"{k} {v}" for k, v in self.counts.items()))
        lines += [f"警告：{p}" for p in self.warnings]
        if self.errors:
            lines.append(f"有 {len(self.errors)} 处错误，导入时将不导入任何数据：")
            lines += [f"错误：{p}" for p in self.errors[:MAX_LISTED]]
        return "\n".join(lines)


def warn(preview: Preview) -> None:
    """Print a preview's warnings to stderr (the command line: nothing left out is silent)."""
    import sys

    for p in preview.warnings:
        print(f"警告：{p}", file=sys.stderr)


def show_preview(preview: Preview, dry_run: bool) -> int:
    """The command line's answer to a preview: the whole preview for ``--dry-run`` (exit 0, or 1 with
    errors); without it, a file with errors is refused with every problem (ImportRejected)."""
    if not dry_run:
        raise ImportRejected(preview.errors)
    print(preview.text())
    return 0 if preview.ok else 1
