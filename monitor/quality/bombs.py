"""Hostile files that once cost the reader gigabytes, generated at any size.

Each function returns the bytes of one file. The test corpus (``tests/hostile``) builds small
ones, whose refusal must be quick and cheap; ``refusal_cost`` builds them at full size and
measures what refusing them costs (time and peak memory, in a fresh process each).

* ``wide_header``: a CSV whose header, below a banner line, has hundreds of thousands of
  fields (any delimiter);
* ``wide_first_row``: a normal header over a data row with hundreds of thousands of fields
  (pandas would make them an index of as many levels);
* ``long_line``: a normal CSV with one line of many megabytes and no line break;
* ``xlsx_far_dimension`` / ``xlsx_far_cell``: a tiny workbook whose sheet claims, or holds, a
  cell at the last row and column Excel allows;
* ``xlsx_shared_strings``: a workbook whose shared-strings part inflates to ``mb`` megabytes;
* ``xlsx_wide_row``: one row of millions of cells (repeated, or distinct numbers that
  compress like real data);
* ``xlsx_rows``: a well-formed exportcomments workbook of ``n`` rows (a bomb only for a row
  limit below ``n``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

EC_HEADER = (
    "", "", "Name", "Username", "Profile ID", "Date", "Likes", "Comment", "User Verified",
    "Thumbnail", "Comment ID", "Profile URL", "Comment URL",
)  # fmt: skip
POST_URL = "https://www.instagram.com/p/CIbomb0001/"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _ec_row(i: int) -> list[str]:
    cid = str(18100000000000000 + i)
    return [
        str(i + 1), "", f"Warga {i}", f"warga_{i}", str(4000 + i), "2020-12-06 10:15:00", str(i % 9),
        f"Kapan bansos cair? nomor {i}", "No", "", cid, f"https://www.instagram.com/warga_{i}",
        f"{POST_URL}c/{cid}/",
    ]  # fmt: skip


# --- CSV -------------------------------------------------------------------------------------


def wide_header(columns: int = 500_000, delimiter: str = "|", banner: bool = True) -> bytes:
    """An exportcomments header widened to ``columns`` fields (the extra ones unnamed, so the
    header fits in the first megabyte), below a banner line, then three data rows."""
    head = "Laporan komentar Instagram\n" if banner else ""
    pad = delimiter * (columns - len(EC_HEADER))
    header = delimiter.join(EC_HEADER) + pad
    rows = [delimiter.join(_ec_row(i)) + pad for i in range(3)]
    return (head + "\n".join([header, *rows]) + "\n").encode()


def wide_first_row(columns: int = 500_000) -> bytes:
    """An exportcomments header, then a data row of ``columns`` fields, then normal rows."""
    lines = [",".join(EC_HEADER), ",".join(["1"] * columns)]
    lines += [",".join(_ec_row(i)) for i in range(3)]
    return ("\n".join(lines) + "\n").encode()


def long_line(mb: int = 50) -> bytes:
    """A normal exportcomments CSV whose fourth line runs ``mb`` megabytes without a break."""
    lines = [",".join(EC_HEADER)] + [",".join(_ec_row(i)) for i in range(3)]
    text = ("\n".join(lines) + "\n").encode()
    return text + b"a" * (mb << 20) + b"\n" + ",".join(_ec_row(4)).encode() + b"\n"


# --- XLSX ------------------------------------------------------------------------------------


def _content_types(shared: bool) -> str:
    parts = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    ]
    if shared:
        parts.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(parts) + "</Types>"
    )


def _workbook_rels(shared: bool) -> str:
    rels = [f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared:
        rels.append(
            f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">{"".join(rels)}</Relationships>'


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def _column_letter(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _row(r: int, values: Iterable[str]) -> str:
    cells = "".join(_cell(f"{_column_letter(c)}{r}", v) for c, v in enumerate(values, 1) if v)
    return f'<row r="{r}">{cells}</row>'


def workbook(
    sheet_rows: Iterable[str],
    *,
    dimension: str | None = None,
    shared_strings: Iterable[bytes] | None = None,
    level: int = 6,
) -> bytes:
    """A minimal .xlsx: ``sheet_rows`` are ``<row>`` elements (streamed into the zip),
    ``shared_strings`` the chunks of a shared-strings part (None: no such part)."""
    out = io.BytesIO()
    shared = shared_strings is not None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _content_types(shared))
        zf.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        zf.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><sheets><sheet name="Komentar" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(shared))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            fh.write(
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'.encode()
            )
            fh.write(f"{dim}<sheetData>".encode())
            batch: list[str] = []
            for row in sheet_rows:
                batch.append(row)
                if len(batch) >= 10_000:
                    fh.write("".join(batch).encode())
                    batch = []
            fh.write("".join(batch).encode())
            fh.write(b"</sheetData></worksheet>")
        if shared_strings is not None:
            with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'.encode())
                for chunk in shared_strings:
                    fh.write(chunk)
                fh.write(b"</sst>")
    return out.getvalue()


def _ec_sheet(n: int, start: int = 1) -> Iterator[str]:
    yield _row(start, EC_HEADER)
    for i in range(n):
        yield _row(start + 1 + i, _ec_row(i))


def xlsx_rows(n: int = 1_000_000) -> bytes:
    """A well-formed exportcomments workbook of ``n`` comment rows (inline strings)."""
    return workbook(_ec_sheet(n), dimension=f"A1:M{n + 1}", level=1)


def xlsx_far_dimension() -> bytes:
    """Three comment rows under a dimension claiming the whole sheet (A1:XFD1048576)."""
    return workbook(_ec_sheet(3), dimension="A1:XFD1048576")


def xlsx_far_cell() -> bytes:
    """Three comment rows and one more cell at XFD1048576, the last one Excel allows."""
    rows = [*_ec_sheet(3), f'<row r="1048576">{_cell("XFD1048576", "x")}</row>']
    return workbook(rows)


def xlsx_wide_row(cells: int = 5_000_000, distinct: bool = False) -> bytes:
    """A header row, then one row of ``cells`` cells without a reference (column after column);
    ``distinct`` numbers compress like real data (no zip bomb), else all the same text."""
    if distinct:
        wide = '<row r="2">' + "".join(f"<c><v>{i * 7919 % 10**9}</v></c>" for i in range(cells))
    else:
        wide = '<row r="2">' + '<c t="inlineStr"><is><t>x</t></is></c>' * cells
    return workbook([_row(1, EC_HEADER), wide + "</row>"])


def xlsx_shared_strings(mb: int = 1024) -> bytes:
    """Three comment rows, and a shared-strings part inflating to about ``mb`` megabytes."""
    unit = b"<si><t>" + b"a" * 1000 + b"</t></si>"
    block = unit * 1000  # about 1 MB
    return workbook(_ec_sheet(3), shared_strings=(block for _ in range(mb)), level=9)
