"""One place that reads settings from the environment.

Every variable is declared with a default and a help text, so that
``manage.py env_settings`` can list them and production can check them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

_REGISTRY: dict[str, EnvVar] = {}


class MissingSetting(RuntimeError):
    pass


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    required: bool = False


def _declare(name: str, default: Any, help: str, required: bool) -> str | None:
    _REGISTRY[name] = EnvVar(name=name, default=default, help=help, required=required)
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise MissingSetting(f"Environment variable {name} is required: {help}")
        return None
    return value


def env_str(name: str, default: str = "", *, help: str, required: bool = False) -> str:
    value = _declare(name, default, help, required)
    return default if value is None else value


def env_bool(name: str, default: bool, *, help: str) -> bool:
    value = _declare(name, default, help, False)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, *, help: str) -> int:
    value = _declare(name, default, help, False)
    return default if value is None else int(value)


def env_list(name: str, default: list[str], *, help: str, required: bool = False) -> list[str]:
    value = _declare(name, default, help, required)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def declared() -> list[EnvVar]:
    return sorted(_REGISTRY.values(), key=lambda var: var.name)
