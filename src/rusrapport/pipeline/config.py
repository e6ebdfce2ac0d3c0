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
            edition_year=year or self.edition_year,
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
            ChapterSpec(c["id"], (root / c["notebook"]).resolve(), c["title"], dict(c.get("parameters", {})))
            for c in raw["chapters"]
        )
        inputs = {key: (root / data[key]).resolve() for key in INPUTS}
    except KeyError as exc:
        raise InputError.single(name, f"missing setting {exc}") from exc
    ids = [c.id for c in chapters]
    if len(set(ids)) != len(ids):
        raise InputError.single(name, f"chapter ids must be unique: {ids}")
    mappings = {
        key: (root / data[f"{key}_mapping"]).resolve() if data.get(f"{key}_mapping") else None
        for key in MAPPED
    }
    return ReportConfig(
        root=root,
        title=report["title"],
        edition_year=int(report["edition_year"]),
        output_dir=(root / report.get("output_dir", "outputs")).resolve(),
        inputs=inputs,
        mappings=mappings,
        synthetic_inputs=frozenset((root / p).resolve() for p in data.get("synthetic", [])),
        parameters=dict(raw.get("parameters", {})),
        chapters=chapters,
        exclude_control_drug=bool(data.get("exclude_control_drug", True)),
    )
