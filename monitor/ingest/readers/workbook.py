"""Excel workbooks: the first sheet, and its header row below any banner rows."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pandas as pd

from monitor.core.errors import IngestError
from monitor.ingest.readers.delimited import HEADER_SEARCH_ROWS
from monitor.ingest.readers.source import Source


def read_xlsx(src: Source) -> pd.DataFrame:
    """The first sheet, headerless, every cell as read (header search happens in detect)."""
    with src.open() as fh:
        data = fh.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise IngestError(
                "this ZIP file is not an Excel .xlsx workbook (no xl/workbook.xml)",
                file_name=src.name,
            )
        return pd.read_excel(io.BytesIO(data), header=None, dtype=object, engine="openpyxl")
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise IngestError(f"the workbook cannot be read ({exc})", file_name=src.name) from exc


def find_sheet_header(sheet: pd.DataFrame, is_header: Callable[[list[str]], bool]) -> int:
    """Row index of the header in a workbook that may carry banner rows above it: the first
    row ``is_header`` recognises, else the fullest of the first rows."""
    top = sheet.head(HEADER_SEARCH_ROWS)
    cells = [
        [("" if pd.isna(v) else str(v).strip()) for v in row] for row in top.itertuples(index=False)
    ]
    for i, row in enumerate(cells):
        if is_header(row):
            return i
    counts = [sum(1 for c in row if c) for row in cells]
    if not counts or max(counts) < 2:
        return 0
    return counts.index(max(counts))


def sheet_columns(sheet: pd.DataFrame, header_row: int) -> list[str]:
    """Header cells as names; blank ones keep their position as ``Unnamed: i`` like pandas."""
    row = sheet.iloc[header_row].tolist() if len(sheet) > header_row else []
    return [
        f"Unnamed: {i}"
        if (v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "")
        else str(v).strip()
        for i, v in enumerate(row)
    ]
