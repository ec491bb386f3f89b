"""The configuration file of a scheduled scan (``provenance.toml``).

A cron line should be no more than ``provenance scan --config
provenance.toml``: the file names what to read, where the database is,
how to read and detect, and whom to tell. Paths in it are relative to the
file, so the line works from any working directory. Every key is checked:
a misspelt one is an error naming the file and the key, never silently
ignored.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.errors import ProvenanceError
from provenance.ingest.fetch import is_url
from provenance.settings import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

class ConfigError(ProvenanceError):
    """The configuration file cannot be used."""


@dataclass(frozen=True)
class Alert:
    """Whom to tell, and about what.

    Attributes:
        outlets: Outlets whose derivatives are news (empty: only new clusters are).
        file: A JSON file written when there is news.
        command: A shell command run with the JSON on its standard input.
    """

    outlets: tuple[str, ...] = ()
    file: Path | None = None
    command: str | None = None


@dataclass(frozen=True)
class Config:
    """A scheduled scan, as its file describes it."""

    path: Path
    database: Path | None = None
    sources: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    wait: float | None = None
    detection: Any = None
    alert: Alert | None = None


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return value


def _unknown(keys: set[str], known: set[str], where: str, path: Path) -> None:
    extra = sorted(keys - known)
    if extra:
        raise ConfigError(f"{path}: unknown key {extra[0]!r} in {where}: expected one of {', '.join(sorted(known))}")


def _override(settings: Any, values: dict[str, Any], where: str, path: Path) -> Any:
    """A settings dataclass with some fields replaced, nested tables going into nested dataclasses."""
    fields = {f.name: f for f in dataclasses.fields(settings)}
    _unknown(set(values), set(fields), where, path)
    changes = {}
    for name, value in values.items():
        current = getattr(settings, name)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {where}.{name} must be a table")
            changes[name] = _override(current, value, f"{where}.{name}", path)
        elif type(value) is type(current) or (type(current) is float and type(value) is int):
            changes[name] = type(current)(value)
        else:
            raise ConfigError(f"{path}: {where}.{name} must be a {type(current).__name__}, not {value!r}")
    return dataclasses.replace(settings, **changes)


def load(path: str | Path) -> Config:
    """Read and check a configuration file.

    Raises:
        ConfigError: The file is missing, is not TOML, or holds a key or
            value this version does not know.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no configuration file {path}: give the path of a provenance.toml") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path} ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML ({error}): fix that line") from None
    base = path.resolve().parent
    _unknown(set(data), {"database", "sources", "scan", "fetch", "detection", "alert"}, "the file", path)
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ConfigError(f"{path}: sources must be a list of paths and feed URLs")
    scan = _table(data, "scan", path)
    _unknown(set(scan), {"max_file_mb", "timezone", "wait"}, "[scan]", path)
    settings = Settings()
    if "max_file_mb" in scan:
        settings = dataclasses.replace(settings, max_file_bytes=int(scan["max_file_mb"]) * 1024 * 1024)
    if "timezone" in scan:
        settings = dataclasses.replace(settings, default_timezone=str(scan["timezone"]))
    fetch = _table(data, "fetch", path)
    _unknown(set(fetch), {"timeout", "retries", "backoff"}, "[fetch]", path)
    for name, value in fetch.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ConfigError(f"{path}: [fetch].{name} must be a number of at least 0, not {value!r}")
    settings = dataclasses.replace(
        settings, **{f"fetch_{name}": type(getattr(settings, f"fetch_{name}"))(value) for name, value in fetch.items()}
    )
    detection = None
    if "detection" in data:
        from provenance.detect import DetectSettings  # only when the file tunes detection

        detection = _override(DetectSettings(), _table(data, "detection", path), "[detection]", path)
    alert = None
    if "alert" in data:
        table = _table(data, "alert", path)
        _unknown(set(table), {"outlets", "file", "command"}, "[alert]", path)
        alert = Alert(
            outlets=tuple(str(o) for o in table.get("outlets", [])),
            file=base / table["file"] if "file" in table else None,
            command=str(table["command"]) if "command" in table else None,
        )
    database = data.get("database")
    return Config(
        path=path,
        database=base / str(database) if database else None,
        sources=tuple(source if is_url(source) else str(base / source) for source in sources),
        settings=settings,
        wait=float(scan["wait"]) if "wait" in scan else None,
        detection=detection,
        alert=alert,
    )
