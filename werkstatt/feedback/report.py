"""The pilot lead's evaluation: figures per template and per department, charts, methods.

``compute()`` reads a merged feedback database, read-only and only its valid entries
(``validation``), into plain figures; the writers turn them into Word, HTML or CSV, never
over the database itself. The app's "Auswertung" view shows the same figures and charts.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import sqlite3
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import atomic, numbers
from ..errors import WerkstattError
from . import validation
from .store import PROBLEMS, QUALITY_LABELS

NO_DEPARTMENT = "(ohne Angabe)"


def de(value: float, digits: int = 1) -> str:
    """A number the German way: 1.234,5."""
    return numbers.de(value, digits)


@dataclass
class GroupStats:
    name: str
    n: int = 0
    quality_mean: float = 0.0
    quality_dist: dict[int, int] = field(default_factory=dict)
    would_use_share: float = 0.0
    minutes_sum: float = 0.0
    minutes_mean: float = 0.0
    minutes_median: float = 0.0
    problems: dict[str, int] = field(default_factory=dict)
    seconds_mean: float = 0.0
    tokens_per_second_mean: float = 0.0


@dataclass
class Report:
    source: Path
    entries: int
    synthetic: int
    participants: int
    workstations: int
    first: str
    last: str
    overall: GroupStats
    by_template: list[GroupStats]
    by_department: list[GroupStats]


@dataclass(frozen=True)
class _Row:
    template_id: str
    department: str
    quality: int
    minutes: float | None  # None: not given
    would_use: bool | None  # None: not given
    problems: tuple[str, ...]
    seconds: float | None
    tokens_per_second: float | None


_COLUMNS = ("template_id, coalesce(department, ''), quality, minutes_saved, "
            "would_use = 'ja', problems, generation_seconds, tokens_per_second")


def _group(name: str, rows: list[_Row]) -> GroupStats:
    quality = [r.quality for r in rows]
    minutes = [r.minutes for r in rows if r.minutes is not None]  # answers given only
    answered = [r.would_use for r in rows if r.would_use is not None]
    problems: Counter[str] = Counter()
    for r in rows:
        problems.update(r.problems)
    seconds = [r.seconds for r in rows if r.seconds is not None]
    speeds = [r.tokens_per_second for r in rows if r.tokens_per_second]
    dist = Counter(quality)
    return GroupStats(
        name=name, n=len(rows),
        quality_mean=statistics.fmean(quality) if quality else 0.0,
        quality_dist={q: dist.get(q, 0) for q in QUALITY_LABELS},
        would_use_share=sum(answered) / len(answered) if answered else 0.0,
        minutes_sum=sum(minutes),
        minutes_mean=statistics.fmean(minutes) if minutes else 0.0,
        minutes_median=statistics.median(minutes) if minutes else 0.0,
        problems={p: problems.get(p, 0) for p in PROBLEMS},
        seconds_mean=statistics.fmean(seconds) if seconds else 0.0,
        tokens_per_second_mean=statistics.fmean(speeds) if speeds else 0.0,
    )


def _template_titles() -> dict[str, str]:
    try:
        from ..templates import load_templates

        return {t.id: t.title for t in load_templates()}
    except WerkstattError:
        return {}


_REPORTED = ("template_id", "department", "quality", "minutes_saved", "would_use", "problems",
             "generation_seconds", "tokens_per_second", "participant_id", "created_utc",
             "synthetic", "source_file")


def compute(path: Path) -> Report:
    """Figures from a merged feedback database, read-only; only entries of the right shape
    count (``validation``), also in a file that merely claims to be merged."""
    path = Path(path)
    conn = validation.open_merged(path)
    try:
        missing = [c for c in _REPORTED if c not in validation.columns(conn, "main")]
        if missing:
            raise WerkstattError(f"In „{path.name}“ fehlt die Spalte „{missing[0]}“.")
        valid = validation.valid_clause("entries", _REPORTED)
        rows, participants, workstations, created = [], set(), set(), []
        synthetic = 0
        for t, d, q, m, u, p, s, tps, who, where, when, demo in conn.execute(
                f"SELECT {_COLUMNS}, participant_id, coalesce(source_file, participant_id), "
                f"created_utc, synthetic FROM entries WHERE {valid}"):  # one pass: checks cost
            rows.append(_Row(t, d, q, None if m is None else float(m),
                             None if u is None else bool(u),
                             tuple(json.loads(p)) if p and p != "[]" else (), s, tps))
            participants.add(who)
            workstations.add(where)
            created.append(when)
            synthetic += demo
    except sqlite3.Error as exc:
        raise WerkstattError(f"„{path.name}“ kann nicht ausgewertet werden ({exc}).") from None
    finally:
        conn.close()
    if not rows:
        raise WerkstattError(f"„{path.name}“ enthält noch keine Bewertungen.")
    titles = _template_titles()
    by_template: dict[str, list[_Row]] = {}
    by_department: dict[str, list[_Row]] = {}
    for r in rows:
        by_template.setdefault(titles.get(r.template_id, r.template_id), []).append(r)
        by_department.setdefault(r.department or NO_DEPARTMENT, []).append(r)
    return Report(
        source=path, entries=len(rows), synthetic=synthetic, participants=len(participants),
        workstations=len(workstations), first=min(created)[:10], last=max(created)[:10],
        overall=_group("Alle Vorlagen", rows),
        by_template=sorted((_group(k, v) for k, v in by_template.items()), key=lambda g: -g.n),
        by_department=sorted((_group(k, v) for k, v in by_department.items()), key=lambda g: -g.n),
    )


# charts ------------------------------------------------------------------------------
def german_ticks() -> Any:
    """Axis labels with a decimal comma: „2,5“."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: de(value, 0 if float(value).is_integer() else 1))


