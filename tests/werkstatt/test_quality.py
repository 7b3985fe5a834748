"""Unusable drafts are recognised: empty sections, loops, instructions in the text."""

from __future__ import annotations

from werkstatt import quality

INSTRUCTIONS = ("Schreibe daraus den Brief an Frau Muster in der Sie-Form. Erkläre jeden Stichpunkt "
                "in einem ganzen Satz, in zwei bis drei kurzen Absätzen.")


def test_headings_only_is_empty_and_degenerate():
    """Three headings and nothing under them: no content (the evaluation's empty summaries)."""
    found = quality.assess("## Worum geht es?\n## Wichtigste Punkte\n## Was ist zu tun?")
    assert found.empty and found.degenerate and "kein Inhalt" in found.problems()


def test_a_blank_section_and_repeats_are_named():
    """A heading without text, a repeated heading and a repeated line are each reported."""
    draft = ("## Worum geht es?\nDie Turnhalle wird saniert, das kostet viel Geld.\n## Nächste Schritte\n"
             "## Nächste Schritte\n- Der Antrag wird bis März gestellt und geprüft.\n"
             "- Der Antrag wird bis März gestellt und geprüft.\n")
    found = quality.assess(draft)
    assert found.empty_sections == ["Nächste Schritte"] and found.degenerate
    assert found.repeated_headings == ["Nächste Schritte"] and len(found.repeated) == 1


def test_instructions_and_meta_talk_in_the_text_are_leaks():
    """Six words of the instructions (not in the document) or meta talk count as leaked."""
    draft = ("Sehr geehrte Frau Muster,\n\nhier ist ein kurzes Brief mit den Stichpunkten. Erkläre "
             "jeden Stichpunkt in einem ganzen Satz, wie gewünscht.")
    found = quality.assess(draft, INSTRUCTIONS, "- Antrag bewilligt")
    assert len(found.leaked) == 2 and not found.ok


def test_a_good_letter_passes():
    """A plain letter with its facts is fine."""
    draft = ("Sehr geehrte Frau Muster,\n\nIhr Antrag auf einen Bewohnerparkausweis ist bewilligt. "
             "Die Gebühr beträgt 60 Euro im Jahr.\n\nMit freundlichen Grüßen")
    assert quality.assess(draft, INSTRUCTIONS, "- Antrag bewilligt\n- 60 Euro").ok


def test_meta_lines_and_left_over_placeholders_are_removed():
    """'Hier ist ein kurzer Brief …' and '[Your Name]' go; the letter stays."""
    text = "Hier ist ein kurzer Brief für Sie:\nSehr geehrte Frau Muster,\n\nIhr Antrag ist da.\n[Your Name]"
    assert quality.without_meta_lines(text) == "Sehr geehrte Frau Muster,\n\nIhr Antrag ist da."
