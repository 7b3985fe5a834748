"""Model catalogue: entries parse; only the vetted file passes; the hash cache follows changes."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from werkstatt import catalog
from werkstatt.catalog import ModelState, check_model
from werkstatt.errors import WerkstattError


def _entry_for(path: Path, content: bytes) -> catalog.ModelEntry:
    import hashlib

    base = catalog.default_model()
    return dataclasses.replace(base, id="test", file=path.name, size=len(content),
                               sha256=hashlib.sha256(content).hexdigest())


def test_catalog_has_one_default_with_licence_and_ram():
    """The shipped catalogue has the default model with licence, size and RAM figure."""
    entries = catalog.load_catalog()
    defaults = [e for e in entries if e.default]
    assert len(defaults) == 1
    d = defaults[0]
    assert d.size == 491_400_064 and d.license == "Apache-2.0" and d.ram_gb > 0
    assert d.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def test_default_model_file_is_verified():
    """The fetched default model matches its catalogue entry."""
    assert check_model(catalog.default_model()) is ModelState.OK


def test_states_for_bad_files(tmp_path, monkeypatch):
    """Missing, truncated, changed and non-GGUF files are each recognised."""
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    good = b"GGUF" + b"\x00" * 1000
    path = tmp_path / "m.gguf"
    entry = _entry_for(path, good)
    assert check_model(entry) is ModelState.MISSING
    path.write_bytes(good)
    assert check_model(entry) is ModelState.OK
    path.write_bytes(good[:-10])
    assert check_model(entry) is ModelState.WRONG_SIZE
    path.write_bytes(good[:-1] + b"\x01")
    assert check_model(entry) is ModelState.MISMATCH
    path.write_bytes(b"PK\x03\x04" + good[4:])
    assert check_model(entry) is ModelState.NOT_GGUF
    with pytest.raises(WerkstattError, match="nicht geladen"):
        catalog.require_loadable(entry)


def test_hash_cache_is_invalidated_by_a_change(tmp_path, monkeypatch):
    """A cached verdict is redone when the file changes (same size, new mtime)."""
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    good = b"GGUF" + b"\x00" * 100
    path = tmp_path / "m.gguf"
    path.write_bytes(good)
    entry = _entry_for(path, good)
    assert check_model(entry) is ModelState.OK
    path.write_bytes(good[:-1] + b"\x07")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert check_model(entry) is ModelState.MISMATCH


def test_it_catalogue_in_models_dir_adds_entries(tmp_path, monkeypatch):
    """IT can add a model by a catalog.toml beside the GGUF in the models directory."""
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    (tmp_path / "catalog.toml").write_text(
        '[[models]]\nid = "extra"\nname = "Extra"\nfile = "extra.gguf"\n'
        'sha256 = "00"\nsize = 1\nlicense = "MIT"\ncontext_length = 2048\nram_gb = 1\n',
        encoding="utf-8")
    ids = [e.id for e in catalog.load_catalog()]
    assert "extra" in ids and catalog.default_model().id != "extra"


def test_broken_catalogue_is_a_german_error(tmp_path, monkeypatch):
    """A catalogue with an unknown key is refused with a message naming it."""
    monkeypatch.setenv("WERKSTATT_MODELS", str(tmp_path))
    (tmp_path / "catalog.toml").write_text('[[models]]\nid = "x"\nfarbe = 1\n', encoding="utf-8")
    with pytest.raises(WerkstattError, match="farbe"):
        catalog.load_catalog()
