from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from participatiehub.network import services
from participatiehub.network.constants import IMPORT_COLUMNS, ImportStatus, OrganisationType, RowStatus
from participatiehub.network.importing import ImportFileError, rows_check, table_read
from participatiehub.network.models import NetworkImport, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = ["Naam", " Type ", "KvK-nummer", "Gemeenten", "Domeinen", "Website", "E-mail", "Telefoon"]
GOOD = [
    [
        "Welzijn Zeist",
        "welzijnsorganisatie",
        "12345678",
        "Zeist",
        "ondersteuning",
        "www.welzijnzeist.nl",
        "info@wz.nl",
        "030 1234567",
    ],
    ["GGD regio Utrecht", "GGD", "23456789", "GM0344; Amersfoort", "gezondheid, zorg", "", "", ""],
    ["Cliëntenraad UMC", "patient_organisation", "", "Utrecht", "zorg", "", "", ""],
]


def csv_bytes(rows, *, delimiter=",", bom=False, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def prepare(hub, user, data, filename="organisaties.csv") -> NetworkImport:
    return services.network_import_prepare(hub=hub, actor=user, filename=filename, data=data)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (csv_bytes(GOOD), "a.csv"),
        (csv_bytes(GOOD, delimiter=";"), "a.csv"),
        (csv_bytes(GOOD, delimiter=";", bom=True), "a.csv"),
        (csv_bytes(GOOD, bom=True), "A.CSV"),
        (xlsx_bytes(GOOD), "a.xlsx"),
    ],
    ids=["comma", "semicolon", "semicolon-bom", "comma-bom", "xlsx"],
)
def test_formats_are_read_the_same(hub, coordinator_user, data, filename):
    network_import = prepare(hub, coordinator_user, data, filename)
    assert (network_import.new_count, network_import.duplicate_count, network_import.error_count) == (3, 0, 0)
    first, second, third = network_import.rows
    assert first["row"] == 2
    assert first["data"] == {
        "name": "Welzijn Zeist",
        "org_type": "welfare",
        "kvk_number": "12345678",
        "municipalities": ["GM0355"],
        "domains": ["support"],
        "website": "https://www.welzijnzeist.nl",
        "email": "info@wz.nl",
        "phone": "030 1234567",
    }
    assert second["data"]["municipalities"] == ["GM0344", "GM0307"]
    assert set(second["data"]["domains"]) == {"health", "care"}
    assert third["data"]["org_type"] == OrganisationType.PATIENT_ORGANISATION
    assert not Organisation.objects.exists()  # the preview writes nothing


def test_english_headers_and_bar_separator(hub, coordinator_user):
    header = ["name", "type", "KvK", "municipalities", "domains", "website", "email", "phone"]
    data = csv_bytes([["Org", "Care provider", "", "Utrecht|Zeist", "care|health", "", "", ""]], header=header)
    network_import = prepare(hub, coordinator_user, data)
    assert network_import.error_count == 0
    assert network_import.rows[0]["data"]["municipalities"] == ["GM0344", "GM0355"]
    assert network_import.rows[0]["data"]["org_type"] == "care_provider"


def test_xlsx_numeric_kvk_keeps_leading_zero(hub, coordinator_user):
    data = xlsx_bytes([["Org", "gemeente", 1234567, "Utrecht", "", "", "", ""]])
    network_import = prepare(hub, coordinator_user, data, "a.xlsx")
    assert network_import.rows[0]["data"]["kvk_number"] == "01234567"


def test_row_errors_are_specific(hub, coordinator_user):
    rows = [
        GOOD[0],
        ["Org B", "zorgbedrijf", "", "", "", "", "", ""],
        ["Org C", "gemeente", "1234", "", "", "", "", ""],
        ["", "gemeente", "", "Nergenshuizen", "sport", "niet een url", "geen-mail", ""],
    ]
    network_import = prepare(hub, coordinator_user, csv_bytes(rows))
    assert network_import.error_count == 3
    messages = [m for row in network_import.rows for m in row["messages"]]
    assert any(m.startswith("Row 3: type 'zorgbedrijf' does not exist. Choose from: gemeente,") for m in messages)
    assert "Row 4: KvK number must have 8 digits." in messages
    row5 = network_import.rows[3]["messages"]
    assert "Row 5: the name is missing." in row5
    assert any("municipality 'Nergenshuizen' does not exist" in m for m in row5)
    assert any("domain 'sport' does not exist" in m for m in row5)
    assert any("is not a valid web address" in m for m in row5)
    assert any("e-mail address 'geen-mail' is not valid" in m for m in row5)


def test_duplicates_in_hub_and_in_file(hub, coordinator_user, zeist, other_hub):
    existing = OrganisationFactory(hub=hub, name="Welzijn Zeist", kvk_number="")
    existing.municipalities.add(zeist)
    OrganisationFactory(hub=hub, name="Iets anders", kvk_number="23456789")
    OrganisationFactory(hub=other_hub, name="Cliëntenraad UMC", kvk_number="99999999")  # other hub: no duplicate
    rows = [
        GOOD[0],  # same name + municipality as existing (case differs below)
        GOOD[1],  # same KvK as "Iets anders"
        GOOD[2],
        ["cliëntenraad  umc", "overig", "", "Utrecht", "", "", "", ""],  # same name+municipality as row 4
        ["Ander", "overig", "99999999", "", "", "", "", ""],
        ["Nog een", "overig", "99999999", "", "", "", "", ""],  # same KvK as row 6
        ["Welzijn Zeist", "overig", "", "Utrecht", "", "", "", ""],  # same name, other municipality: new
    ]
    network_import = prepare(hub, coordinator_user, csv_bytes(rows))
    statuses = [row["status"] for row in network_import.rows]
    assert statuses == ["duplicate", "duplicate", "new", "duplicate", "new", "duplicate", "new"]
    messages = [row["messages"] for row in network_import.rows]
    assert messages[0] == ["Already in the network (same name and municipality)."]
    assert messages[1] == ["Already in the network (same KvK number)."]
    assert messages[3] == ["Same name and municipality as row 4 in this file."]
    assert messages[5] == ["Same KvK number as row 6 in this file."]

    created, skipped = services.network_import_commit(network_import=network_import, actor=coordinator_user)
    assert (created, skipped) == (3, 4)
    assert Organisation.objects.filter(hub=hub).count() == 5


