"""The evaluation's tables, the run's drafts for reading (``runs/*.md``) and the reading's totals.

The reading (``evalset/readings/<date>-<commit>-<model>.csv``): columns ``case``,
``sentence_no``, ``sentence``, ``mark``, ``note``; ``mark`` is one of ``ok``, ``falsches
Deutsch``, ``Sinn verändert``, ``erfunden`` (grammar and meaning judged by a reader, not by a
metric). The sentence numbers are those of the run's ``.md`` file.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from eval_cases import LETTERS
from eval_run import Drafted
from eval_score import Score

from werkstatt import textcheck

MARKS = ("ok", "falsches Deutsch", "Sinn verändert", "erfunden")
TEMPLATE_BY_PREFIX = {"brief": "buergerbrief", "email": "email-antwort", "protokoll": "protokoll",
                      "einfach": "einfache-sprache"}


def body_sentences(drafted: Drafted) -> list[str]:
    """The sentences a reader marks: a letter's body, without what the app wrote itself (the
    template's frame: salutation, closing, the minutes' header, "vielen Dank für Ihre E-Mail.")."""
    text = textcheck.body(drafted.text) if drafted.template in LETTERS else drafted.text
    own = {s for part in drafted.frame for s in textcheck.sentences(part)}
    return [s for s in textcheck.sentences(text) if s not in own]


def write_markdown(path: Path, drafts: list[Drafted], title: str) -> None:
    """Every draft with its body sentences numbered, for the reading."""
    out = [f"# {title}", "", "Mark each numbered sentence in `readings/` (see eval_report.py).", ""]
    for d in drafts:
        out += [f"## {d.case} ({d.template}, {d.seconds:.0f} s{', unbrauchbar' if d.unusable else ''})",
                "", "```", d.error or d.text, "```", ""]
        if d.notes:
            out += ["Hinweise:", *[f"- {n}" for n in d.notes], ""]
        out += [f"{n}. {s}" for n, s in enumerate(body_sentences(d), start=1)] + [""]
    path.write_text("\n".join(out), encoding="utf-8")


def write_reading_skeleton(path: Path, drafts: list[Drafted]) -> None:
    """A reading CSV with every body sentence and the mark left empty (to be filled by hand)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["case", "sentence_no", "sentence", "mark", "note"])
        for d in drafts:
            for n, sentence in enumerate(body_sentences(d), start=1):
                writer.writerow([d.case, n, sentence, "", ""])


def template_of(case: str) -> str:
    name = case.rsplit("/", 1)[-1]
    return TEMPLATE_BY_PREFIX.get(name.split("-", 1)[0], "?")


def reading_totals(path: Path) -> dict[str, Counter[str]]:
    """Marks per template and in total ("Gesamt"), the cases kept aside (``unseen/…``) apart;
    an unknown mark is an error."""
    totals: dict[str, Counter[str]] = {"Gesamt": Counter()}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            mark = (row.get("mark") or "").strip()
            if not mark:
                continue
            if mark not in MARKS:
                raise ValueError(f"{path.name}: unknown mark {mark!r} ({row['case']} {row['sentence_no']})")
            aside = "unseen " if row["case"].startswith("unseen/") else ""
            totals.setdefault(aside + template_of(row["case"]), Counter())[mark] += 1
            totals.setdefault(aside + "Gesamt", Counter())[mark] += 1
    return totals


def print_reading(path: Path) -> None:
    totals = reading_totals(path)
    print(f"Lesung {path.name}:")
    print(f"  {'Vorlage':26} {'Sätze':>5} " + " ".join(f"{m:>16}" for m in MARKS) + f" {'f.D. je 20':>10}")
    for group, counts in sorted(totals.items(), key=lambda kv: (kv[0].startswith("unseen"),
                                                                kv[0].endswith("Gesamt"), kv[0])):
        n = sum(counts.values())
        print(f"  {group:26} {n:>5} " + " ".join(f"{counts[m]:>16}" for m in MARKS)
              + f" {20 * counts['falsches Deutsch'] / max(n, 1):>10.1f}")


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "–"


