"""The Group Policy templates as XML: ``admx()`` (namespaces, categories, one machine policy
per key) and ``adml(language)`` (every string and presentation the ADMX names), rendered from
the settings (``admx_policies``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from werkstatt.policy import REGISTRY_KEY

from .admx_policies import CATEGORIES, COMMON, LANGUAGES, POLICIES, RANGES

ROOT_ATTRIBUTES = {"xmlns": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions",
                   "revision": "1.0", "schemaVersion": "1.0"}
PREFIX, NAMESPACE = "kiwerkstatt", "HansestadtLuebeck.Policies.KIWerkstatt"
SUPPORTED = "SUPPORTED_KIWerkstatt_0_1"
REG_TYPES = {"bool": "REG_DWORD 0/1", "int": "REG_DWORD", "str": "REG_SZ", "list": "REG_MULTI_SZ"}


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text or None
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def admx() -> str:
    """The ADMX: namespaces, categories and one machine policy per key."""
    root = ET.Element("policyDefinitions", ROOT_ATTRIBUTES)
    namespaces = _sub(root, "policyNamespaces")
    _sub(namespaces, "target", prefix=PREFIX, namespace=NAMESPACE)
    _sub(namespaces, "using", prefix="windows", namespace="Microsoft.Policies.Windows")
    _sub(root, "resources", minRequiredRevision="1.0")
    definitions = _sub(_sub(root, "supportedOn"), "definitions")
    _sub(definitions, "definition", name=SUPPORTED, displayName=f"$(string.{SUPPORTED})")
    categories = _sub(root, "categories")
    parent = next(iter(CATEGORIES))
    for name in CATEGORIES:
        category = _sub(categories, "category", name=name, displayName=f"$(string.{name})")
        if name != parent:
            _sub(category, "parentCategory", ref=parent)
    policies = _sub(root, "policies")
    for setting in POLICIES:
        key = setting.key
        attributes = {"name": key, "class": "Machine", "displayName": f"$(string.{key})",
                      "explainText": f"$(string.{key}_Explain)", "key": REGISTRY_KEY}
        if setting.kind == "bool":
            attributes["valueName"] = key
        else:
            attributes["presentation"] = f"$(presentation.{key})"
        policy = _sub(policies, "policy", **attributes)
        _sub(policy, "parentCategory", ref=setting.category)
        _sub(policy, "supportedOn", ref=SUPPORTED)
        if setting.kind == "bool":
            _sub(_sub(policy, "enabledValue"), "decimal", value="1")
            _sub(_sub(policy, "disabledValue"), "decimal", value="0")
            continue
        elements = _sub(policy, "elements")
        if setting.kind == "str":
            limit = {"maxLength": str(setting.max_length)} if setting.max_length else {}
            _sub(elements, "text", id=key, valueName=key, **limit, required="true")
        elif setting.kind == "int":
            least, most, _preset = RANGES[key]
            _sub(elements, "decimal", id=key, valueName=key, minValue=str(least),
                 maxValue=str(most), required="true")
        else:
            _sub(elements, "multiText", id=key, valueName=key, required="true")
    return _xml(root)


def adml(language: str) -> str:
    """The ADML for a language ("de-DE" or "en-US"): every string and presentation the ADMX names."""
    index = LANGUAGES.index(language)
    root = ET.Element("policyDefinitionResources", ROOT_ATTRIBUTES)
    _sub(root, "displayName", "KI-Werkstatt")
    _sub(root, "description", COMMON["description"][index])
    resources = _sub(root, "resources")
    strings = _sub(resources, "stringTable")
    _sub(strings, "string", COMMON["supported"][index], id=SUPPORTED)
    for name, titles in CATEGORIES.items():
        _sub(strings, "string", titles[index], id=name)
    presentations = _sub(resources, "presentationTable")
    for setting in POLICIES:
        texts = setting.texts(language)
        note = COMMON["note"][index].format(path=f"{REGISTRY_KEY}\\{setting.key}",
                                            type=REG_TYPES[setting.kind])
        _sub(strings, "string", texts.name, id=setting.key)
        _sub(strings, "string", f"{texts.explain}\n\n{note}", id=f"{setting.key}_Explain")
        if setting.kind == "bool":
            continue
        presentation = _sub(presentations, "presentation", id=setting.key)
        if setting.kind == "str":
            _sub(_sub(presentation, "textBox", refId=setting.key), "label", texts.label)
        elif setting.kind == "int":
            _sub(presentation, "decimalTextBox", texts.label, refId=setting.key,
                 defaultValue=str(RANGES[setting.key][2]))
        else:
            _sub(presentation, "multiTextBox", texts.label, refId=setting.key)
    return _xml(root)
