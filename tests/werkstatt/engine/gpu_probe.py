"""The real engine in a process of its own, for the GPU tests: a process registers its
backends once, so each case needs a fresh one.

    python -m tests.werkstatt.engine.gpu_probe real            # as the app loads it
    python -m tests.werkstatt.engine.gpu_probe driver-error    # the GPU model fails to load
    python -m tests.werkstatt.engine.gpu_probe different       # the GPU's self-test differs

The fault cases put a stand-in device where Vulkan would report one (the fault is what they
test, and lavapipe is slow); ``real`` uses whatever Vulkan finds. Prints one JSON line: what
the engine reported on the GPU, the greedy answer to a prompt from a real council paper, and
the tokens of that answer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from werkstatt import catalog
from werkstatt.engine import Generation, backends, gpu
from werkstatt.engine.local import LocalEngine

PAPER = Path(__file__).resolve().parents[2] / "data" / "beschlussvorlage.txt"


def main(mode: str) -> None:
    engine = LocalEngine.for_entry(catalog.default_model(), 2048, threads=2)
    if mode != "real":
        stand_in = [gpu.Device("Testgerät", "integrierte GPU", 1024)]
        backends.load_gpu = lambda: stand_in  # type: ignore[assignment]
    if mode == "driver-error":
        cpu_only = LocalEngine._llama

        def failing(self: LocalEngine, model_path: str, gpu_layers: int) -> object:
            if gpu_layers:
                raise ValueError("Failed to create llama_context (vk::DeviceLostError)")
            return cpu_only(self, model_path, gpu_layers)
        LocalEngine._llama = failing  # type: ignore[method-assign]
    if mode == "different":
        answers = iter(["Die Altstadt liegt auf einer Insel.", "Die Altstadt ist alt."])
        LocalEngine._test_text = lambda self, llm: next(answers)  # type: ignore[method-assign]
    engine.load()
    assert engine.backend is not None
    paper = PAPER.read_text(encoding="utf-8")[:700]
    text = "".join(engine.stream("Fasse die Vorlage in einem Satz zusammen.", paper,
                                 Generation(temperature=0.0, max_tokens=24), seed=1))
    print(json.dumps({"gpu": engine.backend.gpu, "text": text,
                      "tokens": engine.stats.completion_tokens}, ensure_ascii=False))
    engine.close()


if __name__ == "__main__":
    main(sys.argv[1])
