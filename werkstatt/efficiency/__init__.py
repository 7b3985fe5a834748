"""The fifth point of VO/2025/14550: a concept for administrative efficiency built from the
pilot's own evidence (issue 29).

- ``fields.py``: what a process in the catalogue is (columns, German headers, values).
- ``schema.py``, ``store.py``: the process catalogue, its own SQLite file and migrations.
- ``importing.py`` (CSV, the checks), ``xlsx.py`` (XLSX in a reader child, and out),
  ``exporting.py`` (export, blank template, demo catalogue).
- ``evidence.py``: minutes saved, quality, use per template from the merged feedback; the
  projected hours of each process as a range with its basis.
- ``rules.py`` (weights, thresholds), ``priority.py`` (ranking, risk flags, quick wins),
  ``timeline.py`` (phases and dates).
- ``concept.py`` (the document's content), ``tables.py``, ``charts.py``, ``blocks.py`` (the
  format-free document), ``writers.py`` (.docx, .html), ``odt.py``; ``report.py`` (gather,
  build, write); ``commands.py`` (``werkstatt effizienz``).

Nothing here uses the language model: every figure comes from the catalogue, from ratings or
from an estimate that says it is one.
"""
