"""Reading and checking an organisation file (CSV or XLSX) for the network import.

Two steps, both without side effects:

1. :func:`table_read` turns the uploaded bytes into a header and rows of text. A file it cannot
   read raises :class:`ImportFileError` with a message for the coordinator.
2. :func:`rows_check` checks every row against the hub's network and returns one
   :class:`CheckedRow` per row: ``new``, ``duplicate`` (skipped on import) or ``error``.

Writing happens in :func:`participatiehub.network.services.network_import_commit`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from participatiehub.core.csvutil import csv_delimiter
from participatiehub.geo.models import Municipality

from .constants import (
    DOMAIN_ALIASES,
    DOMAIN_FIELDS,
    HEADER_ALIASES,
    IMPORT_COLUMNS,
    IMPORT_MAX_BYTES,
    IMPORT_MAX_CELL_CHARS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_LINES,
    IMPORT_MAX_ROWS,
    ORGANISATION_TYPE_ALIASES,
    ORGANISATION_TYPE_DUTCH,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNPACKED_BYTES,
    XLSX_RATIO_FROM_BYTES,
    OrganisationType,
    RowStatus,
)
from .models import Organisation

MAX_NAME = 250
MAX_PHONE = 40
_LIST_SEPARATORS = re.compile(r"[;,|\n]")
_GM_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
_GM_IN_TEXT = re.compile(r"\((GM\d{4})\)\s*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileError(Exception):
    """The file as a whole cannot be used (wrong type, too big, unreadable, no name column)."""


@dataclass
class CheckedRow:
    row: int  # the line number as a spreadsheet shows it (the header is line 1)
    status: str = RowStatus.NEW
    data: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"row": self.row, "status": str(self.status), "data": self.data, "messages": self.messages}


# --- step 1: bytes to text rows ------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents and spaces: 'Patiënten- organisatie ' -> 'patientenorganisatie'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s\-_.'/]+", "", text.lower())


def header_key(header: str) -> str | None:
    """The canonical column for a header cell, or None when we do not know it."""
    folded = _fold(header or "")
    for key, aliases in HEADER_ALIASES.items():
        if folded in aliases:
            return key
    return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("", str(value)).strip()
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # the export quotes text that a spreadsheet would read as a formula
    return text


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("The file has more than %(max)s rows. Split it up.") % {"max": IMPORT_MAX_ROWS})


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("A row has more than %(max)s columns. Keep only the columns of the template.") % {"max": IMPORT_MAX_COLUMNS}
    )


def _cell_too_long() -> ImportFileError:
    return ImportFileError(
        _("A cell holds more than %(max)s characters. Shorten it or leave it empty.") % {"max": IMPORT_MAX_CELL_CHARS}
    )


def _row_within_limits(row: list) -> list:
    """The row without its empty cells beyond the last allowed column; refuses too wide rows and long cells."""
    if len(row) > IMPORT_MAX_COLUMNS:
        if any(_cell_text(value) for value in row[IMPORT_MAX_COLUMNS:]):
            raise _too_many_columns()
        row = row[:IMPORT_MAX_COLUMNS]
    if any(isinstance(value, str) and len(value) > IMPORT_MAX_CELL_CHARS for value in row):
        raise _cell_too_long()
    return row


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not in UTF-8. Save it from Excel as 'CSV UTF-8' and upload it again.")
        ) from exc
    text = text.replace("\x00", "")
    delimiter = csv_delimiter(text)
    rows = []
    filled = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(_row_within_limits(row))
            filled += any(cell.strip() for cell in row)
            if filled > IMPORT_MAX_ROWS + 1 or len(rows) > IMPORT_MAX_LINES:
                raise _too_many_rows()
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long() from exc
        raise ImportFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    return rows


# An .xlsx is checked before openpyxl unpacks it: openpyxl holds all shared strings in memory and
# builds every cell of a row (also empty ones up to a cell far to the right) before we see the row.
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_XLSX_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]*)(\d+)["']""")
# Bytes in the XML for one cell's text at most: a character takes up to 6 (an entity such as &quot;).
_XLSX_MAX_TEXT_BYTES = IMPORT_MAX_CELL_CHARS * 6 + 1024
_XLSX_CHUNK = 1024 * 1024


def _xlsx_column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


