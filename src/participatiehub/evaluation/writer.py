"""Writing the export: one CSV per table, ``codebook.csv``, ``manifest.csv`` and ``README.txt`` in a ZIP.

CSV in the project's dialect for Dutch spreadsheets (as the monitoring downloads): UTF-8 with a
byte-order mark, ``;`` between fields, CRLF line ends, a decimal comma, no thousands separator; a text
that starts like a formula gets a leading ``'``. The data version is a hash of the tables' bytes: two
exports to the same recipient with the same data version hold the same data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from participatiehub.core.csvutil import formula_safe

from .constants import HIDDEN, MIN_CELL, SCHEMA_VERSION, SUPPRESSED
from .tables import TABLES, Column, Context, Table

BATCH = 500

CODEBOOK_COLUMNS = (
    Column("table", "code", "Het bestand (zonder .csv)."),
    Column("column", "code", "De kolom."),
    Column("type", "tekst", "Het soort waarde (zie README.txt)."),
    Column("description", "tekst", "Wat de kolom betekent."),
    Column("unit", "tekst", "De eenheid (leeg: geen)."),
    Column("suppression", "tekst", "Of en hoe kleine aantallen zijn afgeschermd (leeg: niet nodig)."),
    Column("source", "tekst", "Waar de waarde vandaan komt (app.Model.veld in de broncode)."),
    Column("values", "tekst", "De mogelijke codes met hun betekenis (leeg: vrij)."),
)
MANIFEST_COLUMNS = (
    Column("key", "code", "Het gegeven over deze export."),
    Column("value", "tekst", "De waarde."),
)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return formula_safe(str(value))


class _CsvMember:
    """One CSV file in the ZIP, written in batches; counts rows and feeds a hash."""

    def __init__(self, archive: zipfile.ZipFile, name: str, digest=None):
        self._handle = archive.open(name, "w", force_zip64=True)
        self._digest = digest
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=";", lineterminator="\r\n")
        self._pending = 0
        self.rows = 0
        self._emit("\ufeff")

    def _emit(self, text: str) -> None:
        data = text.encode("utf-8")
        self._handle.write(data)
        if self._digest is not None:
            self._digest.update(data)

    def _flush(self) -> None:
        self._emit(self._buffer.getvalue())
        self._buffer.seek(0)
        self._buffer.truncate()
        self._pending = 0

    def header(self, names: Sequence[str]) -> None:
        self._writer.writerow(names)

    def row(self, values: Sequence) -> None:
        self._writer.writerow([cell(v) for v in values])
        self.rows += 1
        self._pending += 1
        if self._pending >= BATCH:
            self._flush()

    def close(self) -> None:
        self._flush()
        self._handle.close()


@dataclass
class Summary:
    tables: list[dict] = field(default_factory=list)
    data_version: str = ""

    @property
    def rows(self) -> int:
        return sum(t["rows"] for t in self.tables)


def _table_rows(member: _CsvMember, columns: Sequence[Column], rows) -> None:
    member.header([c.name for c in columns])
    width = len(columns)
    for row in rows:
        if len(row) != width:  # pragma: no cover - a programming error in tables.py
            raise ValueError(f"{len(row)} values for {width} columns")
        member.row(row)


def write_zip(
    target,
    *,
    context: Context,
    meta: dict[str, str],
    tables: Sequence[Table] = TABLES,
    progress: Callable[[Table], None] = lambda table: None,
) -> Summary:
    """Write every table into a ZIP at ``target`` (a path or a binary file); returns what was written."""
    summary = Summary()
    digest = hashlib.sha256()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for table in tables:
            progress(table)
            member = _CsvMember(archive, table.filename, digest)
            _table_rows(member, table.columns, table.rows(context))
            member.close()
            summary.tables.append({"name": table.name, "rows": member.rows})
        summary.data_version = digest.hexdigest()[:12]

        member = _CsvMember(archive, "codebook.csv")
        codebook = [("codebook", CODEBOOK_COLUMNS), ("manifest", MANIFEST_COLUMNS)]
        _table_rows(
            member,
            CODEBOOK_COLUMNS,
            (
                [name, c.name, c.type, c.description, c.unit, c.suppression, c.source, c.values]
                for name, columns in [(t.name, t.columns) for t in tables] + codebook
                for c in columns
            ),
        )
        member.close()

        facts = manifest(meta, summary)
        member = _CsvMember(archive, "manifest.csv")
        _table_rows(member, MANIFEST_COLUMNS, facts)
        member.close()
        archive.writestr("README.txt", readme(facts, tables))
    return summary


def manifest(meta: dict[str, str], summary: Summary) -> list[list[str]]:
    rows = [
        ["schema_version", SCHEMA_VERSION],
        ["created_at", timezone.localtime().isoformat(timespec="seconds")],
        ["data_version", summary.data_version],
        *([key, value] for key, value in meta.items()),
    ]
    rows += [[f"rows.{t['name']}", str(t["rows"])] for t in summary.tables]
    return rows


def readme(facts: list[list[str]], tables: Sequence[Table]) -> str:
    about = dict(facts)
    lines = [
        "Participatiehub - export voor evaluatie",
        "=======================================",
        "",
        f"Versie van de tabellen: {about['schema_version']}",
        f"Gemaakt op: {about['created_at']}",
        f"Dataversie: {about['data_version']} (zelfde dataversie in een export aan u = dezelfde gegevens)",
        f"Ontvanger: {about.get('recipient', '')}",
        f"Doel: {about.get('purpose', '')}",
        f"Pseudoniemen: reeks {about.get('pseudonym_scope', '')}",
        "",
        "Pseudoniemen",
        "------------",
        "Personen (inwoners: DLN-, accounts: GBR-) en records (vraagstukken VRG-, trajecten TRJ-, enzovoort)",
        "staan er alleen in met een pseudoniem. Die pseudoniemen zijn gemaakt voor u: in elke export aan u",
        "heeft dezelfde persoon hetzelfde pseudoniem, zolang de reeks hierboven gelijk is. Een andere",
        "ontvanger krijgt andere pseudoniemen; bestanden van verschillende ontvangers zijn dus niet te",
        "koppelen. Verandert de reeks, dan is de sleutel vervangen en zijn de pseudoniemen nieuw.",
        "Hubs staan er met hun openbare korte naam in, organisaties met hun openbare naam.",
        "",
        "Wat er niet in staat",
        "--------------------",
        "Geen namen, e-mailadressen, telefoonnummers, adressen, plaatsen, geboortedata, postcodes of",
        "kenmerken van inwoners. Vrije teksten zijn geredigeerd zoals in het openbare verslag: namen,",
        "e-mailadressen en telefoonnummers zijn vervangen door een markering zoals [naam], [e-mailadres] of",
        "[telefoonnummer]. Wie zijn gegevens liet wissen, staat niet in participants.csv.",
        "",
        "Kleine aantallen",
        "----------------",
        f"Een aantal personen van 1 tot {MIN_CELL - 1} staat er als '{SUPPRESSED}'; 0 blijft 0. In een groep aantallen",
        "die samen een bekend totaal vormen (pool_quotas.csv: de waarden van één kenmerk in één pool) is,",
        f"als er precies één aantal '{SUPPRESSED}' is, ook het kleinste andere aantal verborgen als '{HIDDEN}': anders",
        "is het afgeschermde aantal terug te rekenen. Totalen over tabellen heen worden niet gegeven",
        "(geen totaal per hub van aantallen personen); tel zelf alleen niet-afgeschermde cellen op.",
        "",
        "Bestanden",
        "---------",
        "CSV voor Nederlandse spreadsheets: UTF-8 met BOM, ';' tussen velden, een decimale komma, data",
        "als JJJJ-MM-DD, kwartalen als JJJJ-Kn, ja/nee als 1/0, lijsten gescheiden door '|'. Een tekst die",
        "met =, +, -, of @ begint, krijgt een ' ervoor. Het codeboek (codebook.csv) beschrijft elke kolom;",
        "manifest.csv bevat de gegevens hierboven en het aantal regels per bestand.",
        "",
    ]
    lines += [f"- {t.filename}: {t.description}" for t in tables]
    lines += ["- codebook.csv: het codeboek.", "- manifest.csv: gegevens over deze export.", ""]
    return "\r\n".join(lines)
