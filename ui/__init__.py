"""KI-Werkstatt desktop front end (PySide6). Screens call the core in ``werkstatt``."""