def charts(report: Report) -> dict[str, bytes]:
    """PNG charts: quality and minutes saved per template, problem frequencies."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    german = german_ticks()

    def bar(title: str, labels: list[str], values: list[float], xlabel: str) -> bytes:
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(labels) + 1.2), dpi=110)
        ax.barh(labels[::-1], values[::-1], color="#1f5f99")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_formatter(german)  # „2,5“, not "2.5"
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return buf.getvalue()

    names = [g.name for g in report.by_template]
    return {  # what each shows in words: chart_descriptions
        "Qualität je Vorlage": bar("Qualität je Vorlage (Mittelwert, 1–5)", names,
                                   [g.quality_mean for g in report.by_template], "Qualität"),
        "Zeitersparnis je Vorlage": bar("Geschätzte Zeitersparnis je Vorlage (Summe)", names,
                                        [g.minutes_sum for g in report.by_template], "Minuten"),
        "Probleme": bar("Genannte Probleme (Anzahl)", list(PROBLEMS),
                        [report.overall.problems[p] for p in PROBLEMS], "Nennungen"),
    }


def chart_descriptions(report: Report) -> dict[str, str]:
    """Each chart's alternative text: what it shows, with its figures (screen readers)."""
    def listed(pairs: list[tuple[str, str]]) -> str:
        return "; ".join(f"{name} {value}" for name, value in pairs) or "keine Daten"

    groups = report.by_template
    return {
        "Qualität je Vorlage": "Balkendiagramm, Qualität je Vorlage (Mittelwert, 1 bis 5): "
        + listed([(g.name, de(g.quality_mean, 2)) for g in groups]) + ".",
        "Zeitersparnis je Vorlage": "Balkendiagramm, geschätzte Zeitersparnis je Vorlage in "
        "Minuten (Summe): " + listed([(g.name, de(g.minutes_sum, 0)) for g in groups]) + ".",
        "Probleme": "Balkendiagramm, genannte Probleme (Anzahl der Nennungen): "
        + listed([(p, str(report.overall.problems[p])) for p in PROBLEMS]) + ".",
    }


# table rows shared by every writer ---------------------------------------------------
HEADERS = ["Gruppe", "Einträge", "Qualität Ø", "Verteilung 1/2/3/4/5", "„würde nutzen“",
           "Minuten gespart Σ", "Minuten Ø", "Minuten Median", "Häufigstes Problem",
           "Erzeugung Ø s", "Token/s Ø"]


def table_rows(groups: list[GroupStats]) -> list[list[str]]:
    rows = []
    for g in groups:
        top = max(g.problems.items(), key=lambda kv: kv[1]) if g.problems else ("", 0)
        rows.append([
            g.name, str(g.n), de(g.quality_mean, 2),
            "/".join(str(g.quality_dist.get(q, 0)) for q in QUALITY_LABELS),
            f"{de(100 * g.would_use_share, 0)} %", de(g.minutes_sum, 0), de(g.minutes_mean),
            de(g.minutes_median), f"{top[0]} ({top[1]})" if top[1] else "–",
            de(g.seconds_mean), de(g.tokens_per_second_mean),
        ])
    return rows


def methods(report: Report) -> list[str]:
    text = [
        f"Zeitraum: {report.first} bis {report.last}. Grundlage: {report.entries} Bewertungen "
        f"von {report.participants} Teilnehmenden an {report.workstations} Arbeitsplätzen "
        f"(Datei {report.source.name}).",
        "Jede Bewertung wurde direkt nach einem Ergebnis freiwillig abgegeben. Qualität: 1 = "
        "unbrauchbar bis 5 = sehr gut. „Minuten gespart“ ist die eigene Schätzung der "
        "Teilnehmenden im Vergleich zur Arbeit ohne KI (auch 0 oder negativ möglich).",
        "Lesehilfe: Mittelwerte kleiner Gruppen (unter etwa 20 Einträgen) schwanken stark; der "
        "Median ist robuster gegen einzelne Ausreißer. Die Teilnehmenden sind pseudonym "
        "(zufällige Kennung je Installation); Namen werden nicht erfasst.",
    ]
    if report.synthetic:
        text.insert(0, f"ACHTUNG: {report.synthetic} der {report.entries} Einträge sind "
                       "synthetische Demodaten und keine echten Ergebnisse.")
    return text


