"""Orca, with every utterance written to a file the moment it is spoken (Orca's debug file
is block-buffered: a test reading it saw nothing for seconds). Runs under the system Python
(Debian's orca), as its own process:

    /usr/bin/python3 tests/a11y/orca_speech.py FILE [orca's options …]

Orca logs each utterance ("SPEECH OUTPUT: '…'") to the Python logger "speech" whether or not
a speech synthesiser answers; a file handler on that logger is the recording.
"""

from __future__ import annotations

import logging
import runpy
import sys

ORCA = "/usr/bin/orca"

if __name__ == "__main__":
    handler = logging.FileHandler(sys.argv.pop(1), mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    speech = logging.getLogger("speech")
    speech.setLevel(logging.INFO)
    speech.addHandler(handler)
    sys.argv[0] = ORCA
    runpy.run_path(ORCA, run_name="__main__")
