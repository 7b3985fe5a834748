"""Group Policy templates for the machine policy: ``KI-Werkstatt.admx`` and its ADML (de-DE, en-US).

``POLICIES`` is the one table: each key the app reads from HKLM\\SOFTWARE\\Policies\\KI-Werkstatt
(``werkstatt/policy.py``) with its kind, category and texts. ``admx()`` and ``adml(language)``
render it; ``python -m installer.admx`` writes ``installer/policy/``, ``--check`` exits 1 when
the files there are not what it would write (they are generated, never edited by hand).
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from werkstatt.policy import DEFAULT_LABEL, REGISTRY_KEY

from . import ROOT

OUT = ROOT / "installer" / "policy"
LANGUAGES = ("de-DE", "en-US")  # the order of every (German, English) pair below
ROOT_ATTRIBUTES = {"xmlns": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions",
                   "revision": "1.0", "schemaVersion": "1.0"}
PREFIX, NAMESPACE = "kiwerkstatt", "HansestadtLuebeck.Policies.KIWerkstatt"
SUPPORTED = "SUPPORTED_KIWerkstatt_0_1"
CONTEXT = (512, 131072, 8192)  # context_tokens: least, most (as werkstatt.policy checks), preset
REG_TYPES = {"bool": "REG_DWORD 0/1", "int": "REG_DWORD", "str": "REG_SZ", "list": "REG_MULTI_SZ"}

# category -> (German, English); the first is the parent of all others
CATEGORIES = {
    "KIWerkstatt": ("KI-Werkstatt", "KI-Werkstatt"),
    "Models": ("Modelle", "Models"),
    "Access": ("KI-Pass und Vorlagen", "KI-Pass and templates"),
    "Feedback": ("Feedback", "Feedback"),
    "Export": ("Export und KI-Kennzeichnung", "Export and AI labelling"),
    "Letterhead": ("Briefkopf", "Letterhead"),
    "Council": ("Gremien (Ratsinformationssystem)", "Council (council information system)"),
    "Server": ("KI-Server der Stadt (Servermodus)", "The city's inference server (server mode)"),
}
# per language: the ADML's description, the supportedOn text, the note under every explain text
COMMON = {
    "description": ("Gruppenrichtlinien für die KI-Werkstatt der Hansestadt Lübeck",
                    "Group Policy settings for KI-Werkstatt (Hansestadt Lübeck)"),
    "supported": ("Windows 10 oder Windows 11 mit KI-Werkstatt 0.1 oder neuer",
                  "Windows 10 or Windows 11 with KI-Werkstatt 0.1 or later"),
    "note": ("Registry-Wert: HKLM\\{path} ({type}). Ein hier gesetzter Wert hat Vorrang vor demselben "
             "Schlüssel in der Datei policy.toml (ProgramData\\KI-Werkstatt); „Nicht konfiguriert“ lässt "
             "einen dort gesetzten Wert gelten.",
             "Registry value: HKLM\\{path} ({type}). A value set here takes precedence over the same key "
             "in the file policy.toml (ProgramData\\KI-Werkstatt); \"Not configured\" leaves a value set "
             "there in force."),
}


@dataclass(frozen=True)
class Texts:
    name: str
    explain: str
    label: str = ""  # the input field's label (none for yes/no)


@dataclass(frozen=True)
class Setting:
    key: str  # the registry value name, as in werkstatt.policy
    kind: str  # "bool", "str", "int" or "list", as werkstatt.policy._TYPES
    category: str
    de: Texts
    en: Texts
    max_length: int = 0  # text: the longest value (0: the ADMX default, 1023)

    def texts(self, language: str) -> Texts:
        return (self.de, self.en)[LANGUAGES.index(language)]


def _letter(key: str, de: tuple[str, str], en: tuple[str, str], example: str) -> Setting:
    """A letterhead field: (field, its name as object) in German and English."""
    return Setting(key, "str", "Letterhead", Texts(
        f"Briefkopf: {de[0]}",
        f"Legt {de[1]} im Briefkopf exportierter Briefe fest, z. B. „{example}“. Das Feld „{de[0]}“ "
        "unter Bearbeiten → Einstellungen (Briefkopf) ist dann für die Beschäftigten gesperrt.\n\n"
        "Nicht konfiguriert oder deaktiviert: Es gilt die Angabe der Beschäftigten in den Einstellungen; "
        "ist sie leer, zeigt der Brief an dieser Stelle einen Platzhalter.", f"{de[0]}:"), Texts(
        f"Letterhead: {en[0]}",
        f"Sets {en[1]} in the letterhead of exported letters, e.g. \"{example}\". The field "
        f"\"{de[0]}\" under Bearbeiten → Einstellungen (Briefkopf) is then locked for users.\n\n"
        "Not configured or disabled: the user's entry in the settings applies; if it is empty, the "
        "letter shows a placeholder there.", f"{en[0]}:"), max_length=200)


POLICIES = (
    Setting("allowed_models", "list", "Models", Texts(
        "Zugelassene Modelle (SHA-256-Prüfsummen)",
        "Legt fest, welche Sprachmodelle die KI-Werkstatt laden darf: je Zeile die SHA-256-Prüfsumme "
        "einer Modelldatei (64 Hexadezimalzeichen, wie im Modellkatalog catalog.toml angegeben). "
        "Geladen wird nur ein Modell aus dem Katalog, dessen Datei eine der eingetragenen Prüfsummen "
        "hat.\n\n"
        "Ein Eintrag, der keine SHA-256-Prüfsumme ist, macht die Richtlinie ungültig: Die App startet "
        "dann gesperrt und nennt den Fehler.\n\n"
        "Nicht konfiguriert oder deaktiviert: Alle Modelle des geprüften Katalogs sind zugelassen.",
        "SHA-256-Prüfsummen (eine je Zeile):"), Texts(
        "Allowed models (SHA-256 checksums)",
        "Sets which language models KI-Werkstatt may load: one SHA-256 checksum of a model file per "
        "line (64 hexadecimal characters, as given in the model catalogue catalog.toml). Only a "
        "catalogue model whose file has one of the listed checksums loads.\n\n"
        "An entry that is not a SHA-256 checksum makes the policy invalid: the app then starts locked "
        "and names the error.\n\n"
        "Not configured or disabled: every model of the vetted catalogue is allowed.",
        "SHA-256 checksums (one per line):")),
    Setting("models_dir", "str", "Models", Texts(
        "Ordner der Sprachmodelle",
        "Legt den Ordner fest, in dem die KI-Werkstatt die Modelldateien (GGUF) und einen optionalen "
        "Katalog der IT (catalog.toml) sucht. Ein UNC-Pfad ist möglich, z. B. \\\\dateiserver\\ki-modelle; "
        "die Freigabe sollte für die Beschäftigten nur lesbar sein.\n\n"
        "Nicht konfiguriert oder deaktiviert: Es gilt der Ordner, den das MSI eingetragen hat "
        "(Eigenschaft MODELDIR, Standard C:\\ProgramData\\KI-Werkstatt\\Modelle). Achtung: Wird eine "
        "zuvor aktivierte Richtlinie auf „Nicht konfiguriert“ gesetzt, löscht Windows den Wert; dann gilt "
        "der Ordner „models“ neben dem Programm, bis das MSI erneut installiert wird.",
        "Ordner:"), Texts(
        "Folder of the language models",
        "Sets the folder in which KI-Werkstatt looks for the model files (GGUF) and an optional "
        "IT catalogue (catalog.toml). A UNC path is allowed, e.g. \\\\fileserver\\ai-models; the "
        "share should be read-only for users.\n\n"
        "Not configured or disabled: the folder the MSI wrote applies (property MODELDIR, default "
        "C:\\ProgramData\\KI-Werkstatt\\Modelle). Note: setting a previously enabled policy to "
        "\"Not configured\" makes Windows delete the value; the folder \"models\" beside the program "
        "then applies until the MSI is installed again.",
        "Folder:"), max_length=260),
    Setting("model_id", "str", "Models", Texts(
        "Modell festlegen",
        "Legt das Sprachmodell fest, mit dem die KI-Werkstatt arbeitet: die Kennung (id) eines Modells "
        "aus dem Modellkatalog, z. B. qwen2.5-coder-0.5b-instruct-q4km. Die Modellauswahl in den "
        "Einstellungen ist dann für die Beschäftigten gesperrt.\n\n"
        "Nicht konfiguriert oder deaktiviert: Die Beschäftigten wählen das Modell selbst; ohne Auswahl "
        "gilt das Standardmodell des Katalogs.",
        "Modellkennung:"), Texts(
        "Fix the model",
        "Sets the language model KI-Werkstatt works with: the ID of a model in the model catalogue, "
        "e.g. qwen2.5-coder-0.5b-instruct-q4km. The model choice in the settings is then locked for "
        "users.\n\n"
        "Not configured or disabled: users choose the model themselves; without a choice the "
        "catalogue's default model is used.",
        "Model ID:"), max_length=100),
    Setting("context_tokens", "int", "Models", Texts(
        "Kontextfenster festlegen (Token)",
        "Legt die Größe des Kontextfensters in Token fest; die Beschäftigten können sie dann nicht "
        "ändern. Das Kontextfenster bestimmt, wie viel Text (Eingabe und Entwurf zusammen) das Modell "
        "auf einmal verarbeitet; ein größeres braucht mehr Arbeitsspeicher. Zulässig sind "
        f"{CONTEXT[0]} bis {CONTEXT[1]}.\n\n"
        f"Nicht konfiguriert oder deaktiviert: Die Beschäftigten wählen den Wert (Standard {CONTEXT[2]}).",
        "Kontextfenster (Token):"), Texts(
        "Fix the context window (tokens)",
        "Sets the size of the context window in tokens; users then cannot change it. The context "
        "window determines how much text (input and draft together) the model processes at once; a "
        f"larger one needs more memory. Allowed are {CONTEXT[0]} to {CONTEXT[1]}.\n\n"
        f"Not configured or disabled: users choose the value (default {CONTEXT[2]}).",
        "Context window (tokens):")),
    Setting("require_kipass", "bool", "Access", Texts(
        "KI-Pass vor der Nutzung verlangen",
        "Legt fest, ob die Vorlagen erst nach bestandenem KI-Pass nutzbar sind (Hilfe → KI-Pass: "
        "Lernseiten, Quiz, Checkliste). Auch die Kommandozeile führt dann ohne KI-Pass keine Vorlage "
        "aus und verweist auf die App.\n\n"
        "Aktiviert: Ohne KI-Pass ist keine Vorlage nutzbar (empfohlen für den Pilotbetrieb).\n"
        "Deaktiviert oder nicht konfiguriert: Der KI-Pass ist freiwillig."), Texts(
        "Require the KI-Pass before use",
        "Sets whether the templates can only be used after passing the KI-Pass (Hilfe → KI-Pass: "
        "learning pages, quiz, checklist). The command line then refuses as well and points to the "
        "app.\n\n"
        "Enabled: no template can be used without a KI-Pass (recommended for the pilot).\n"
        "Disabled or not configured: the KI-Pass is voluntary.")),
    Setting("kipass_accounts", "list", "Access", Texts(
        "KI-Pass: von der IT bestätigte Konten",
        "Legt fest, wessen KI-Pass die IT bestätigt hat: je Zeile ein Windows-Konto, z. B. "
        "LUEBECK\\mmuster (nur in dieser Domäne) oder mmuster (in jeder Domäne), eingetragen nach der "
        "KI-Pass-Schulung. Gilt nur zusammen mit „KI-Pass vor der Nutzung verlangen“. Die App prüft "
        "dann das angemeldete Konto, wie Windows es meldet, gegen diese Liste; der KI-Pass in der App "
        "dient nur noch der Übung.\n\n"
        "Ohne diese Liste legen die Beschäftigten den KI-Pass selbst in der App ab; der Nachweis liegt "
        "in ihrem Benutzerordner (governance.json) und kann von ihnen selbst verändert werden.\n\n"
        "Nicht konfiguriert oder deaktiviert: Der in der App abgelegte KI-Pass gilt.",
        "Konten (eines je Zeile):"), Texts(
        "KI-Pass: accounts confirmed by IT",
        "Sets whose KI-Pass IT has confirmed: one Windows account per line, e.g. LUEBECK\\mmuster "
        "(only in that domain) or mmuster (in any domain), entered after the KI-Pass training. "
        "Applies only together with \"Require the KI-Pass before use\". The app then checks the "
        "signed-in account, as Windows reports it, against this list; the KI-Pass in the app is "
        "then practice only.\n\n"
        "Without this list users take the KI-Pass in the app themselves; the record lies in their "
        "user folder (governance.json) and can be changed by them.\n\n"
        "Not configured or disabled: the KI-Pass taken in the app counts.",
        "Accounts (one per line):")),
    Setting("enabled_templates", "list", "Access", Texts(
        "Angebotene Vorlagen",
        "Legt fest, welche der geprüften Vorlagen die KI-Werkstatt anbietet: je Zeile die Kennung einer "
        "Vorlage, z. B. zusammenfassung, buergerbrief, protokoll, einfache-sprache, email-antwort "
        "(„werkstatt templates“ listet sie). Andere Vorlagen werden nicht angezeigt.\n\n"
        "Nicht konfiguriert oder deaktiviert: Alle geprüften Vorlagen werden angeboten.",
        "Vorlagenkennungen (eine je Zeile):"), Texts(
        "Offered templates",
        "Sets which of the vetted templates KI-Werkstatt offers: one template ID per line, e.g. "
        "zusammenfassung, buergerbrief, protokoll, einfache-sprache, email-antwort (\"werkstatt "
        "templates\" lists them). Other templates are not shown.\n\n"
        "Not configured or disabled: every vetted template is offered.",
        "Template IDs (one per line):")),
    Setting("feedback_dir", "str", "Feedback", Texts(
        "Ordner für Feedback-Dateien",
        "Legt den Ordner fest, in den die KI-Werkstatt das freiwillige Feedback schreibt, je "
        "Teilnehmerkennung eine Datei feedback-<Kennung>.sqlite. Ein UNC-Pfad ist möglich, z. B. "
        "\\\\dateiserver\\ki-feedback; die Beschäftigten brauchen dort Schreibrechte. Die Einstellung "
        "„Feedback-Datei“ ist dann gesperrt.\n\n"
        "Nicht konfiguriert oder deaktiviert: Die Beschäftigten können eine Feedback-Datei wählen; "
        "sonst liegt sie in ihrem Benutzerordner.",
        "Ordner:"), Texts(
        "Folder for feedback files",
        "Sets the folder to which KI-Werkstatt writes the voluntary feedback, one file "
        "feedback-<ID>.sqlite per participant ID. A UNC path is allowed, e.g. \\\\fileserver\\ai-feedback; "
        "users need write access there. The setting \"Feedback-Datei\" is then locked.\n\n"
        "Not configured or disabled: users may choose a feedback file; otherwise it is in their user "
        "folder.",
        "Folder:"), max_length=260),
    Setting("allow_feedback_texts", "bool", "Feedback", Texts(
        "Speichern von Eingabe- und Ausgabetext im Feedback erlauben",
        "Legt fest, ob die KI-Werkstatt beim Feedback anbietet, auch den eingegebenen Text und den "
        "Entwurf zu speichern. Gespeichert werden sie nur, wenn die Person das im Einzelfall "
        "ausdrücklich wählt.\n\n"
        "Aktiviert oder nicht konfiguriert: Die Möglichkeit wird angeboten.\n"
        "Deaktiviert: Sie wird nicht angeboten; das Feedback enthält nie Texte."), Texts(
        "Allow storing input and output text with feedback",
        "Sets whether KI-Werkstatt offers, with feedback, to store the entered text and the draft as "
        "well. They are stored only when the person explicitly chooses so in the individual case.\n\n"
        "Enabled or not configured: the option is offered.\n"
        "Disabled: it is not offered; feedback never contains texts.")),
    Setting("departments", "list", "Feedback", Texts(
        "Auswahl der Organisationseinheiten",
        "Legt die Liste fest, aus der die Beschäftigten in den Einstellungen ihre Organisationseinheit "
        "auswählen (je Zeile ein Eintrag, z. B. „Bereich Bürgerservice“). Die Angabe bleibt freiwillig "
        "und wird mit dem Feedback gespeichert.\n\n"
        "Nicht konfiguriert oder deaktiviert: Die Organisationseinheit wird als freier Text eingegeben.",
        "Organisationseinheiten (eine je Zeile):"), Texts(
        "Choice of organisational units",
        "Sets the list from which users choose their organisational unit in the settings (one entry "
        "per line, e.g. \"Bereich Bürgerservice\"). The choice stays voluntary and is stored with the "
        "feedback.\n\n"
        "Not configured or disabled: the organisational unit is entered as free text.",
        "Organisational units (one per line):")),
    Setting("export_label", "str", "Export", Texts(
        "KI-Hinweis in exportierten Dokumenten",
        "Legt den Hinweis fest, mit dem die KI-Werkstatt jedes exportierte Dokument kennzeichnet: "
        "sichtbar am Ende von Word-, ODF- und Textdateien und in den Dokumenteigenschaften. Der Text "
        "darf nicht leer sein.\n\n"
        f"Nicht konfiguriert oder deaktiviert: „{DEFAULT_LABEL}“",
        "Hinweistext:"), Texts(
        "AI note in exported documents",
        "Sets the note with which KI-Werkstatt labels every exported document: visible at the end of "
        "Word, ODF and text files and in the document properties. The text must not be empty.\n\n"
        f"Not configured or disabled: \"{DEFAULT_LABEL}\"",
        "Note text:"), max_length=500),
    Setting("label_clipboard", "bool", "Export", Texts(
        "KI-Hinweis beim Kopieren anfügen",
        "Legt fest, ob die KI-Werkstatt den KI-Hinweis auch an Text anfügt, der in die Zwischenablage "
        "kopiert wird.\n\n"
        "Aktiviert: Kopierter Text endet mit dem KI-Hinweis.\n"
        "Deaktiviert oder nicht konfiguriert: Kopierter Text bleibt ohne Hinweis."), Texts(
        "Append the AI note when copying",
        "Sets whether KI-Werkstatt also appends the AI note to text copied to the clipboard.\n\n"
        "Enabled: copied text ends with the AI note.\n"
        "Disabled or not configured: copied text has no note.")),
    _letter("letter_organisation", ("Dienststelle", "die Dienststelle"),
            ("Organisation", "the organisation"), "Hansestadt Lübeck"),
    _letter("letter_unit", ("Bereich", "den Bereich"), ("Unit", "the unit"),
            "Bereich Stadtgrün und Verkehr"),
    _letter("letter_address", ("Anschrift", "die Anschrift"), ("Address", "the address"),
            "Kronsforder Allee 2-6, 23560 Lübeck"),
    _letter("letter_contact", ("Ansprechperson", "die Ansprechperson"),
            ("Contact person", "the contact person"), "Max Muster"),
    _letter("letter_phone", ("Telefon", "die Telefonnummer"), ("Phone", "the phone number"),
            "0451 122-0"),
    _letter("letter_email", ("E-Mail", "die E-Mail-Adresse"), ("E-mail", "the e-mail address"),
            "stadtgruen@luebeck.de"),
    Setting("council_sync_hosts", "list", "Council", Texts(
        "OParl-Server für den Abgleich der Gremien-Bibliothek",
        "Legt fest, von welchen Servern die KI-Werkstatt Ratsdokumente abrufen darf (Gremien → Mit "
        "Server abgleichen, „werkstatt gremien sync“): je Zeile ein Server. Ein Hostname allein "
        "erlaubt genau diesen Server über https auf Port 443 (ris.luebeck.de), mit Port über https "
        "auf diesem Port (ris.luebeck.de:8443); unverschlüsseltes http nur, wenn es ausgeschrieben "
        "ist (http://127.0.0.1:8080, etwa für einen Testserver). Ein Abgleich über https wechselt "
        "nie zu http. Der Abgleich ist außer dem Servermodus der "
        "einzige Netzwerkzugriff der KI-Werkstatt; er ruft nur die öffentlichen OParl-Listen und "
        "die Dateien der Vorlagen ab und sendet keine Texte, Suchwörter oder Angaben zur Person. "
        "Weiterleitungen und Dateien auf anderen Servern werden abgelehnt.\n\n"
        "Nicht konfiguriert oder deaktiviert: Kein Abgleich; Ratsdokumente lassen sich nur aus einem "
        "Ordner importieren.",
        "Server (einer je Zeile):"), Texts(
        "OParl servers for syncing the council library",
        "Sets the servers from which KI-Werkstatt may fetch council documents (Gremien → Mit Server "
        "abgleichen, \"werkstatt gremien sync\"): one server per line. A host name alone allows exactly "
        "that server over https on port 443 (ris.luebeck.de), with a port over https on that port "
        "(ris.luebeck.de:8443); plain http only when written out (http://127.0.0.1:8080, e.g. for a "
        "test server). A sync over https never switches to http. Apart from server mode, the sync "
        "is KI-Werkstatt's only network access; it only fetches the public OParl lists and the "
        "papers' files and sends no texts, search words or personal data. Redirects and files on "
        "other servers are refused.\n\n"
        "Not configured or disabled: no sync; council documents can only be imported from a folder.",
        "Servers (one per line):")),
    Setting("council_max_file_mb", "int", "Council", Texts(
        "Größte Datei beim Abgleich (MB)",
        "Legt fest, wie groß eine Datei einer Vorlage höchstens sein darf, damit der Abgleich sie "
        "lädt (1 bis 2048 MB). Größere Dateien werden übersprungen und gemeldet; auch der Import "
        "aus einem Ordner liest keine größere Datei.\n\n"
        "Nicht konfiguriert oder deaktiviert: 50 MB.",
        "Höchstens (MB):"), Texts(
        "Largest file in a sync (MB)",
        "Sets how large a paper's file may be for the sync to fetch it (1 to 2048 MB). Larger files "
        "are skipped and reported; an import from a folder reads no larger file either.\n\n"
        "Not configured or disabled: 50 MB.",
        "At most (MB):")),
    Setting("council_sync_proxy", "str", "Council", Texts(
        "Proxy für den Abgleich der Gremien-Bibliothek",
        "Legt den Proxy fest, über den der Abgleich die OParl-Server erreicht, z. B. "
        "http://proxy.stadt.luebeck.de:8080 (ohne Benutzername und Pfad; https-Server über einen "
        "CONNECT-Tunnel). Proxy-Einstellungen des Systems und Umgebungsvariablen wie HTTP_PROXY "
        "beachtet der Abgleich nicht.\n\n"
        "Nicht konfiguriert oder deaktiviert: Der Abgleich verbindet sich direkt mit dem Server.",
        "Proxy-Adresse:"), Texts(
        "Proxy for syncing the council library",
        "Sets the proxy through which the sync reaches the OParl servers, e.g. "
        "http://proxy.stadt.luebeck.de:8080 (without user name or path; https servers through a "
        "CONNECT tunnel). The sync ignores the system's proxy settings and environment variables "
        "such as HTTP_PROXY.\n\n"
        "Not configured or disabled: the sync connects to the server directly.",
        "Proxy address:"), max_length=200),
    Setting("inference_server", "str", "Server", Texts(
        "KI-Server der Stadt (Servermodus)",
        "Legt fest, dass die KI-Werkstatt Entwürfe nicht mit dem Modell auf dem PC, sondern auf dem "
        "KI-Server der Stadt erzeugt (OpenAI-kompatibel: llama.cpp-Server oder vLLM). Wert: die "
        "Basisadresse, z. B. https://ki.luebeck.de:8443 (mit oder ohne /v1, ohne Benutzername und "
        "Parameter).\n\n"
        "Im Servermodus gehen die Eingabe (Dokument, Stichpunkte, Anweisungen der Vorlage) und der "
        "Entwurf an genau diesen Server und an keinen anderen Ort. Die Statusleiste, Hilfe → Über "
        "und die Bewertungen nennen den Server. Keine Einstellung der Beschäftigten und keine "
        "Umgebungsvariable kann auf einen anderen Server umleiten.\n\n"
        "Nicht konfiguriert oder deaktiviert: Das Modell läuft auf dem PC; nichts verlässt ihn.",
        "Basisadresse:"), Texts(
        "The city's inference server (server mode)",
        "Makes KI-Werkstatt write drafts on the city's inference server instead of with the model on "
        "the PC (OpenAI-compatible: llama.cpp server or vLLM). Value: the base address, e.g. "
        "https://ki.luebeck.de:8443 (with or without /v1, no user name or parameters).\n\n"
        "In server mode the input (document, key points, the template's instructions) and the draft "
        "go to exactly this server and nowhere else. The status bar, Hilfe → Über and the ratings "
        "name the server. No user setting and no environment variable can redirect to another "
        "server.\n\n"
        "Not configured or disabled: the model runs on the PC; nothing leaves it.",
        "Base address:"), max_length=300),
    Setting("inference_models", "list", "Server", Texts(
        "Modelle auf dem KI-Server",
        "Legt fest, nach welchen Modellen des KI-Servers die KI-Werkstatt fragen darf: je Zeile "
        "„Name | Anzeigename | SHA-256“, z. B. „qwen2.5-7b-instruct | Qwen2.5 7B Instruct | "
        "<Prüfsumme der Gewichte>“. Name wie ihn der Server unter /v1/models nennt; Anzeigename "
        "und Prüfsumme sind freiwillig (die Prüfsumme steht dann in den Bewertungen). Das erste "
        "Modell wird verwendet.\n\n"
        "Nicht konfiguriert oder deaktiviert: das erste Modell, das der Server anbietet.",
        "Modelle (eins je Zeile):"), Texts(
        "Models on the inference server",
        "Sets which models of the inference server KI-Werkstatt may ask for: one per line as "
        "\"name | display name | SHA-256\", e.g. \"qwen2.5-7b-instruct | Qwen2.5 7B Instruct | "
        "<checksum of the weights>\". The name as the server lists it under /v1/models; display "
        "name and checksum are optional (the checksum is then recorded with ratings). The first "
        "model is used.\n\n"
        "Not configured or disabled: the first model the server offers.",
        "Models (one per line):")),
    Setting("inference_ca_bundle", "str", "Server", Texts(
        "Zertifikat der Stadt für den KI-Server",
        "Legt eine PEM-Datei mit dem Stammzertifikat der Stadt fest, z. B. "
        "C:\\ProgramData\\KI-Werkstatt\\stadt-ca.pem. Das Zertifikat des KI-Servers (https) wird "
        "dann nur gegen diese Datei geprüft.\n\n"
        "Nicht konfiguriert oder deaktiviert: die Zertifikate, denen Windows vertraut.",
        "PEM-Datei:"), Texts(
        "City certificate for the inference server",
        "Sets a PEM file with the city's root certificate, e.g. "
        "C:\\ProgramData\\KI-Werkstatt\\stadt-ca.pem. The inference server's certificate (https) "
        "is then checked against this file only.\n\n"
        "Not configured or disabled: the certificates Windows trusts.",
        "PEM file:"), max_length=300),
    Setting("inference_api_key", "str", "Server", Texts(
        "Schlüssel für den KI-Server",
        "Legt den Schlüssel fest, den die KI-Werkstatt dem KI-Server sendet (Authorization: "
        "Bearer). Er steht lesbar in der Registry; wer das vermeiden will, nutzt stattdessen "
        "„Anmeldeinformation für den KI-Server“.\n\n"
        "Nicht konfiguriert oder deaktiviert: kein Schlüssel.",
        "Schlüssel:"), Texts(
        "Key for the inference server",
        "Sets the key KI-Werkstatt sends to the inference server (Authorization: Bearer). It is "
        "readable in the registry; to avoid that, use \"Credential for the inference server\" "
        "instead.\n\n"
        "Not configured or disabled: no key.",
        "Key:"), max_length=300),
    Setting("inference_api_credential", "str", "Server", Texts(
        "Anmeldeinformation für den KI-Server",
        "Legt den Namen einer generischen Windows-Anmeldeinformation (Anmeldeinformationsverwaltung) "
        "fest, deren Kennwort der Schlüssel für den KI-Server ist, z. B. „KI-Werkstatt-Server“.\n\n"
        "Nicht konfiguriert oder deaktiviert: der Schlüssel aus „Schlüssel für den KI-Server“ oder "
        "keiner.",
        "Name der Anmeldeinformation:"), Texts(
        "Credential for the inference server",
        "Sets the name of a generic Windows credential (Credential Manager) whose password is the "
        "key for the inference server, e.g. \"KI-Werkstatt-Server\".\n\n"
        "Not configured or disabled: the key from \"Key for the inference server\", or none.",
        "Credential name:"), max_length=200),
    Setting("allow_local_fallback", "bool", "Server", Texts(
        "Bei Serverfehlern das Modell auf dem PC anbieten",
        "Aktiviert: Ist der KI-Server nicht erreichbar oder bricht eine Antwort ab, bietet die "
        "KI-Werkstatt an, mit dem Modell auf dem PC weiterzumachen (der Text bleibt dann auf dem "
        "PC). Dafür muss ein geprüftes Modell auf dem PC liegen.\n\n"
        "Nicht konfiguriert oder deaktiviert: Nach einem Serverfehler bleibt der Entwurf erhalten; "
        "das Modell auf dem PC wird nicht angeboten."), Texts(
        "Offer the PC's model after server errors",
        "Enabled: when the inference server cannot be reached or an answer breaks off, KI-Werkstatt "
        "offers to go on with the model on the PC (the text then stays on the PC). A vetted model "
        "must be on the PC for this.\n\n"
        "Not configured or disabled: after a server error the draft is kept; the PC's model is not "
        "offered.")),
    Setting("contact", "str", "KIWerkstatt", Texts(
        "Ansprechpartner für Fragen",
        "Legt fest, wen die KI-Werkstatt unter Hilfe → Über KI-Werkstatt und in den Einstellungen als "
        "Ansprechpartner nennt, z. B. „KI-Pilotleitung, Tel. 122-0000“.\n\n"
        "Nicht konfiguriert oder deaktiviert: Es wird kein Ansprechpartner angezeigt.",
        "Ansprechpartner:"), Texts(
        "Contact for questions",
        "Sets whom KI-Werkstatt names as the contact under Hilfe → Über KI-Werkstatt and in the "
        "settings, e.g. \"KI-Pilotleitung, Tel. 122-0000\".\n\n"
        "Not configured or disabled: no contact is shown.",
        "Contact:"), max_length=200),
)


def _sub(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text or None
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def admx() -> str:
    """The ADMX: namespaces, categories and one machine policy per key."""
    root = ET.Element("policyDefinitions", ROOT_ATTRIBUTES)
    namespaces = _sub(root, "policyNamespaces")
    _sub(namespaces, "target", prefix=PREFIX, namespace=NAMESPACE)
    _sub(namespaces, "using", prefix="windows", namespace="Microsoft.Policies.Windows")
    _sub(root, "resources", minRequiredRevision="1.0")
    definitions = _sub(_sub(root, "supportedOn"), "definitions")
    _sub(definitions, "definition", name=SUPPORTED, displayName=f"$(string.{SUPPORTED})")
    categories = _sub(root, "categories")
    parent = next(iter(CATEGORIES))
    for name in CATEGORIES:
        category = _sub(categories, "category", name=name, displayName=f"$(string.{name})")
        if name != parent:
            _sub(category, "parentCategory", ref=parent)
    policies = _sub(root, "policies")
    for setting in POLICIES:
        key = setting.key
        attributes = {"name": key, "class": "Machine", "displayName": f"$(string.{key})",
                      "explainText": f"$(string.{key}_Explain)", "key": REGISTRY_KEY}
        if setting.kind == "bool":
            attributes["valueName"] = key
        else:
            attributes["presentation"] = f"$(presentation.{key})"
        policy = _sub(policies, "policy", **attributes)
        _sub(policy, "parentCategory", ref=setting.category)
        _sub(policy, "supportedOn", ref=SUPPORTED)
        if setting.kind == "bool":
            _sub(_sub(policy, "enabledValue"), "decimal", value="1")
            _sub(_sub(policy, "disabledValue"), "decimal", value="0")
            continue
        elements = _sub(policy, "elements")
        if setting.kind == "str":
            limit = {"maxLength": str(setting.max_length)} if setting.max_length else {}
            _sub(elements, "text", id=key, valueName=key, **limit, required="true")
        elif setting.kind == "int":
            _sub(elements, "decimal", id=key, valueName=key, minValue=str(CONTEXT[0]),
                 maxValue=str(CONTEXT[1]), required="true")
        else:
            _sub(elements, "multiText", id=key, valueName=key, required="true")
    return _xml(root)


def adml(language: str) -> str:
    """The ADML for a language ("de-DE" or "en-US"): every string and presentation the ADMX names."""
    index = LANGUAGES.index(language)
    root = ET.Element("policyDefinitionResources", ROOT_ATTRIBUTES)
    _sub(root, "displayName", "KI-Werkstatt")
    _sub(root, "description", COMMON["description"][index])
    resources = _sub(root, "resources")
    strings = _sub(resources, "stringTable")
    _sub(strings, "string", COMMON["supported"][index], id=SUPPORTED)
    for name, titles in CATEGORIES.items():
        _sub(strings, "string", titles[index], id=name)
    presentations = _sub(resources, "presentationTable")
    for setting in POLICIES:
        texts = setting.texts(language)
        note = COMMON["note"][index].format(path=f"{REGISTRY_KEY}\\{setting.key}",
                                            type=REG_TYPES[setting.kind])
        _sub(strings, "string", texts.name, id=setting.key)
        _sub(strings, "string", f"{texts.explain}\n\n{note}", id=f"{setting.key}_Explain")
        if setting.kind == "bool":
            continue
        presentation = _sub(presentations, "presentation", id=setting.key)
        if setting.kind == "str":
            _sub(_sub(presentation, "textBox", refId=setting.key), "label", texts.label)
        elif setting.kind == "int":
            _sub(presentation, "decimalTextBox", texts.label, refId=setting.key,
                 defaultValue=str(CONTEXT[2]))
        else:
            _sub(presentation, "multiTextBox", texts.label, refId=setting.key)
    return _xml(root)


def outputs() -> dict[Path, str]:
    """Each file the generator writes, with its text."""
    files = {OUT / "KI-Werkstatt.admx": admx()}
    files.update({OUT / language / "KI-Werkstatt.adml": adml(language) for language in LANGUAGES})
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.admx",
                                     description="Gruppenrichtlinien-Vorlagen (ADMX/ADML) schreiben.")
    parser.add_argument("--check", action="store_true",
                        help="nur prüfen, ob die Dateien in installer/policy/ aktuell sind")
    check = parser.parse_args(argv).check
    files = outputs()
    stale = [path for path, text in files.items()
             if not path.exists() or path.read_bytes() != text.encode("utf-8")]
    if check and stale:
        names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
        print(f"admx: FEHLER: nicht aktuell (fehlt, von Hand geändert oder installer/admx.py geändert): "
              f"{names}. Neu schreiben mit: python -m installer.admx", file=sys.stderr)
        return 1
    if not stale:
        print("admx: Die Gruppenrichtlinien-Vorlagen sind aktuell.")
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path].encode("utf-8"))
        print(f"admx: {path.relative_to(ROOT)} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main())