class _SheetCounter:
    """Counts lines and cells per line in worksheet XML, refusing as soon as a limit is passed."""

    def __init__(self):
        self.rows = 0
        self.cells = 0

    def feed(self, body: bytes) -> None:
        for match in _XLSX_TAG.finditer(body):
            ref = _XLSX_REF.search(match.group(2))
            if match.group(1) == b"row":
                self.rows += 1
                self.cells = 0
                if self.rows > IMPORT_MAX_LINES or (ref and int(ref.group(2)) > IMPORT_MAX_LINES):
                    raise _too_many_rows()
            else:
                self.cells += 1
                if self.cells > IMPORT_MAX_COLUMNS or (ref and _xlsx_column(ref.group(1)) > IMPORT_MAX_COLUMNS):
                    raise _too_many_columns()
                if ref and int(ref.group(2)) > IMPORT_MAX_LINES:
                    raise _too_many_rows()


def _xlsx_scan(archive: zipfile.ZipFile, name: str, counter: _SheetCounter) -> None:
    """Read one XML part in chunks: refuse text runs longer than a cell may be, too many lines or cells
    per line. Python's zipfile never unpacks more than the size the zip states for the part."""
    carry = b""
    with archive.open(name) as stream:
        first = stream.read(_XLSX_CHUNK)
        if first[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise ValueError("UTF-16 XML")  # Excel writes UTF-8; the scan below reads bytes as UTF-8
        if not first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return  # not XML (an image, say): openpyxl does not parse it
        chunk = first
        while True:
            buffer = carry + chunk
            cut = buffer.rfind(b"<") if chunk else len(buffer)
            if cut <= 0:
                body, carry = b"", buffer
            else:
                body, carry = buffer[:cut], buffer[cut:]
            if len(carry) > _XLSX_MAX_TEXT_BYTES or (body and max(map(len, body.split(b"<"))) > _XLSX_MAX_TEXT_BYTES):
                raise _cell_too_long()
            counter.feed(body)
            if not chunk:
                return
            chunk = stream.read(_XLSX_CHUNK)


def _xlsx_archive(data: bytes) -> None:
    """Refuse the zip before openpyxl opens it: when unpacking would be too much, or a part holds too
    many lines, cells or characters."""
    unreadable = ImportFileError(_("The Excel file cannot be read. Save it again as .xlsx and upload it again."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable from exc
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > XLSX_MAX_PARTS or unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "Unpacked, this Excel file holds %(size)s MB; the limit is %(limit)s MB. Keep only the organisations in it."
            )
            % {"size": round(unpacked / 1024 / 1024, 1), "limit": XLSX_MAX_UNPACKED_BYTES // 1024 // 1024}
        )
    for part in parts:
        if part.file_size > XLSX_RATIO_FROM_BYTES and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1):
            raise ImportFileError(
                _("This Excel file is packed in an unusual way and is not read. Save it again from Excel.")
            )
    try:
        for part in parts:  # every XML part, whatever its name: openpyxl reads the start of every sheet
            _xlsx_scan(archive, part.filename, _SheetCounter())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:  # e.g. a part bigger than it says
        raise unreadable from exc


def _read_xlsx(data: bytes) -> list[list]:
    _xlsx_archive(data)
    from openpyxl import load_workbook

    unreadable = ImportFileError(_("The Excel file cannot be read. Save it again as .xlsx and upload it again."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged files
        raise unreadable from exc
    try:
        if not workbook.worksheets:
            raise unreadable
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(max_row=IMPORT_MAX_LINES, max_col=IMPORT_MAX_COLUMNS, values_only=True):
            rows.append(_row_within_limits(list(row)))
        return rows
    except ImportFileError:
        raise
    except Exception as exc:
        raise unreadable from exc
    finally:
        workbook.close()


def table_read(filename: str, data: bytes) -> tuple[list[str | None], list[tuple[int, dict[str, str]]]]:
    """Read the upload. Returns the canonical column per header cell and ``(line, {column: text})`` per row.

    Empty rows are left out. Raises :class:`ImportFileError` for a file that cannot be used.
    """
    if len(data) > IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too big (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": IMPORT_MAX_BYTES // 1024 // 1024}
        )
    if not data:
        raise ImportFileError(_("The file is empty."))
    name = (filename or "").lower()
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith(".xlsx"):
        if not is_zip or not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFileError(_("This file is not a real .xlsx file. Save it again from Excel."))
        raw = _read_xlsx(data)
    elif name.endswith(".csv"):
        if is_zip:
            raise ImportFileError(_("This looks like an Excel file. Give it the extension .xlsx."))
        raw = _read_csv(data)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))

    # The header is the first row that has any text.
    start = 0
    while start < len(raw) and not any(_cell_text(c) for c in raw[start]):
        start += 1
    if start >= len(raw):
        raise ImportFileError(_("The file has no rows."))
    columns = [header_key(_cell_text(c)) for c in raw[start]]
    if "naam" not in columns:
        raise ImportFileError(
            _("The first row must hold the column names. The column 'naam' is missing. Use the template.")
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for index, raw_row in enumerate(raw[start + 1 :], start=start + 2):
        cells = {}
        for column, value in zip(columns, raw_row, strict=False):
            if column and column not in cells:
                text = _cell_text(value)
                if column == "kvk" and isinstance(value, int | float) and not isinstance(value, bool):
                    text = text.zfill(8)  # Excel drops the leading zeros of a KvK number
                cells[column] = text
        if not any(cells.values()) and not any(_cell_text(v) for v in raw_row):
            continue
        rows.append((index, cells))
        if len(rows) > IMPORT_MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows. Split it up.") % {"max": IMPORT_MAX_ROWS})
    return columns, rows


# --- step 2: checking the rows ---------------------------------------------------------------


def _type_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for choice in OrganisationType:
        lookup[_fold(choice.value)] = choice.value
        lookup[_fold(str(choice.label))] = choice.value
        lookup[_fold(ORGANISATION_TYPE_DUTCH[choice])] = choice.value
    for alias, value in ORGANISATION_TYPE_ALIASES.items():
        lookup[_fold(alias)] = value
    # The English labels, whatever the active language.
    from django.utils import translation

    with translation.override("en"):
        for choice in OrganisationType:
            lookup.setdefault(_fold(str(choice.label)), choice.value)
    return lookup


def _split(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SEPARATORS.split(text or "") if part.strip()]


class MunicipalityIndex:
    """All municipalities in memory (about 350), looked up by GM code or name."""

    def __init__(self):
        self.by_code: dict[str, Municipality] = {}
        self.by_name: dict[str, list[Municipality]] = {}
        for municipality in Municipality.objects.only("id", "code", "name", "valid_until_year"):
            self.by_code[municipality.code.upper()] = municipality
            self.by_name.setdefault(_fold(municipality.name), []).append(municipality)

    def find(self, text: str) -> tuple[Municipality | None, str | None]:
        match = _GM_IN_TEXT.search(text)
        code = match.group(1) if match else text
        if _GM_CODE.match(code):
            found = self.by_code.get(code.upper())
            return (found, None) if found else (None, "unknown")
        candidates = self.by_name.get(_fold(text), [])
        if len(candidates) > 1:
            current = [m for m in candidates if m.valid_until_year is None]
            candidates = current if current else candidates
        if len(candidates) == 1:
            return candidates[0], None
        return None, "ambiguous" if candidates else "unknown"


def _normalise_url(text: str) -> str:
    if text and not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text
    return text


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name or "")).strip().casefold()


