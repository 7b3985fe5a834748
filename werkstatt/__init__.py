"""KI-Werkstatt core: engine, templates, documents, export and CLI.

This package never imports Qt; the desktop front end lives in ``ui/``.
"""

__version__ = "0.1.0"
APP_NAME = "KI-Werkstatt"
