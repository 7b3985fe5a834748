"""KI-Werkstatt core: engine, templates, documents, export and CLI.

This package never imports Qt; the desktop front end lives in ``ui/``.
"""

__version__ = "0.1.0"
APP_NAME = "KI-Werkstatt"
# the AI note on every exported draft, unless IT's policy words it otherwise (export_label)
DEFAULT_LABEL = "Mit KI-Unterstützung erstellt. Inhalt vom Menschen geprüft und verantwortet."
