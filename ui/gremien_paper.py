"""A paper of the council library as the Gremien window shows it (HTML for its text
browser): its facts, Beratungsfolge, files, related papers and text. The wording is the
core's (``werkstatt.gremien.display``), so the window and ``werkstatt gremien show`` agree."""

from __future__ import annotations

import html
from typing import Any

from werkstatt.gremien import display

HIGHLIGHT = "#fff3b0"  # the passage a source of an answer opened


def paper_html(paper: dict[str, Any], passage_id: int = 0) -> str:
    e = html.escape
    title = display.joined(paper["reference"], paper["name"] or "(ohne Betreff)")
    parts = [f"<h2>{e(title)}</h2>", f"<p>{e(display.paper_facts(paper))}</p>"]
    if paper["consultations"]:
        parts.append("<h3>Beratungsfolge</h3><ul>" + "".join(
            f"<li>{e(display.consultation_line(c))}</li>" for c in paper["consultations"]) + "</ul>")
    if paper["files"]:
        parts.append("<h3>Dateien</h3><ul>" + "".join(
            f"<li>{e(display.file_line(f))}</li>" for f in paper["files"]) + "</ul>")
    if paper["related"]:
        parts.append("<h3>Verwandte Vorlagen (Stammbaum)</h3><ul>" + "".join(
            f"<li>{_related(r)}</li>" for r in paper["related"]) + "</ul>")
    parts.append("<h3>Text</h3>")
    for passage in paper["passages"]:
        if passage.label == "Betreff":
            continue
        style = f" style='background:{HIGHLIGHT}'" if passage.id == passage_id else ""
        parts.append(f"<a name='p{passage.id}'></a><p{style}><b>{e(passage.label)}</b><br>"
                     + e(passage.text).replace("\n", "<br>") + "</p>")
    return "".join(parts)


def _related(r: dict[str, Any]) -> str:
    """A paper in the library as a link by its reference; one that is not, in words, with
    its address (if any) as a tooltip, never as the label."""
    e = html.escape
    if r["id"]:
        rest = display.joined(display.german_date(r["date"]), r["name"])
        return (f"<a href='paper:{e(r['id'], quote=True)}'>{e(r['reference'] or 'Vorlage')}</a>"
                + (f" {e(rest)}" if rest else ""))
    if r.get("url"):
        return f"<span title='{e(r['url'], quote=True)}'>{e(display.related_line(r))}</span>"
    return e(display.related_line(r))
