"""Letter kinds and the Rechtsbehelfsbelehrung: vetted data in ``resources/letters/``.

``kinds.toml`` gives each writing template's kinds (the field that chooses one, per kind the
opening sentence the app writes, whether it is a decision, the words that propose it from
the notes, and its exemplary letter as note → sentence pairs for the model);
``rechtsbehelfsbelehrung.toml`` the blocks a decision letter ends with. Both are read
strictly, like the templates: an unknown or missing key is a German error naming the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import WerkstattError
from ..templates import check_keys

GAPS = {"bereich": "[Bereich]", "anschrift": "[Anschrift]"}  # empty letterhead parts
FALLBACK_KIND = "Auskunft"  # proposed when no cue of the notes says otherwise


@dataclass(frozen=True)
class Example:
    note: str
    sentence: str


@dataclass(frozen=True)
class Kind:
    template: str
    label: str
    opening: str
    opening_topic: str = ""  # with "{thema}": the subject of the e-mail being answered
    decision: bool = False  # ends with the Rechtsbehelfsbelehrung
    cues: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()

    def first_sentence(self, topic: str = "") -> str:
        """The opening the app writes after the salutation."""
        if topic and self.opening_topic:
            return self.opening_topic.replace("{thema}", topic)
        return self.opening


@dataclass(frozen=True)
class Block:
    kinds: tuple[str, ...]
    title: str
    text: str
    when: str = ""  # a pattern the notes must match


@dataclass(frozen=True)
class Letters:
    fields: dict[str, str]  # template id → the field that chooses the kind
    kinds: tuple[Kind, ...]
    common: tuple[Example, ...]
    blocks: tuple[Block, ...]
    status: str  # "" once the Rechtsamt has checked the blocks

    def of(self, template_id: str) -> list[Kind]:
        return [k for k in self.kinds if k.template == template_id]

    def kind(self, template_id: str, label: str) -> Kind:
        """The kind called ``label`` (the template's first kind if there is none)."""
        mine = self.of(template_id)
        if not mine:
            raise WerkstattError(f"Für die Vorlage „{template_id}“ sind keine Briefarten hinterlegt "
                                 "(resources/letters/kinds.toml).")
        return next((k for k in mine if k.label == label), mine[0])

    def propose(self, template_id: str, notes: str) -> str:
        """The kind the notes suggest: the first whose cue they contain, in the order of the
        file's most telling cues (a refusal before a grant, ...)."""
        text = notes.lower()
        order = ("Ablehnung", "Bewilligung", "Nachforderung von Unterlagen",
                 "Antwort auf eine Beschwerde", "Terminbestätigung", "Eingangsbestätigung")
        mine = {k.label: k for k in self.of(template_id)}
        for label in [*order, *mine]:
            kind = mine.get(label)
            if kind and any(re.search(cue, text) for cue in kind.cues):
                return kind.label
        return FALLBACK_KIND if FALLBACK_KIND in mine else next(iter(mine), "")

    def proposal(self, template_id: str, notes: str) -> tuple[str, str] | None:
        """(field, kind) the form should show for these notes; None for a template whose
        kinds are not proposed (the e-mail's tone) or for no notes."""
        field_id = self.fields.get(template_id, "")
        if not field_id or not notes.strip() or not any(k.cues for k in self.of(template_id)):
            return None
        return field_id, self.propose(template_id, notes)

    def belehrung(self, kind: Kind, notes: str, bereich: str, anschrift: str) -> str:
        """The blocks for ``kind`` filled from the letterhead ("" for a kind that decides
        nothing); the first block's title as a bold line above it."""
        where = {"bereich": _one_line(bereich) or GAPS["bereich"],
                 "anschrift": _one_line(anschrift) or GAPS["anschrift"]}
        parts = []
        for block in self.blocks:
            if kind.label not in block.kinds or (block.when and not re.search(block.when, notes.lower())):
                continue
            text = re.sub(r"\{(bereich|anschrift)\}", lambda m: where[m.group(1)], block.text)
            parts.append((f"**{block.title}**\n" if block.title else "") + " ".join(text.split()))
        return "\n\n".join(parts)


def _one_line(value: str) -> str:
    return ", ".join(p.strip() for p in re.split(r"\n|,\s+", value) if p.strip())


def letters_dir() -> Path:
    return paths.resources_dir() / "letters"


def _table(raw: Any, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
    check_keys(raw, allowed, required, where)
    table: dict[str, Any] = raw
    return table


def _text(raw: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise WerkstattError(f"{where}.{key}: Text erwartet.")
    return value.strip()


def _read(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WerkstattError(f"{file.name} ist nicht lesbar: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WerkstattError(f"{file.name}: kein gültiges TOML ({exc}).") from None


def _examples(raw: Any, where: str) -> tuple[Example, ...]:
    if not isinstance(raw, list):
        raise WerkstattError(f"{where}: Liste erwartet.")
    found = []
    for i, item in enumerate(raw):
        here = f"{where}[{i}]"
        _table(item, {"note", "sentence"}, {"note", "sentence"}, here)
        found.append(Example(_text(item, "note", here), _text(item, "sentence", here)))
    return tuple(found)


def _cues(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(c, str) for c in raw):
        raise WerkstattError(f"{where}.cues: Liste von Texten erwartet.")
    for cue in raw:
        try:
            re.compile(cue)
        except re.error:
            raise WerkstattError(f"{where}.cues: „{cue}“ ist kein gültiger Ausdruck.") from None
    return tuple(raw)


def parse(kinds_text: dict[str, Any], blocks_text: dict[str, Any], name: str = "kinds.toml",
          blocks_name: str = "rechtsbehelfsbelehrung.toml") -> Letters:
    """Both files' contents, checked (a German error naming file and key)."""
    _table(kinds_text, {"vetted", "templates", "common", "kind"}, {"vetted", "templates", "kind"}, name)
    _table(kinds_text["vetted"], {"by", "date", "notes"}, {"by", "date"}, f"{name}: vetted")
    fields = _table(kinds_text["templates"], set(kinds_text["templates"]), set(), f"{name}: templates")
    kinds = []
    for i, raw in enumerate(kinds_text["kind"] if isinstance(kinds_text["kind"], list) else [None]):
        where = f"{name}: kind[{i}]"
        _table(raw, {"template", "label", "opening", "opening_topic", "decision", "cues", "example"},
               {"template", "label", "opening"}, where)
        decision = raw.get("decision", False)
        if not isinstance(decision, bool):
            raise WerkstattError(f"{where}.decision: true oder false erwartet.")
        kinds.append(Kind(_text(raw, "template", where), _text(raw, "label", where),
                          _text(raw, "opening", where), _text(raw, "opening_topic", where, ""),
                          decision, _cues(raw.get("cues", []), where),
                          _examples(raw.get("example", []), f"{where}.example")))
    _table(blocks_text, {"vetted", "block"}, {"vetted", "block"}, blocks_name)
    vetted = _table(blocks_text["vetted"], {"by", "date", "status"}, {"by", "date"},
                    f"{blocks_name}: vetted")
    blocks = []
    for i, raw in enumerate(blocks_text["block"] if isinstance(blocks_text["block"], list) else [None]):
        where = f"{blocks_name}: block[{i}]"
        _table(raw, {"kinds", "title", "text", "when"}, {"kinds", "text"}, where)
        labels = raw["kinds"]
        if not isinstance(labels, list) or not all(isinstance(k, str) for k in labels):
            raise WerkstattError(f"{where}.kinds: Liste von Briefarten erwartet.")
        unknown = [k for k in labels if k not in {kind.label for kind in kinds}]
        if unknown:
            raise WerkstattError(f"{where}.kinds: „{unknown[0]}“ ist keine Briefart aus {name}.")
        when = _text(raw, "when", where, "")
        _cues([when], where)
        blocks.append(Block(tuple(labels), _text(raw, "title", where, ""), _text(raw, "text", where),
                            when))
    return Letters({str(k): str(v) for k, v in fields.items()}, tuple(kinds),
                   _examples(kinds_text.get("common", []), f"{name}: common"), tuple(blocks),
                   _text(vetted, "status", f"{blocks_name}: vetted", ""))


@cache
def _load(folder: Path, stamp: tuple[float, float]) -> Letters:
    return parse(_read(folder / "kinds.toml"), _read(folder / "rechtsbehelfsbelehrung.toml"))


def load(folder: Path | None = None) -> Letters:
    """The letter data (read again when a file changed)."""
    folder = folder or letters_dir()
    try:
        stamp = ((folder / "kinds.toml").stat().st_mtime,
                 (folder / "rechtsbehelfsbelehrung.toml").stat().st_mtime)
    except OSError as exc:
        raise WerkstattError(f"Die Briefbausteine in {folder} fehlen: {exc.strerror}.") from None
    return _load(folder, stamp)
