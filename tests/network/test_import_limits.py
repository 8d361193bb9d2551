"""Import files that would unpack or parse into far more than an organisation list are refused fast.

The files are crafted here with zipfile (as an attacker would), so each test shows the limit that stops
it; none of them may take long or leave a stored import behind."""

from __future__ import annotations

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from participatiehub.network import services
from participatiehub.network.constants import IMPORT_MAX_CELL_CHARS
from participatiehub.network.importing import ImportFileError, table_read
from participatiehub.network.models import NetworkImport

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="xl/workbook.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b'<Relationship Id="rId2" Target="sharedStrings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    b"</Relationships>"
)
HEADER_ROW = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def _strings(*texts: bytes) -> bytes:
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in texts)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + b"</sst>"
    )


def crafted_xlsx(sheet_data: bytes, shared: bytes | None = None, sheet_path: str = "xl/worksheets/sheet1.xml") -> bytes:
    """An .xlsx with one sheet (at ``sheet_path``) holding ``sheet_data`` (the rows) and the shared strings."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet_data + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        target = ("../" + sheet_path) if not sheet_path.startswith("xl/") else sheet_path[3:]
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.replace(b"worksheets/sheet1.xml", target.encode()))
        archive.writestr(sheet_path, sheet)
        archive.writestr("xl/sharedStrings.xml", shared or _strings(b"naam", b"type", b"Welzijn A", b"welzijn"))
    return buffer.getvalue()


def _data_row(line: int) -> bytes:
    return f'<row r="{line}"><c r="A{line}" t="s"><v>2</v></c><c r="B{line}" t="s"><v>3</v></c></row>'.encode()


def _refused(data: bytes, message: str, seconds: float = 3.0) -> None:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as info:
        table_read("organisaties.xlsx", data)
    assert message in str(info.value)
    assert time.monotonic() - started < seconds


def test_a_crafted_file_within_the_limits_is_read():
    _columns, rows = table_read("organisaties.xlsx", crafted_xlsx(HEADER_ROW + _data_row(2) + _data_row(3)))
    assert rows == [(2, {"naam": "Welzijn A", "type": "welzijn"}), (3, {"naam": "Welzijn A", "type": "welzijn"})]


def test_a_huge_shared_string_is_refused_before_unpacking():
    """The reported file: 99 KB packed, one shared string of 100 million characters."""
    data = crafted_xlsx(HEADER_ROW + _data_row(2), _strings(b"naam", b"type", b"x" * 100_000_000, b"welzijn"))
    assert len(data) < 200_000
    _refused(data, "Unpacked, this Excel file holds 95.4 MB; the limit is 25 MB.")


def test_a_packed_part_with_a_too_high_ratio_is_refused():
    data = crafted_xlsx(HEADER_ROW + _data_row(2), _strings(b"naam", b"type", b"x" * 5_000_000, b"welzijn"))
    _refused(data, "This Excel file is packed in an unusual way")


def test_a_long_shared_string_is_refused_before_openpyxl_reads_it():
    text = bytes(range(65, 91)) * 2000  # 52,000 characters that do not pack well enough to trip the ratio
    _refused(crafted_xlsx(HEADER_ROW + _data_row(2), _strings(b"naam", b"type", text, b"welzijn")), "A cell holds more")


def test_a_cell_just_over_the_limit_is_refused_and_at_the_limit_is_read():
    at_limit = b"a" * IMPORT_MAX_CELL_CHARS
    _columns, rows = table_read(
        "a.xlsx", crafted_xlsx(HEADER_ROW + _data_row(2), _strings(b"naam", b"type", at_limit, b"w"))
    )
    assert len(rows[0][1]["naam"]) == IMPORT_MAX_CELL_CHARS
    over = _strings(b"naam", b"type", at_limit + b"a", b"w")
    _refused(crafted_xlsx(HEADER_ROW + _data_row(2), over), f"more than {IMPORT_MAX_CELL_CHARS} characters")


def _wide_row(cells: int) -> bytes:
    """A row of numbered cells (they do not pack so well that the ratio check would catch them first)."""
    return b'<row r="2">' + b"".join(b"<c><v>%d</v></c>" % i for i in range(cells)) + b"</row>"


def test_a_row_of_a_million_cells_is_refused_fast():
    """The reported row of 1,000,000 cells took 11 seconds to parse."""
    _refused(crafted_xlsx(HEADER_ROW + _wide_row(1_000_000)), "more than 100 columns")


def test_a_sheet_under_another_name_is_checked_too():
    data = crafted_xlsx(HEADER_ROW + _data_row(2), sheet_path="xl/gegevens.dat")
    assert table_read("a.xlsx", data)[1] == [(2, {"naam": "Welzijn A", "type": "welzijn"})]
    _refused(crafted_xlsx(HEADER_ROW + _wide_row(1_000_000), sheet_path="xl/gegevens.dat"), "more than 100 columns")


def test_a_row_of_a_million_empty_cells_packs_too_well():
    _refused(crafted_xlsx(HEADER_ROW + b'<row r="2">' + b"<c/>" * 1_000_000 + b"</row>"), "packed in an unusual way")


def test_a_hundred_and_one_cells_are_refused_a_hundred_are_read():
    _refused(crafted_xlsx(HEADER_ROW + _wide_row(101)), "more than 100 columns")
    _columns, rows = table_read("a.xlsx", crafted_xlsx(HEADER_ROW + _wide_row(100)))
    assert rows[0][1]["naam"] == "0"


def test_one_cell_far_to_the_right_is_refused():
    """openpyxl would fill the row with empty cells up to column XFD (16,384)."""
    row = b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="XFD2" t="s"><v>3</v></c></row>'
    _refused(crafted_xlsx(HEADER_ROW + row), "more than 100 columns")


def test_a_hundred_thousand_rows_are_refused_fast():
    rows = b"".join(_data_row(line) for line in range(2, 100_003))  # 100,001 data rows
    _refused(crafted_xlsx(HEADER_ROW + rows), "more than 5000 rows")


def test_one_cell_far_down_is_refused():
    """openpyxl would make a million empty rows to reach it."""
    _refused(crafted_xlsx(HEADER_ROW + _data_row(1_048_576)), "more than 5000 rows")


def test_a_part_that_unpacks_to_more_than_it_says_is_unreadable():
    data = bytearray(crafted_xlsx(HEADER_ROW + _data_row(2), _strings(b"naam", b"type", b"y" * 900_000, b"w")))
    # Lower the stated unpacked size of sharedStrings.xml in its central-directory entry.
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/sharedStrings.xml"))
    data[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(ImportFileError):
        table_read("a.xlsx", bytes(data))


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_limits():
    _columns, rows = table_read("a.csv", b"naam,type" + b"," * 500 + b"\nA,gemeente" + b"," * 500 + b"\n")
    assert rows == [(2, {"naam": "A", "type": "gemeente"})]  # empty cells to the right are fine
    for data, message in [
        (b"naam,type\nA,gemeente" + b",x" * 200 + b"\n", "more than 100 columns"),
        (b"naam,type\n" + b"A" * (IMPORT_MAX_CELL_CHARS + 1) + b",gemeente\n", "A cell holds more"),
        (b"naam,type\n" + b"A" * 200_000 + b",gemeente\n", "A cell holds more"),  # past csv's own field limit
        (b"naam,type\n" + b"A,gemeente\n" * 5001, "more than 5000 rows"),
        (b"naam,type\n" + b"\n" * 4_000_000 + b"A,gemeente\n", "more than 5000 rows"),
    ]:
        with pytest.raises(ImportFileError) as info:
            table_read("a.csv", data)
        assert message in str(info.value)


# --- through the page: a Dutch message and nothing stored -----------------------------------------


def test_the_upload_page_refuses_in_dutch_and_stores_nothing(client, hub, coordinator_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.force_login(coordinator_user)
    data = crafted_xlsx(HEADER_ROW + _wide_row(1_000_000))
    response = client.post(reverse("network:import", args=[hub.slug]), {"file": SimpleUploadedFile("lijst.xlsx", data)})
    assert response.status_code == 200
    assert "Een rij heeft meer dan 100 kolommen." in response.content.decode()
    assert not NetworkImport.objects.exists()
    with pytest.raises(ImportFileError):
        services.network_import_prepare(hub=hub, actor=coordinator_user, filename="lijst.xlsx", data=data)
    assert not NetworkImport.objects.exists()
