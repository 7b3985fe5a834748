"""The generation controls: Erzeugen, Abbrechen, the progress of reading a long document,
and in the status bar the time taken and the speed while a draft streams in."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from werkstatt.numbers import de

from .accessibility import named


class GenerationControls(QWidget):
    """``start`` when a draft begins, ``stop`` when it ends; ``chunks`` tells the speed."""

    def __init__(self, generate: Callable[[], None], cancel: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.generate_button = named(QPushButton("&Erzeugen", self), "Erzeugen",
                                     "Entwurf mit dem lokalen Modell erzeugen (Strg+Eingabe).")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(lambda: generate())
        self.cancel_button = named(QPushButton("&Abbrechen", self), "Abbrechen",
                                   "Erzeugung abbrechen (Esc).")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: cancel())
        self.progress = named(QProgressBar(self), "Fortschritt")
        self.progress.setVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.generate_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        self.time_status = QLabel("", self)
        self.speed_status = QLabel("", self)
        self.chunks: Callable[[], int] = lambda: 0
        self._started = 0.0
        self._first = 0.0  # when the first words came: the speed counts from there
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._tick)

    def start(self, chunks: Callable[[], int]) -> None:
        self.chunks = chunks
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._started = time.monotonic()
        self._first = 0.0
        self.progress.setVisible(False)
        self.speed_status.setText("")
        self.timer.start()

    def stop(self) -> None:
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)
        self.timer.stop()
        self.chunks = lambda: 0  # the speed shown now is the draft's own (``show_speed``)
        self._tick()

    def show_progress(self, fraction: float, message: str) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(int(fraction * 100))
        self.progress.setFormat(f"{message} %p %")

    def streaming(self) -> None:
        """Words arrived: the reading progress is over, the speed counts from the first."""
        if not self._first:
            self._first = time.monotonic()
        if self.progress.isVisible():
            self.progress.setVisible(False)

    def show_speed(self, tokens_per_second: float) -> None:
        self.speed_status.setText(f"{de(tokens_per_second, 1)} Token/s")

    def _tick(self) -> None:
        now = time.monotonic()
        self.time_status.setText(f"{de(now - self._started if self._started else 0.0, 1)} s")
        if self.chunks() and self._first and now - self._first > 0.5:
            self.show_speed(self.chunks() / (now - self._first))


if __name__ == "__main__":  # preview: python -m ui.generation_controls
    from PySide6.QtWidgets import QApplication, QVBoxLayout

    app = QApplication([])
    window = QWidget()
    count = [0]
    controls = GenerationControls(lambda: controls.start(lambda: count[0]), lambda: controls.stop(),
                                  window)
    column = QVBoxLayout(window)
    for widget in (controls, controls.time_status, controls.speed_status):
        column.addWidget(widget)
    ticker = QTimer(window)
    ticker.timeout.connect(lambda: count.__setitem__(0, count[0] + 1))
    ticker.start(50)
    window.show()
    app.exec()
