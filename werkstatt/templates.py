"""Vetted templates: TOML data files in ``resources/templates/``, validated strictly.

A template turns form fields (and optionally a document) into a system and a user prompt.
Placeholders are written ``{{name}}``; ``{{dokument}}`` stands for the document text.
Unknown keys, missing keys and placeholders without a field are errors naming file and key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .engine.contract import Generation
from .errors import WerkstattError

DOCUMENT = "dokument"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")
FIELD_TYPES = {"text", "multiline", "choice", "date"}
OUTPUT_KINDS = {"summary", "letter", "minutes", "text", "email"}
# What a template's fields may fill in its export layout (``export/layout.py`` reads these
# names, never a template's own field ids): a field says ``layout = "subject"``.
LAYOUT_SLOTS = {
    "letter": {"addressee_form", "addressee", "address", "subject", "reference"},
    "minutes": {"body", "meeting", "date", "place", "participants", "chair", "minute_taker"},
}
# A field may start with a part of the user's letterhead (``preset = "contact"``).
PRESETS = {"organisation", "unit", "address", "contact", "phone", "email"}
# A letter is never closed without a name: an empty "Unterzeichnet von" signs as this gap.
SIGNATURE_GAP = "[Unterzeichnende Person]"  # kept by quality.without_meta_lines
# "summary": werkstatt/summary.py (structure, facts, points); "items": one answer per "TOP n:"
# item of the document (drafting.stream_items, the meeting briefing)
PIPELINES = {"prompt", "summary", "items", "letter", "minutes", "plain"}  # pipeline.WAYS

_TOP_KEYS = {
    "id", "title", "category", "description", "version", "document", "document_label",
    "output", "long_documents", "pipeline", "cover", "fields", "prompt", "generation", "vetted",
    "library_only", "document_first",
}
_TOP_REQUIRED = {"id", "title", "category", "description", "version", "document", "output",
                 "prompt", "generation", "vetted"}
_FIELD_KEYS = {"id", "label", "type", "required", "default", "options", "option_prompts",
               "placeholder", "help", "export_only", "layout", "preset", "hidden"}
_FIELD_REQUIRED = {"id", "label", "type"}
_PROMPT_KEYS = {"system", "user", "answer_prefix", "closing"}
_PROMPT_REQUIRED = {"system", "user"}
_GEN_KEYS = {"temperature", "max_tokens", "repeat_penalty", "top_p", "top_k", "stop", "lookup"}
_GEN_REQUIRED = {"temperature", "max_tokens"}
_VETTED_KEYS = {"by", "date", "notes"}


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str
    required: bool = False
    default: str = ""
    options: tuple[str, ...] = ()
    option_prompts: dict[str, str] = field(default_factory=dict)
    placeholder: str = ""
    help: str = ""
    export_only: bool = False  # only for the exported document's layout (e.g. an address)
    layout: str = ""  # the part of the export layout it fills (LAYOUT_SLOTS)
    preset: str = ""  # the letterhead part it starts with when empty (PRESETS)
    hidden: bool = False  # not in the form: its preset fills it (the letter's Belehrung office)


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    answer_prefix: str = ""
    closing: str = ""


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    category: str
    description: str
    version: str
    document: bool
    output: str
    system: str
    user: str
    generation: Generation
    vetted_by: str
    vetted_on: str
    fields: tuple[Field, ...] = ()
    document_label: str = "Dokument"
    answer_prefix: str = ""
    closing: str = ""
    long_documents: bool = False
    pipeline: str = "prompt"
    # Needs input only the council library builds (passages with their sources): offered in
    # the Gremien view and ``werkstatt gremien``, not in the main window's list.
    library_only: bool = False
    cover: str = ""  # "dokument" or a field id: notes whose facts the draft must carry
    # The document first, after one preamble all such templates share, and the template's
    # role and task after it: a second template on the same document reuses the engine's
    # evaluation of it (render).
    document_first: bool = False
    source: Path | None = None
    content_hash: str = ""

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise WerkstattError(
            f"Die Vorlage „{self.id}“ hat kein Feld „{field_id}“. "
            f"Felder: {', '.join(f.id for f in self.fields) or 'keine'}."
        )

    def layout_values(self, values: dict[str, str]) -> dict[str, str]:
        """The values of the fields that fill the export layout, by layout part."""
        return {f.layout: values.get(f.id, "") for f in self.fields if f.layout}

    def resolve_values(self, values: dict[str, str]) -> dict[str, str]:
        """Defaults filled in and every required field checked, with a German error."""
        for key in values:
            self.field(key)
        resolved: dict[str, str] = {}
        for f in self.fields:
            value = (values.get(f.id) or "").strip() or f.default
            if f.required and not value:
                raise WerkstattError(f"Das Pflichtfeld „{f.label}“ ({f.id}) ist leer.")
            if f.type == "choice" and value and value not in f.options:
                raise WerkstattError(
                    f"„{value}“ ist für „{f.label}“ nicht erlaubt. "
                    f"Möglich: {', '.join(f.options)}."
                )
            if f.type == "date" and value:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    raise WerkstattError(
                        f"„{value}“ ist kein Datum für „{f.label}“ (Format JJJJ-MM-TT)."
                    ) from None
            resolved[f.id] = value
        return resolved

    def render(self, values: dict[str, str], document: str = "") -> Prompt:
        """The prompt for these field values and this document."""
        resolved = self.resolve_values(values)
        if self.document and not document.strip():
            raise WerkstattError(f"Die Vorlage „{self.title}“ braucht ein Dokument als Eingabe.")
        subst = {}
        for f in self.fields:
            value = resolved[f.id]
            if f.type == "date" and value:
                value = dt.date.fromisoformat(value).strftime("%d.%m.%Y")
            subst[f.id] = f.option_prompts.get(value, value) if f.type == "choice" else value
        subst[DOCUMENT] = document.strip()

        gaps = {f.id: SIGNATURE_GAP for f in self.fields if f.preset == "contact"}

        def fill(text: str, signed: bool = False) -> str:
            # A line whose placeholders are all empty is left out (optional fields); in the
            # closing, an empty signature is a visible gap the user must fill.
            lines = []
            for line in text.splitlines():
                names = PLACEHOLDER.findall(line)
                if names and not any(subst[n] for n in names):
                    if signed and any(n in gaps for n in names):
                        lines.append(PLACEHOLDER.sub(lambda m: gaps.get(m.group(1), ""), line).strip())
                    continue
                filled = PLACEHOLDER.sub(lambda m: subst[m.group(1)], line)
                lines.append(re.sub(r"(?<=\S) +([,.:])", r"\1", filled) if names else filled)
            return "\n".join(lines).strip()

        prefix = fill(self.answer_prefix)
        if prefix:  # keep the blank lines after a prefix such as a salutation
            prefix += self.answer_prefix[len(self.answer_prefix.rstrip()):]
        closing = fill(self.closing, signed=True)
        if self.document_first:
            task = fill(self.user.split(_DOCUMENT_END, 1)[1])
            user = f"{document_block(document)}\n\n{fill(self.system)}\n\n{task}"
            return Prompt(DOCUMENT_PREAMBLE, user, prefix, closing)
        return Prompt(fill(self.system), fill(self.user), prefix, closing)


def check_keys(raw: Any, allowed: set[str], required: set[str], where: str) -> None:
    """A strict TOML table: a German error naming ``where`` for a non-table, an unknown or a
    missing key (the templates and the letter data are read alike)."""
    if not isinstance(raw, dict):
        raise WerkstattError(f"{where}: Tabelle erwartet.")
    for key in sorted(raw):
        if key not in allowed:
            raise WerkstattError(f"{where}: unbekannter Schlüssel „{key}“.")
    for key in sorted(required):
        if key not in raw:
            raise WerkstattError(f"{where}: Schlüssel „{key}“ fehlt.")


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise WerkstattError(f"{where}: falscher Typ ({type(value).__name__}).")
    return value


def _preset(value: Any, where: str) -> str:
    preset = _expect(value, str, f"{where}.preset")
    if preset and preset not in PRESETS:
        raise WerkstattError(f"{where}.preset: „{preset}“ ist keiner von {sorted(PRESETS)}.")
    return str(preset)


def _hidden(raw: Any, where: str) -> bool:
    hidden = bool(_expect(raw.get("hidden", False), bool, f"{where}.hidden"))
    if hidden and not raw.get("preset"):
        raise WerkstattError(f"{where}.hidden: ein verborgenes Feld braucht ein „preset“.")
    return hidden


def _parse_field(raw: Any, where: str) -> Field:
    check_keys(raw, _FIELD_KEYS, _FIELD_REQUIRED, where)
    fid = _expect(raw["id"], str, f"{where}.id")
    where = f"{where} ({fid})"
    ftype = raw["type"]
    if ftype not in FIELD_TYPES:
        raise WerkstattError(f"{where}.type: „{ftype}“ ist keiner von {sorted(FIELD_TYPES)}.")
    options = tuple(_expect(raw.get("options", []), list, f"{where}.options"))
    if ftype == "choice" and not options:
        raise WerkstattError(f"{where}.options: eine Auswahl braucht Optionen.")
    option_prompts = dict(_expect(raw.get("option_prompts", {}), dict, f"{where}.option_prompts"))
    for key in option_prompts:
        if key not in options:
            raise WerkstattError(f"{where}.option_prompts: „{key}“ ist keine Option.")
    default = str(raw.get("default", ""))
    if ftype == "choice" and default and default not in options:
        raise WerkstattError(f"{where}.default: „{default}“ ist keine Option.")
    return Field(
        id=fid, label=_expect(raw["label"], str, f"{where}.label"), type=ftype,
        required=_expect(raw.get("required", False), bool, f"{where}.required"),
        default=default, options=options, option_prompts=option_prompts,
        placeholder=str(raw.get("placeholder", "")), help=str(raw.get("help", "")),
        export_only=_expect(raw.get("export_only", False), bool, f"{where}.export_only"),
        layout=_expect(raw.get("layout", ""), str, f"{where}.layout"),
        preset=_preset(raw.get("preset", ""), where),
        hidden=_hidden(raw, where),
    )


# The system prompt of every template with ``document_first`` (vetted with them), and the
# block the document stands in at the start of their user prompt.
DOCUMENT_PREAMBLE = ("Du arbeitest für die Hansestadt Lübeck. Zuerst kommt ein Dokument, danach die "
                     "Aufgabe dazu. Du antwortest auf Deutsch und erfindest nichts: Du verwendest nur "
                     "Angaben aus dem Dokument und übernimmst Namen, Zahlen, Beträge und Daten genau.")
_DOCUMENT_END = "{{" + DOCUMENT + '}}\n"""'
_DOCUMENT_FIRST = re.compile(r'^[^\n"]{1,60}:\n"""\n\{\{' + DOCUMENT + r'\}\}\n"""\n')


