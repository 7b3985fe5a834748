"""The Group Policy templates cover exactly the policy keys the app reads, with matching types."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from installer import admx
from werkstatt import policy

NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
KINDS = {bool: "bool", str: "str", int: "int", list: "list"}


def _policies() -> dict[str, ET.Element]:
    root = ET.fromstring(admx.admx())
    found = [p.get("name") for p in root.iterfind("p:policies/p:policy", NS)]
    assert len(found) == len(set(found)), "a policy is defined twice"
    return {p.get("name"): p for p in root.iterfind("p:policies/p:policy", NS)}


def _resources(language: str) -> tuple[set[str], set[str]]:
    root = ET.fromstring(admx.adml(language))
    strings = [s.get("id") for s in root.iterfind("p:resources/p:stringTable/p:string", NS)]
    presentations = [p.get("id") for p in root.iterfind("p:resources/p:presentationTable/p:presentation", NS)]
    assert len(strings) == len(set(strings)) and len(presentations) == len(set(presentations))
    return set(strings), set(presentations)


def test_one_policy_per_key_and_nothing_else() -> None:
    assert sorted(_policies()) == sorted(policy.POLICY_KEYS)
    assert sorted(s.key for s in admx.POLICIES) == sorted(policy.POLICY_KEYS)


@pytest.mark.parametrize("key", policy.POLICY_KEYS)
def test_element_matches_the_type_the_app_reads(key: str) -> None:
    element = _policies()[key]
    kind = KINDS[policy._TYPES[key]]
    assert element.get("class") == "Machine"
    assert element.get("key") == policy.REGISTRY_KEY
    categories = {c.get("name") for c in ET.fromstring(admx.admx()).iterfind("p:categories/p:category", NS)}
    assert element.find("p:parentCategory", NS).get("ref") in categories
    values = element.find("p:elements", NS)
    if kind == "bool":
        assert element.get("valueName") == key and values is None
        assert element.find("p:enabledValue/p:decimal", NS).get("value") == "1"
        assert element.find("p:disabledValue/p:decimal", NS).get("value") == "0"
        return
    assert element.get("valueName") is None and len(values) == 1
    tag = {"str": "text", "int": "decimal", "list": "multiText"}[kind]
    assert values[0].tag == f"{{{NS['p']}}}{tag}" and values[0].get("valueName") == key
    if kind == "int":  # the range Group Policy offers is exactly the range the app accepts
        least, most = int(values[0].get("minValue")), int(values[0].get("maxValue"))
        for fine in (least, most):
            policy.validate({key: fine}, None, "Test")
        for bad in (least - 1, most + 1):
            with pytest.raises(policy.PolicyError):
                policy.validate({key: bad}, None, "Test")
        assert values[0].get("storeAsText") is None  # REG_DWORD


def test_every_reference_is_defined_in_both_languages() -> None:
    text = admx.admx()
    strings = set(re.findall(r"\$\(string\.([^)]+)\)", text))
    presentations = set(re.findall(r"\$\(presentation\.([^)]+)\)", text))
    resources = {language: _resources(language) for language in admx.LANGUAGES}
    assert resources["de-DE"] == resources["en-US"]
    defined_strings, defined_presentations = resources["de-DE"]
    assert strings <= defined_strings and presentations == defined_presentations
    assert "kiwerkstatt" in text and "HansestadtLuebeck.Policies.KIWerkstatt" in text


def test_registry_key_is_the_one_the_app_reads() -> None:
    assert {p.get("key") for p in _policies().values()} == {policy.REGISTRY_KEY}


def test_committed_files_are_the_generator_output() -> None:
    for path, text in admx.outputs().items():
        assert path.exists(), f"{path} fehlt: python -m installer.admx"
        ET.fromstring(path.read_bytes())
        assert path.read_bytes() == text.encode("utf-8"), f"{path} ist veraltet: python -m installer.admx"
    assert admx.main(["--check"]) == 0