# writers -----------------------------------------------------------------------------
COLUMN_CM = (3.9, 1.9, 2.0, 2.9, 1.9, 2.0, 2.0, 2.0, 3.8, 2.3, 1.9)  # 26.6 of 26.7 cm
def write_docx(report: Report, target: Path) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    from ..export import accessible

    d = docx.Document()
    accessible.docx_language(d)
    section = d.sections[0]  # landscape A4: eleven columns without broken words
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    d.styles["Normal"].font.name = "Arial"
    d.styles["Normal"].font.size = Pt(9)
    d.add_heading("Auswertung des Pilotversuchs „Lübecker KI-Werkstatt“", level=1)
    d.add_paragraph(f"Erstellt am {dt.date.today():%d.%m.%Y}")
    if report.synthetic:  # on the first page, not only under Methodik
        warning = d.add_paragraph().add_run(methods(report)[0])
        warning.bold = True
        warning.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    for title, groups in (("Je Vorlage", report.by_template),
                          ("Je Organisationseinheit", report.by_department),
                          ("Gesamt", [report.overall])):
        d.add_heading(title, level=2)
        table = d.add_table(rows=1, cols=len(HEADERS))
        table.style = "Table Grid"
        accessible.docx_header_row(table.rows[0])
        for cell, text in zip(table.rows[0].cells, HEADERS):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for values in table_rows(groups):
            for cell, text in zip(table.add_row().cells, values):
                cell.text = text
        table.autofit = False  # the names get room, the figures little: no word is broken
        for column, width in zip(table.columns, COLUMN_CM):
            column.width = Cm(width)  # the grid LibreOffice reads; Word reads the cells
            for cell in column.cells:
                cell.width = Cm(width)
    d.add_heading("Diagramme", level=2)
    described = chart_descriptions(report)
    for title, png in charts(report).items():
        d.add_paragraph(title)
        accessible.docx_alt_text(d.add_picture(io.BytesIO(png), width=Cm(15)), described[title])
    d.add_heading("Methodik", level=2)
    for line in methods(report):
        d.add_paragraph(line)
    d.core_properties.title = "Auswertung KI-Werkstatt"
    atomic.write_via(target, lambda p: d.save(str(p)))
    return target


def write_html(report: Report, target: Path) -> Path:
    import base64

    def table(groups: list[GroupStats]) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
                       for row in table_rows(groups))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    warning = (f'<p style="color:#b00020;font-weight:bold">{html.escape(methods(report)[0])}</p>'
               if report.synthetic else "")
    described = chart_descriptions(report)
    images = "".join(
        f'<figure><img alt="{html.escape(described[t])}" src="data:image/png;base64,'
        f'{base64.b64encode(png).decode()}"><figcaption>{html.escape(t)}</figcaption></figure>'
        for t, png in charts(report).items())
    doc = f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Auswertung KI-Werkstatt</title><style>
body{{font-family:Arial,sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse;margin-bottom:1.5em}}td,th{{border:1px solid #999;padding:.3em .5em}}
th{{background:#e8eef5}}</style></head><body>
<h1>Auswertung des Pilotversuchs „Lübecker KI-Werkstatt“</h1>
<p>Erstellt am {dt.date.today():%d.%m.%Y}</p>{warning}
<h2>Je Vorlage</h2>{table(report.by_template)}
<h2>Je Organisationseinheit</h2>{table(report.by_department)}
<h2>Gesamt</h2>{table([report.overall])}
<h2>Diagramme</h2>{images}
<h2>Methodik</h2>{''.join(f'<p>{html.escape(m)}</p>' for m in methods(report))}
</body></html>"""
    atomic.write_text(target, doc)
    return target


def _cell(value: object) -> object:
    """A text from a (possibly hostile) feedback file never becomes a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(report: Report, target: Path) -> Path:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";")
            writer.writerow(["Ebene", *HEADERS])
            for level, groups in (("Vorlage", report.by_template),
                                  ("Organisationseinheit", report.by_department),
                                  ("Gesamt", [report.overall])):
                for row in table_rows(groups):
                    writer.writerow([level, *(_cell(v) for v in row)])

    return atomic.write_via(target, write)


WRITERS = {"docx": write_docx, "html": write_html, "csv": write_csv}


def check_target(database: Path, target: Path) -> None:
    """A report never replaces the database it is made from (nor its write-ahead log)."""
    base = Path(database).resolve()
    same = Path(target).resolve() in {base, *(Path(f"{base}{s}") for s in ("-wal", "-shm", "-journal"))}
    try:
        same = same or os.path.samefile(database, target)
    except OSError:
        pass
    if same:
        raise WerkstattError(f"„{Path(target).name}“ ist die Datenbank selbst: bitte den Bericht "
                             "unter einem anderen Namen speichern.")


def write(report: Report, target: Path, fmt: str | None = None) -> Path:
    check_target(report.source, target)
    fmt = (fmt or target.suffix.lstrip(".") or "docx").lower()
    if fmt not in WRITERS:
        raise WerkstattError(f"Format „{fmt}“ gibt es nicht (docx, html oder csv).")
    try:
        return WRITERS[fmt](report, Path(target))
    except OSError as exc:
        raise WerkstattError(f"„{target}“ kann nicht geschrieben werden ({exc.strerror}).") from None
