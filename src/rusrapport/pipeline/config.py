"""The report's configuration (``report.toml``) and the command line's overrides of it.

Imports nothing heavy: a no-op rebuild must decide there is nothing to do in well under a second.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from rusrapport.errors import InputError

INPUTS = ("survey", "fieldwork", "deaths", "population", "standard_population")
MAPPED = ("survey", "deaths", "population")
DEFAULT_MIN_CATEGORY_COUNT = 3  # respondents behind a published category (rusrapport.analysis.disclosure)


@dataclass(frozen=True)
class ChapterSpec:
    id: str
    notebook: Path
    title: str
    parameters: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportConfig:
    root: Path
    title: str
    edition_year: int
    output_dir: Path
    inputs: dict[str, Path]
    mappings: dict[str, Path | None]
    synthetic_inputs: frozenset[Path]
    parameters: dict[str, object]
    chapters: tuple[ChapterSpec, ...]
    exclude_control_drug: bool = True  # drop respondents who report the fictitious control drug
    min_category_count: int = (
        DEFAULT_MIN_CATEGORY_COUNT  # [publication]: fewer respondents -> a category is not published
    )

    @property
    def synthetic(self) -> bool:
        """True when any input in use is one of the default synthetic/derived files."""
        return any(path in self.synthetic_inputs for path in self.inputs.values())

    def with_overrides(
        self,
        *,
        year: int | None = None,
        inputs: dict[str, str | None] | None = None,
        output: str | None = None,
        chapters: list[str] | None = None,
    ) -> ReportConfig:
        new_inputs = dict(self.inputs)
        for key, value in (inputs or {}).items():
            if value:
                new_inputs[key] = Path(value).resolve()
        selected = self.chapters
        if chapters:
            known = {c.id for c in self.chapters}
            unknown = [c for c in chapters if c not in known]
            if unknown:
                raise InputError.single(
                    "report.toml", f"unknown chapter(s) {unknown}; known: {sorted(known)}"
                )
            selected = tuple(c for c in self.chapters if c.id in chapters)
        return replace(
            self,
            edition_year=self.edition_year if year is None else _year(year, "--year"),
            inputs=new_inputs,
            output_dir=Path(output).resolve() if output else self.output_dir,
            chapters=selected,
        )


def load_config(path: str | Path = "report.toml") -> ReportConfig:
    path = Path(path).resolve()
    name = str(path)
    if not path.exists():
        raise InputError.single(name, "report configuration not found")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError.single(name, f"cannot be parsed: {exc}") from exc
    root = path.parent
    try:
        report, data = raw["report"], raw["data"]
        chapters = tuple(
            ChapterSpec(
                _text(c, "id", name),
                _notebook(root, _text(c, "notebook", name), name),
                _text(c, "title", name),
                dict(c.get("parameters", {})),
            )
            for c in raw["chapters"]
        )
        inputs = {key: (root / _text(data, key, name)).resolve() for key in INPUTS}
        title = _text(report, "title", name)
        edition_year = _year(report["edition_year"], name)
        mapped = {key: data.get(f"{key}_mapping", "") for key in MAPPED}
        min_count = _min_category_count(raw.get("publication", {}), name)
        output = report.get("output_dir", "outputs")
    except KeyError as exc:
        raise InputError.single(name, f"missing setting {exc}") from exc
    except (TypeError, AttributeError) as exc:
        raise InputError.single(name, f"a table or list is not where a setting belongs: {exc}") from exc
    for key, value in [*(mapped.items()), ("output_dir", output)]:
        if not isinstance(value, str):
            raise InputError.single(name, f"setting '{key}' must be a text (a path), not {value!r}")
    ids = [c.id for c in chapters]
    if len(set(ids)) != len(ids):
        raise InputError.single(name, f"chapter ids must be unique: {ids}")
    mappings = {key: (root / value).resolve() if value else None for key, value in mapped.items()}
    return ReportConfig(
        root=root,
        title=title,
        edition_year=edition_year,
        output_dir=(root / output).resolve(),
        inputs=inputs,
        mappings=mappings,
        synthetic_inputs=frozenset((root / p).resolve() for p in data.get("synthetic", [])),
        parameters=dict(raw.get("parameters", {})),
        chapters=chapters,
        exclude_control_drug=bool(data.get("exclude_control_drug", True)),
        min_category_count=min_count,
    )


def _min_category_count(publication: dict, file: str) -> int:
    """``[publication] min_category_count``: a whole number of respondents, at least 1."""
    value = publication.get("min_category_count", DEFAULT_MIN_CATEGORY_COUNT)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError.single(
            file,
            f"setting 'min_category_count' in [publication] must be a whole number of at least 1, not {value!r}",
        )
    return value


def _text(table: dict, key: str, file: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError.single(file, f"setting '{key}' must be a non-empty text, not {value!r}")
    return value


def _year(value: object, file: str) -> int:
    """A four-digit year; ``2025.5``, ``"2025"`` or ``true`` are refused rather than coerced."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise InputError.single(file, f"setting 'edition_year' must be a year such as 2025, not {value!r}")
    return value


def _notebook(root: Path, relative: str, file: str) -> Path:
    """The chapter's notebook, refused now (exit 2) when missing or not a readable notebook."""
    import json

    path = (root / relative).resolve()
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError.single(file, f"notebook {relative} not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError.single(file, f"notebook {relative} cannot be read (truncated?): {exc}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise InputError.single(file, f"notebook {relative} is not a Jupyter notebook (no list of cells)")
    return path
