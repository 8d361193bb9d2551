"""Read selection instances from CSV files.

- quotas: ``feature,value,min,max`` (one row per feature value)
- people: ``id`` plus one column per feature (other columns are kept but ignored; a column named
  by ``household_column``, if given, holds the household code)

:func:`read_instance` reads the two files and takes the number of seats as an argument;
:func:`load_instance` reads a folder in the format of the reference instances (``features.csv``,
``people.csv``, ``panel_size.txt``). Problems raise :class:`~fairlot.InvalidInstance` with codes
``file.*`` (README, "Messages"). Files are UTF-8 (a byte-order mark is allowed), comma-separated.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .errors import InvalidInstance
from .messages import Issue
from .model import Instance, Quota


def read_quotas(path: str | Path) -> list[Quota]:
    quotas: list[Quota] = []
    problems: list[Issue] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for line, row in enumerate(reader, start=2):
            try:
                quotas.append(
                    Quota(
                        feature=row["feature"].strip(),
                        value=row["value"].strip(),
                        min=int(row["min"]),
                        max=int(row["max"]),
                    )
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                problems.append(Issue("file.quota_row_invalid", line=line, file=Path(path).name))
    if problems:
        raise InvalidInstance(problems)
    return quotas


def read_people(path: str | Path, id_column: str = "id") -> dict[str, dict[str, str]]:
    people: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or id_column not in reader.fieldnames:
            raise InvalidInstance([Issue("file.column_missing", file=Path(path).name, column=id_column)])
        for row in reader:
            pid = (row.get(id_column) or "").strip()
            if not pid:
                continue
            if pid in people:
                raise InvalidInstance([Issue("file.id_twice", id=pid, file=Path(path).name)])
            people[pid] = {k: (v or "").strip() for k, v in row.items() if k != id_column and k is not None}
    return people


def read_instance(
    people: str | Path,
    quotas: str | Path,
    panel_size: int,
    *,
    id_column: str = "id",
    household_column: str | None = None,
    name: str = "",
) -> Instance:
    """An instance from a people file and a quotas file (see the module docstring)."""
    quota_list = read_quotas(quotas)
    return _instance(read_people(people, id_column=id_column), quota_list, panel_size, household_column, name)


def load_instance(folder: str | Path, *, household_column: str | None = None) -> Instance:
    """An instance from a folder with ``people.csv``, ``features.csv`` and ``panel_size.txt``."""
    folder = Path(folder)
    quotas = read_quotas(folder / "features.csv")
    people = read_people(folder / "people.csv")
    try:
        k = int((folder / "panel_size.txt").read_text(encoding="utf-8").strip())
    except ValueError as exc:
        raise InvalidInstance([Issue("file.panel_size_invalid", file="panel_size.txt")]) from exc
    return _instance(people, quotas, k, household_column, folder.name)


def _instance(
    people: dict[str, dict[str, str]], quotas: list[Quota], k: int, household_column: str | None, name: str
) -> Instance:
    households = None
    if household_column:
        households = {pid: vals.get(household_column, "") for pid, vals in people.items()}
    return Instance(people=people, quotas=quotas, panel_size=int(k), households=households, name=name)
