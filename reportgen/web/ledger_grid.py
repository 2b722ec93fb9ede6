"""A CSV ledger as an editable grid, written back the careful way.

Each record keeps the exact text it was read from; on saving, a record nobody
touched is written as it was (quoting, spacing, line endings), an edited or new
one in the file's own dialect. So the diff of a saved ledger is the edit.
The checks and the totals are the ledger reader's and the figures' own
(pipeline.check_ledger): the grid only places the messages at their cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from reportgen.errors import Problem
from reportgen.web import pipeline

MAX_ROWS = 20_000  # a grid the page can show; a longer ledger is edited in a spreadsheet


class TooManyRows(ValueError):
    """A ledger longer than the grid holds: refused whole, since a grid cut short would save
    the ledger cut short."""


@dataclass
class Record:
    cells: list[str] | None  # None: a blank line, kept as it was
    raw: str | None  # the text read, line ending included; None once edited or for a new row
    line: int | None = None  # the file's line the record starts on (None: a new row)

    @property
    def blank(self) -> bool:
        return self.cells is None


@dataclass(frozen=True)
class CellProblem:
    row: int | None  # index among the grid's rows; None: the whole file
    column: int | None
    problem: Problem
    error: bool = True  # False: a warning (a date outside the year)


@dataclass
class LedgerGrid:
    path: str  # relative to the workspace
    header_raw: str
    header: list[str]
    records: list[Record]
    delimiter: str = ","
    newline: str = "\n"
    bom: bool = False
    digest: str | None = None
    dirty: bool = False
    shown_problems: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def parse(cls, path: str, raw: bytes, digest: str | None) -> LedgerGrid:
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = text.splitlines(keepends=True)
        try:
            delimiter = csv.Sniffer().sniff(lines[0] if lines else ",", delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        header: list[str] = []
        header_raw = ""
        records: list[Record] = []
        consumed = 0
        for row in reader:
            start = consumed + 1
            raw_text = "".join(lines[consumed:reader.line_num])
            consumed = reader.line_num
            if not header_raw:
                header, header_raw = [cell.strip() for cell in row], raw_text
                continue
            if not any(cell.strip() for cell in row):
                records.append(Record(None, raw_text, start))
                continue
            if len(records) >= MAX_ROWS:
                raise TooManyRows(f"台账“{path}”超过 {MAX_ROWS} 行，网页中不能编辑：请在 Excel 或 WPS 表格中编辑。")
            cells = [cell for cell in row] + [""] * (len(header) - len(row))
            records.append(Record(cells[: max(len(header), len(row))], raw_text, start))
        return cls(path, header_raw, header, records, delimiter, newline, bom, digest)

    # --- the rows the page shows ---------------------------------------------------------

    @property
    def rows(self) -> list[Record]:
        return [record for record in self.records if not record.blank]

    def _record(self, row: int) -> Record:
        rows = self.rows
        if not 0 <= row < len(rows):
            raise IndexError(row)
        return rows[row]

    def set_cell(self, row: int, column: int, value: str) -> None:
        if not 0 <= column < len(self.header):
            raise IndexError(column)
        record = self._record(row)
        value = value.replace("\r\n", "\n").strip()
        if record.cells[column] != value:
            record.cells[column] = value
            record.raw = None
            self.dirty = True

    def add_row(self, cells: list[str] | None = None) -> int:
        values = [(cells or [])[i] if i < len(cells or []) else "" for i in range(len(self.header))]
        self.records.append(Record(values, None))
        self.dirty = True
        return len(self.rows) - 1

    def delete_row(self, row: int) -> None:
        record = self._record(row)
        self.records.remove(record)
        self.dirty = True

    def merge(self, records: list[dict[str, str]]) -> int:
        """Append records read from another ledger ({field or dimension: text}), matched to the columns."""
        columns = {}
        for key in {key for record in records for key in record}:
            column = self.column_of(key)
            if column is None:
                from reportgen.errors import ReportError

                raise ReportError(Problem(f"上传的台账有本台账没有的列：{key}",
                                          hint=f"本台账的列：{'、'.join(self.header)}。"))
            columns[key] = column
        for record in records:
            cells = [""] * len(self.header)
            for key, value in record.items():
                cells[columns[key]] = value
            self.add_row(cells)
        return len(records)

    # --- checks, totals, writing ---------------------------------------------------------

    def check(self, catalogue, year: int) -> tuple[list[CellProblem], pipeline.LedgerCheck | None]:
        if catalogue is None:
            return [], None
        result = pipeline.check_ledger(self.header, [r.cells for r in self.rows], catalogue, year)
        located = []
        for problem, row, error in result.located:
            located.append(CellProblem(row, self.column_of(problem.field), problem, error))
        return located, result

    def column_of(self, name: str | None) -> int | None:
        if not name:
            return None
        fields = pipeline.ledger_column_names()
        for i, header in enumerate(self.header):
            if header == name or fields.get(header) == name:
                return i
        return None

    def dump(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator=self.newline)
        parts = [self.header_raw]
        for record in self.records:
            if record.raw is not None:
                text = record.raw
            else:
                out.seek(0)
                out.truncate()
                writer.writerow(record.cells)
                text = out.getvalue()
            if parts and not parts[-1].endswith(("\n", "\r")):
                parts[-1] += self.newline  # the file's last line had no line ending
            parts.append(text)
        return ("\ufeff" if self.bom else "").encode("utf-8") + "".join(parts).encode("utf-8")
