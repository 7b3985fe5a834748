"""What the "letter" way (``werkstatt/letter.py``) is built from: the letter kinds and the
Rechtsbehelfsbelehrung as vetted data (``kinds``), and the checks one sentence must pass
against its note (``check``)."""
