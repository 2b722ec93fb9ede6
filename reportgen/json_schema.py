"""The input's and the catalogue's JSON Schema, from the pydantic models.

Editors that speak the YAML language server (VS Code, and others through it)
complete and check a file whose first line is

    # yaml-language-server: $schema=reportgen-input.schema.json

The titles and descriptions are the models' own (schema.py, catalogue.py), so
the schema, the error messages and the web editor's forms say the same thing.
Files that reportgen writes for an office (`import`, `new`) carry that line,
and the schema file is written beside them, so the editor finds it offline
and it matches the reportgen that wrote it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Kind = Literal["input", "catalogue"]
FILE_NAMES: dict[str, str] = {
    "input": "reportgen-input.schema.json",
    "catalogue": "reportgen-catalogue.schema.json",
}


def schema(kind: Kind = "input") -> dict:
    """The JSON Schema of a year's input or of a catalogue; `$defs` named by the models (ASCII)."""
    if kind == "catalogue":
        from reportgen.catalogue import Catalogue as model
    else:
        from reportgen.schema import ReportInput as model
    # "validation": what may be written, not what the model hands back.
    return {"$schema": DIALECT, **model.model_json_schema(mode="validation")}


def schema_text(kind: Kind = "input") -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def modeline(kind: Kind = "input") -> str:
    """The comment that tells the YAML language server which schema a file follows."""
    return f"# yaml-language-server: $schema={FILE_NAMES[kind]}"


def write_beside(yaml_path: Path, kind: Kind = "input") -> Path:
    """Write (or bring up to date) the schema file the modeline names, beside `yaml_path`.

    The file is generated: rewriting it when reportgen's version changed it is
    right; an unchanged one is left alone (its date does not move)."""
    path = yaml_path.parent / FILE_NAMES[kind]
    text = schema_text(kind)
    if not path.is_file() or path.read_text(encoding="utf-8", errors="replace") != text:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return path


def plain_data(value: object) -> object:
    """Loaded YAML as JSON would hold it (dates as ISO strings), to check against the schema."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