def document_block(document: str) -> str:
    """The document as every ``document_first`` prompt begins with it."""
    return f'Dokument:\n"""\n{document.strip()}\n"""'


def parse_template(text: str, source: Path) -> Template:
    name = source.name
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WerkstattError(f"Vorlage {name}: kein gültiges TOML ({exc}).") from None
    check_keys(raw, _TOP_KEYS, _TOP_REQUIRED, f"Vorlage {name}")
    fields = tuple(
        _parse_field(f, f"Vorlage {name}: fields[{i}]")
        for i, f in enumerate(_expect(raw.get("fields", []), list, f"Vorlage {name}: fields"))
    )
    ids = [f.id for f in fields]
    if len(set(ids)) != len(ids) or DOCUMENT in ids:
        raise WerkstattError(f"Vorlage {name}: fields: doppelte oder reservierte Feld-ID.")
    check_keys(raw["prompt"], _PROMPT_KEYS, _PROMPT_REQUIRED, f"Vorlage {name}: prompt")
    check_keys(raw["generation"], _GEN_KEYS, _GEN_REQUIRED, f"Vorlage {name}: generation")
    check_keys(raw["vetted"], _VETTED_KEYS, {"by", "date"}, f"Vorlage {name}: vetted")
    known = set(ids) | {DOCUMENT}
    used: set[str] = set()
    for part in ("system", "user", "answer_prefix", "closing"):
        text_part = _expect(raw["prompt"].get(part, ""), str, f"Vorlage {name}: prompt.{part}")
        for placeholder in PLACEHOLDER.findall(text_part):
            if placeholder not in known:
                raise WerkstattError(
                    f"Vorlage {name}: prompt.{part}: Platzhalter „{{{{{placeholder}}}}}“ "
                    "hat kein Feld."
                )
            used.add(placeholder)
    document = _expect(raw["document"], bool, f"Vorlage {name}: document")
    if document and DOCUMENT not in used:
        raise WerkstattError(f"Vorlage {name}: prompt: Platzhalter „{{{{dokument}}}}“ fehlt.")
    unused = [f.id for f in fields if f.id not in used and not f.export_only]
    if unused:
        raise WerkstattError(f"Vorlage {name}: fields: Feld „{unused[0]}“ wird im Prompt nicht verwendet.")
    if raw["output"] not in OUTPUT_KINDS:
        raise WerkstattError(f"Vorlage {name}: output: „{raw['output']}“ ist unbekannt.")
    slots = LAYOUT_SLOTS.get(raw["output"], set())
    for f in fields:
        if f.layout and f.layout not in slots:
            known_slots = ", ".join(sorted(slots)) or "keine Felder"
            raise WerkstattError(f"Vorlage {name}: fields ({f.id}).layout: „{f.layout}“ gibt es "
                                 f"im Layout „{raw['output']}“ nicht ({known_slots}).")
    filled = [f.layout for f in fields if f.layout]
    if len(set(filled)) != len(filled):
        raise WerkstattError(f"Vorlage {name}: fields: zwei Felder füllen denselben Layout-Teil.")
    if raw.get("cover", DOCUMENT) not in known:
        raise WerkstattError(f"Vorlage {name}: cover: „{raw['cover']}“ ist weder „dokument“ "
                             "noch ein Feld.")
    document_first = _expect(raw.get("document_first", False), bool, f"Vorlage {name}: document_first")
    if document_first and not _DOCUMENT_FIRST.match(raw["prompt"]["user"].lstrip("\n")):
        raise WerkstattError(f'Vorlage {name}: document_first: prompt.user muss mit „Dokument:\\n"""\\n'
                             f'{{{{dokument}}}}\\n"""“ beginnen.')
    if raw.get("pipeline", "prompt") not in PIPELINES:
        raise WerkstattError(f"Vorlage {name}: pipeline: „{raw['pipeline']}“ ist unbekannt "
                             f"({', '.join(sorted(PIPELINES))}).")
    gen = raw["generation"]
    generation = Generation(
        temperature=float(_expect(gen["temperature"], (int, float),
                                  f"Vorlage {name}: generation.temperature")),
        max_tokens=_expect(gen["max_tokens"], int, f"Vorlage {name}: generation.max_tokens"),
        repeat_penalty=float(gen.get("repeat_penalty", 1.1)),
        top_p=float(gen.get("top_p", 0.9)),
        top_k=int(gen.get("top_k", 40)),
        stop=tuple(_expect(gen.get("stop", []), list, f"Vorlage {name}: generation.stop")),
        lookup=_expect(gen.get("lookup", False), bool, f"Vorlage {name}: generation.lookup"),
    )
    return Template(
        id=_expect(raw["id"], str, f"Vorlage {name}: id"),
        title=_expect(raw["title"], str, f"Vorlage {name}: title"),
        category=_expect(raw["category"], str, f"Vorlage {name}: category"),
        description=" ".join(
            _expect(raw["description"], str, f"Vorlage {name}: description").split()),
        version=str(raw["version"]),
        document=document,
        document_label=str(raw.get("document_label", "Dokument")),
        output=raw["output"],
        long_documents=_expect(raw.get("long_documents", False), bool, f"Vorlage {name}: long_documents"),
        pipeline=str(raw.get("pipeline", "prompt")),
        library_only=_expect(raw.get("library_only", False), bool, f"Vorlage {name}: library_only"),
        cover=str(raw.get("cover", "")), document_first=document_first,
        system=raw["prompt"]["system"], user=raw["prompt"]["user"],
        answer_prefix=raw["prompt"].get("answer_prefix", "").lstrip("\n"),
        closing=raw["prompt"].get("closing", "").strip(),
        generation=generation, fields=fields,
        vetted_by=str(raw["vetted"]["by"]), vetted_on=str(raw["vetted"]["date"]),
        source=source, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


MAX_TEMPLATE_BYTES = 256 * 1024  # a template is a page of text, not a payload


def templates_dir() -> Path:
    return paths.resources_dir() / "templates"


def load_templates(folder: Path | None = None) -> list[Template]:
    """All templates, sorted by category and title. Any invalid file is an error."""
    folder = folder or templates_dir()
    result: dict[str, Template] = {}
    for file in sorted(folder.glob("*.toml")):
        try:
            if file.stat().st_size > MAX_TEMPLATE_BYTES:
                raise WerkstattError(f"Vorlage {file.name} ist mit {file.stat().st_size // 1024} KB "
                                     f"zu groß (höchstens {MAX_TEMPLATE_BYTES // 1024} KB).")
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WerkstattError(f"Vorlage {file.name} ist nicht lesbar: {exc}") from None
        template = parse_template(text, file)
        if template.id in result:
            raise WerkstattError(f"Vorlage {file.name}: id „{template.id}“ gibt es zweimal.")
        result[template.id] = template
    return sorted(result.values(), key=lambda t: (t.category, t.title))


def get_template(template_id: str, templates: list[Template] | None = None) -> Template:
    for template in templates if templates is not None else load_templates():
        if template.id == template_id:
            return template
    raise WerkstattError(f"Die Vorlage „{template_id}“ gibt es nicht. Liste: werkstatt templates")