def print_writing(scores: list[Score]) -> None:
    """Per case and per writing template: what a reader sees."""
    head = (f"{'Fall':34} {'Fakten':>7} {'geänd.':>6} {'erf.':>4} {'unbel.':>6} {'davon unm.':>10} "
            f"{'fremd':>5} {'Rahmen':>6} {'dopp.':>5} {'Platzh.':>7} {'Anw.':>4} {'unbek./100':>10} "
            f"{'Zeit':>6}")
    print(head)
    for s in scores:
        c = s.check
        per100 = 100 * len(s.unknown) / s.words if s.words else 0.0
        flag = " (unbrauchbar)" if s.drafted.unusable else " (Fehler)" if s.drafted.error else ""
        print(f"{s.drafted.case[-34:]:34} {len(s.keys):>3}/{len(s.case.keys):<3} "
              f"{len(c.changed_facts):>6} {len(c.facts) - len(c.changed_facts):>4} "
              f"{len(c.unbacked):>6} {s.unmarked:>10} {len(c.foreign):>5} {len(s.model_frame):>6} "
              f"{c.doubled_closings:>5} {len(c.placeholders):>7} {len(c.instructions):>4} "
              f"{per100:>10.1f} {s.drafted.seconds:>5.0f}s{flag}")
    print()
    def group_of(s: Score) -> str:
        return ("unseen " if s.drafted.case.startswith("unseen/") else "") + s.case.template

    def total_of(s: Score) -> str:
        return ("unseen " if s.drafted.case.startswith("unseen/") else "") + "Gesamt"

    groups = sorted({group_of(s) for s in scores}, key=lambda g: (g.startswith("unseen"), g))
    groups += sorted({total_of(s) for s in scores})
    for group in groups:
        part = [s for s in scores if group in (group_of(s), total_of(s))]
        if not part:
            continue
        keys = sum(len(s.keys) for s in part)
        total = sum(len(s.case.keys) for s in part)
        words = sum(s.words for s in part)
        unknown = sum(len(s.unknown) for s in part)
        sentences = sum(len(s.check.sentences) for s in part)
        unbacked = sum(len(s.check.unbacked) for s in part)
        print(f"{group}: {len(part)} Fälle, Fakten erhalten {_pct(keys, total)}, "
              f"Fakten geändert {sum(len(s.check.changed_facts) for s in part)}, "
              f"Angaben ohne Quelle {sum(len(s.check.facts) - len(s.check.changed_facts) for s in part)}, "
              f"unbelegte Sätze {unbacked}/{sentences} (markiert {sum(s.marked for s in part)}, "
              f"unmarkiert {sum(s.unmarked for s in part)}), fremdsprachige Zeilen "
              f"{sum(len(s.check.foreign) for s in part)}, Anrede/Gruß vom Modell "
              f"{sum(len(s.model_frame) for s in part)}, doppelte Grußformeln "
              f"{sum(s.check.doubled_closings for s in part)}, Platzhalter "
              f"{sum(len(s.check.placeholders) for s in part)}, Anweisungstext "
              f"{sum(len(s.check.instructions) for s in part)}, unbekannte Wörter "
              f"{100 * unknown / max(words, 1):.1f} je 100 ({unknown}/{words}), verbotene Fehler "
              f"{sum(len(s.mistakes) for s in part)}, unbrauchbar {sum(s.drafted.unusable for s in part)}")
        if group.endswith("protokoll"):
            found = sum(s.minutes_keys[0] for s in part)
            typed = sum(s.minutes_keys[1] for s in part)
            good = sum(1 for s in part if s.minutes_keys[1] and s.minutes_keys[0] >= 0.8 * s.minutes_keys[1])
            print(f"  Beschlüsse und Aufgaben: {_pct(found, typed)}; Fälle mit ≥ 4/5: {good}/{len(part)}")
        if group.endswith("einfache-sprache"):
            ok = sum(s.plain_ok for s in part)
            print(f"  Regeln erfüllt: {_pct(ok, sum(s.plain_sentences for s in part))} der Sätze; "
                  f"alle Fakten erhalten in {sum(len(s.keys) == len(s.case.keys) for s in part)}/"
                  f"{len(part)} Fällen")


def print_summaries(scores: list[Score]) -> None:
    """The summaries' table as before: key points, mistakes, degenerate, repeats, instructions."""
    print(f"{'Fall':40} {'Kernpunkte':>10} {'Fehler':>6} {'leer':>5} {'Wdh.':>5} {'Anw.':>5} "
          f"{'erfunden':>8} {'Zeit':>7}")
    for r in scores:
        a = r.assessment
        print(f"{r.case.name:40} {len(r.keys):>4}/{len(r.case.keys):<5} {len(r.mistakes):>6} "
              f"{'ja' if a.degenerate else '–':>5} {len(a.repeated) + len(a.repeated_headings):>5} "
              f"{len(a.leaked):>5} {len(r.invented):>8} {r.drafted.seconds:6.1f}s")
    keys = sum(len(r.keys) for r in scores)
    print(f"Kernpunkte (Zusammenfassungen): {_pct(keys, sum(len(r.case.keys) for r in scores))}")