def duplicate_keys(name: str, municipality_codes: list[str]) -> set[tuple[str, str]]:
    """Two organisations are the same when they have the same name and share a municipality."""
    key = name_key(name)
    return {(key, code) for code in municipality_codes} or {(key, "")}


def existing_keys(hub) -> tuple[set[str], set[tuple[str, str]]]:
    """KvK numbers and (name, municipality) keys already in the hub's network (two queries)."""
    kvks = set(Organisation.objects.filter(hub=hub).exclude(kvk_number="").values_list("kvk_number", flat=True))
    codes_by_org: dict[int, list[str]] = {}
    through = Organisation.municipalities.through
    for org_id, code in through.objects.filter(organisation__hub=hub).values_list(
        "organisation_id", "municipality__code"
    ):
        codes_by_org.setdefault(org_id, []).append(code)
    keys: set[tuple[str, str]] = set()
    for org_id, name in Organisation.objects.filter(hub=hub).values_list("id", "name"):
        keys |= duplicate_keys(name, codes_by_org.get(org_id, []))
    return kvks, keys


def _check_cells(
    line: int, cells: dict[str, str], types: dict[str, str], municipalities: MunicipalityIndex
) -> CheckedRow:
    result = CheckedRow(row=line)
    errors = result.messages

    def error(message: str, **params) -> None:
        errors.append(_("Row %(row)s: ") % {"row": line} + message % params)

    name = re.sub(r"\s+", " ", cells.get("naam", "")).strip()
    if not name:
        error(_("the name is missing."))
    elif len(name) > MAX_NAME:
        error(_("the name is longer than %(max)s characters."), max=MAX_NAME)

    type_text = cells.get("type", "")
    org_type = types.get(_fold(type_text)) if type_text else None
    if not type_text:
        error(_("the type is missing. Choose from: %(choices)s."), choices=", ".join(ORGANISATION_TYPE_DUTCH.values()))
    elif org_type is None:
        error(
            _("type '%(value)s' does not exist. Choose from: %(choices)s."),
            value=type_text[:60],
            choices=", ".join(ORGANISATION_TYPE_DUTCH.values()),
        )

    kvk = re.sub(r"[\s.]", "", cells.get("kvk", ""))
    if kvk and not re.fullmatch(r"\d{8}", kvk):
        error(_("KvK number must have 8 digits."))

    codes: list[str] = []
    for part in _split(cells.get("gemeenten", "")):
        municipality, problem = municipalities.find(part)
        if problem == "ambiguous":
            error(_("there are several municipalities called '%(value)s'. Use the GM code."), value=part[:60])
        elif municipality is None:
            error(_("municipality '%(value)s' does not exist. Use the name or the GM code."), value=part[:60])
        elif municipality.code not in codes:
            codes.append(municipality.code)

    domains: list[str] = []
    for part in _split(cells.get("domeinen", "")):
        domain = DOMAIN_ALIASES.get(_fold(part))
        if domain is None:
            error(
                _("domain '%(value)s' does not exist. Choose from: zorg, gezondheid, ondersteuning."), value=part[:60]
            )
        elif domain not in domains:
            domains.append(str(domain))

    website = _normalise_url(cells.get("website", ""))
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            error(_("website '%(value)s' is not a valid web address."), value=cells.get("website", "")[:80])
        if len(website) > 200:
            error(_("the web address is longer than 200 characters."))

    email = cells.get("e-mail", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error(_("e-mail address '%(value)s' is not valid."), value=email[:80])

    phone = cells.get("telefoon", "")
    if len(phone) > MAX_PHONE:
        error(_("the phone number is longer than %(max)s characters."), max=MAX_PHONE)

    if errors:
        result.status = RowStatus.ERROR
    result.data = {
        "name": name,
        "org_type": org_type or "",
        "kvk_number": kvk,
        "municipalities": codes,
        "domains": domains,
        "website": website,
        "email": email,
        "phone": phone,
    }
    return result


def rows_check(hub, rows: list[tuple[int, dict[str, str]]]) -> list[CheckedRow]:
    """Check all rows; mark duplicates of the hub's network and of earlier rows in the file."""
    types = _type_lookup()
    municipalities = MunicipalityIndex()
    kvks, keys = existing_keys(hub)
    seen_kvks: dict[str, int] = {}
    seen_keys: dict[tuple[str, str], int] = {}
    checked = []
    for line, cells in rows:
        result = _check_cells(line, cells, types, municipalities)
        checked.append(result)
        if result.status == RowStatus.ERROR:
            continue
        data = result.data
        row_keys = duplicate_keys(data["name"], data["municipalities"])
        if data["kvk_number"] and data["kvk_number"] in kvks:
            result.status = RowStatus.DUPLICATE
            result.messages.append(_("Already in the network (same KvK number)."))
        elif keys & row_keys:
            result.status = RowStatus.DUPLICATE
            result.messages.append(_("Already in the network (same name and municipality)."))
        elif data["kvk_number"] and data["kvk_number"] in seen_kvks:
            result.status = RowStatus.DUPLICATE
            result.messages.append(
                _("Same KvK number as row %(row)s in this file.") % {"row": seen_kvks[data["kvk_number"]]}
            )
        elif earlier := next((seen_keys[k] for k in row_keys if k in seen_keys), None):
            result.status = RowStatus.DUPLICATE
            result.messages.append(_("Same name and municipality as row %(row)s in this file.") % {"row": earlier})
        else:
            if data["kvk_number"]:
                seen_kvks[data["kvk_number"]] = line
            for key in row_keys:
                seen_keys.setdefault(key, line)
    return checked


# --- the export / template layout --------------------------------------------------------------


def organisation_row(organisation: Organisation) -> list[str]:
    """One organisation in the import layout (so an export can be imported again)."""
    domains = [domain for domain, field_name in DOMAIN_FIELDS.items() if getattr(organisation, field_name)]
    from .constants import DOMAIN_DUTCH

    return [
        organisation.name,
        ORGANISATION_TYPE_DUTCH.get(organisation.org_type, organisation.org_type),
        organisation.kvk_number,
        "; ".join(m.name for m in organisation.municipalities.all()),
        "; ".join(DOMAIN_DUTCH[d] for d in domains),
        organisation.website,
        organisation.email,
        organisation.phone,
    ]


EXAMPLE_ROW = [
    "Stichting Voorbeeld Welzijn",
    ORGANISATION_TYPE_DUTCH[OrganisationType.WELFARE],
    "12345678",
    "Utrecht; GM0307",
    "ondersteuning; zorg",
    "https://www.voorbeeld.nl",
    "info@voorbeeld.nl",
    "030 123 45 67",
]

__all__ = [
    "IMPORT_COLUMNS",
    "CheckedRow",
    "ImportFileError",
    "organisation_row",
    "rows_check",
    "table_read",
]