def test_all_or_nothing_then_fixed_file(hub, coordinator_user):
    rows = [GOOD[0], GOOD[1], ["Kapot", "zorgbedrijf", "", "", "", "", "", ""]]
    bad = prepare(hub, coordinator_user, csv_bytes(rows))
    assert bad.error_count == 1 and not bad.can_commit
    with pytest.raises(ValidationError):
        services.network_import_commit(network_import=bad, actor=coordinator_user)
    assert not Organisation.objects.exists()
    bad.refresh_from_db()
    assert bad.status == ImportStatus.PENDING

    rows[2][1] = "zorgaanbieder"
    fixed = prepare(hub, coordinator_user, csv_bytes(rows))
    assert fixed.can_commit
    assert services.network_import_commit(network_import=fixed, actor=coordinator_user) == (3, 0)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "GGD regio Utrecht",
        "Kapot",
        "Welzijn Zeist",
    ]
    ggd = Organisation.objects.get(name="GGD regio Utrecht")
    assert sorted(ggd.municipalities.values_list("code", flat=True)) == ["GM0307", "GM0344"]
    assert ggd.domain_health and ggd.domain_care and not ggd.domain_support
    # A second commit of the same file is refused.
    with pytest.raises(ValidationError):
        services.network_import_commit(network_import=fixed, actor=coordinator_user)
    assert Organisation.objects.count() == 3


def test_commit_failure_midway_rolls_back(hub, coordinator_user, monkeypatch):
    network_import = prepare(hub, coordinator_user, csv_bytes(GOOD))
    through = Organisation.municipalities.through

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(through.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        services.network_import_commit(network_import=network_import, actor=coordinator_user)
    assert not Organisation.objects.exists()
    network_import.refresh_from_db()
    assert network_import.status == ImportStatus.PENDING


def test_commit_skips_rows_added_since_preview(hub, coordinator_user):
    network_import = prepare(hub, coordinator_user, csv_bytes(GOOD))
    OrganisationFactory(hub=hub, name="Iets", kvk_number="12345678")
    assert services.network_import_commit(network_import=network_import, actor=coordinator_user) == (2, 1)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"naam,type\n", "a.pdf", "Upload a .csv or .xlsx file."),
        ("naam;type\nCafé;gemeente\n".encode("latin-1"), "a.csv", "The file is not in UTF-8."),
        (b"foo,bar\n1,2\n", "a.csv", "The column 'naam' is missing."),
        (b"naam,type\nx,y\n", "a.xlsx", "This file is not a real .xlsx file."),
        (b"PK\x03\x04 rubbish", "a.xlsx", ""),
        (xlsx_bytes(GOOD), "a.csv", "This looks like an Excel file."),
        (b"x" * (5 * 1024 * 1024 + 1), "a.csv", "The file is too big"),
    ],
)
def test_file_errors(hub, data, filename, message):
    with pytest.raises(ImportFileError) as excinfo:
        table_read(filename, data)
    assert message in str(excinfo.value)


def test_empty_rows_skipped_and_line_numbers_kept():
    data = b"naam;type\n\n;\nA;gemeente\n"
    columns, rows = table_read("a.csv", data)
    assert columns == ["naam", "type"]
    assert rows == [(4, {"naam": "A", "type": "gemeente"})]


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell_text, min_size=0, max_size=10), max_size=8), delimiter=st.sampled_from([",", ";"]))
def test_parser_never_crashes_on_arbitrary_text(hub, rows, delimiter):
    data = csv_bytes(rows, delimiter=delimiter, header=IMPORT_COLUMNS)
    try:
        _, parsed = table_read("random.csv", data)
    except ImportFileError:
        return  # a clear message about the file as a whole is fine too
    checked = rows_check(hub, parsed)
    assert len(checked) == len(parsed)
    for row in checked:
        assert row.status in set(RowStatus)
        if row.status == RowStatus.ERROR:
            assert row.messages and all(m.startswith(f"Row {row.row}: ") for m in row.messages)
        else:
            assert row.data["name"] and row.data["org_type"] in set(OrganisationType)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), filename=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_parser_never_crashes_on_arbitrary_bytes(hub, data, filename):
    try:
        _, parsed = table_read(filename, data)
    except ImportFileError:
        return
    rows_check(hub, parsed)


def test_purge_command_deletes_old_imports(hub):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = services.network_import_prepare(hub=hub, actor=None, filename="a.csv", data=b"naam,type\nA,gemeente\n")
    new = services.network_import_prepare(hub=hub, actor=None, filename="b.csv", data=b"naam,type\nB,gemeente\n")
    NetworkImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("network_imports_purge", verbosity=0, stdout=io.StringIO())
    assert list(NetworkImport.objects.values_list("pk", flat=True)) == [new.pk]
