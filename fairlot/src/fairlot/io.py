"""Read selection instances from a folder with the CSV format of the reference instances.

- ``features.csv``: ``feature,value,min,max``
- ``people.csv``: ``id`` plus one column per feature (other columns are kept but ignored;
  a column named by ``household_column``, if given, holds the household code)
- ``panel_size.txt``: the number of seats
"""

from __future__ import annotations

import csv
from pathlib import Path

from .errors import InvalidInstance
from .model import Instance, Quota


def read_quotas(path: str | Path) -> list[Quota]:
    quotas: list[Quota] = []
    problems: list[str] = []
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
            except (KeyError, TypeError, ValueError):
                problems.append(f"Regel {line} van {Path(path).name} is niet goed (verwacht: feature,value,min,max).")
    if problems:
        raise InvalidInstance(problems)
    return quotas


def read_people(path: str | Path, id_column: str = "id") -> dict[str, dict[str, str]]:
    people: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or id_column not in reader.fieldnames:
            raise InvalidInstance([f"{Path(path).name} heeft geen kolom '{id_column}'."])
        for row in reader:
            pid = (row.get(id_column) or "").strip()
            if not pid:
                continue
            if pid in people:
                raise InvalidInstance([f"Het nummer '{pid}' staat twee keer in {Path(path).name}."])
            people[pid] = {k: (v or "").strip() for k, v in row.items() if k != id_column and k is not None}
    return people


def load_instance(folder: str | Path, *, household_column: str | None = None) -> Instance:
    folder = Path(folder)
    quotas = read_quotas(folder / "features.csv")
    people = read_people(folder / "people.csv")
    try:
        k = int((folder / "panel_size.txt").read_text(encoding="utf-8").strip())
    except ValueError as exc:
        raise InvalidInstance(["panel_size.txt bevat geen geheel getal."]) from exc
    households = None
    if household_column:
        households = {pid: vals.get(household_column, "") for pid, vals in people.items()}
    return Instance(people=people, quotas=quotas, panel_size=k, households=households, name=folder.name)
