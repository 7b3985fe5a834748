"""The OParl 1.1 objects of a planned corpus: the System, the Body with its legislative terms
and Locations, the Organizations, the Persons with embedded Memberships, the Papers with their
Consultations and ``mainFile``, the Meetings with their AgendaItems."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from .dates import MEMBERS_SINCE, REFERENCE_DATE, TERMS, stamp
from .plan import Meeting, Paper, room_of
from .state import State
from .text import paper_text
from .values import object_url, slug
from .words import ADMIN, FAMILY, FRAKTIONEN, GIVEN, GREMIEN, ORG_INDEX, ORGS, ROOMS, TOPICS

Obj = dict[str, Any]

SCHEMA = "https://schema.oparl.org/1.1/"
LIST_NAMES = ("organization", "person", "meeting", "paper")
FRAKTION_SIZES = (14, 12, 10)
PERSONS = 40


def system(state: State) -> Obj:
    """The OParl System (its name says the data are synthetic)."""
    return {
        "id": f"{state.base}/",
        "type": SCHEMA + "System",
        "oparlVersion": SCHEMA,
        "body": f"{state.base}/bodies",
        "name": "Synthetisches OParl-System der Hansestadt Beispielstadt (Testdaten)",
        "contactEmail": "ris@beispielstadt.example",
        "contactName": "RIS-Betreuung (synthetische Testdaten)",
        "website": "https://www.beispielstadt.example/",
        "created": stamp(date(2018, 5, 2), 9 * 60),
        "modified": stamp(REFERENCE_DATE, 6 * 60),
    }


def _location(state: State, number: int) -> Obj:
    street, room, lon, lat = ROOMS[number - 1]
    return {
        "id": object_url(state.base, "location", number),
        "type": SCHEMA + "Location",
        "description": f"{room}, {street}, 23999 Beispielstadt",
        "streetAddress": street,
        "room": room,
        "postalCode": "23999",
        "locality": "Beispielstadt",
        "geojson": {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"name": room}},
        "created": stamp(date(2018, 5, 2), 9 * 60),
        "modified": stamp(date(2018, 5, 2), 9 * 60),
    }


def body(state: State) -> Obj:
    """The Body with its lists, legislative terms and Location."""
    created = stamp(date(2018, 5, 2), 9 * 60)
    return {
        "id": state.body_url,
        "type": SCHEMA + "Body",
        "system": f"{state.base}/",
        "shortName": "Beispielstadt",
        "name": "Hansestadt Beispielstadt",
        "website": "https://www.beispielstadt.example/",
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "contactEmail": "ris@beispielstadt.example",
        "contactName": "RIS-Betreuung",
        "classification": "Kreisfreie Stadt",
        "keyword": ["synthetische Testdaten"],
        **{name: f"{state.body_url}/{name}s" for name in LIST_NAMES},
        "mainOrganization": object_url(state.base, "organization", 1),
        "legislativeTerm": [
            {"id": object_url(state.base, "legislativeterm", i), "type": SCHEMA + "LegislativeTerm",
             "body": state.body_url, "name": name, "startDate": start.isoformat(),
             "endDate": end.isoformat(), "created": created, "modified": created}
            for i, (name, start, end) in enumerate(TERMS, start=1)
        ],
        "location": _location(state, 1),
        "created": created,
        "modified": stamp(REFERENCE_DATE, 6 * 60),
    }


def organizations(state: State) -> list[Obj]:
    """The committees and Fraktionen as OParl Organizations."""
    created = stamp(date(2018, 5, 2), 9 * 60)
    result = []
    for i, org in enumerate(ORGS, start=1):
        obj: Obj = {
            "id": object_url(state.base, "organization", i),
            "type": SCHEMA + "Organization",
            "body": state.body_url,
            "name": org.name,
            "shortName": org.short,
            "organizationType": org.kind,
            "classification": org.classification,
            "post": (["Vorsitz", "Stellvertretender Vorsitz", "Mitglied"] if org.kind == "Gremium"
                     else ["Fraktionsvorsitz", "Mitglied"]),
            "startDate": MEMBERS_SINCE.isoformat(),
            "created": created,
            "modified": created,
        }
        if org.kind == "Gremium":
            obj["location"] = _location(state, room_of(i - 1))
        result.append(obj)
    return result


def persons(state: State) -> tuple[list[Obj], list[list[int]]]:
    """40 persons: the Bürgermeister(in) and three senators, then the Fraktionen's members
    of the Bürgerschaft. Returns the persons and each Fraktion's person numbers."""
    rng = state.rng
    family = rng.sample(FAMILY, PERSONS)
    people = [(rng.choice(GIVEN), family[i]) for i in range(PERSONS)]
    members = list(range(len(ADMIN) + 1, PERSONS + 1))  # person numbers
    fraktion_members: list[list[int]] = []
    start = 0
    for size in FRAKTION_SIZES:
        fraktion_members.append(members[start:start + size])
        start += size
    fraktion_of = {p: f for f, ps in enumerate(fraktion_members) for p in ps}
    # committee seats: 7 members each; the first chairs, the second deputises
    seats: dict[int, list[tuple[int, str]]] = {p: [] for p in members}
    for g in GREMIEN:
        if ORGS[g].key == "bs":
            continue
        for place, p in enumerate(rng.sample(members, 7)):
            seats[p].append((g, "chair" if place == 0 else "deputy" if place == 1 else "member"))
    president = rng.choice(members)

    created = stamp(MEMBERS_SINCE - timedelta(days=3), 10 * 60)
    since = MEMBERS_SINCE.isoformat()
    next_membership = 1
    result = []
    for number, ((given, gender), fam) in enumerate(people, start=1):
        female = gender == "female"
        title = ["Dr."] if rng.random() < 0.12 else []
        obj: Obj = {
            "id": object_url(state.base, "person", number),
            "type": SCHEMA + "Person",
            "body": state.body_url,
            "name": " ".join([*title, given, fam]),
            "familyName": fam,
            "givenName": given,
            "formOfAddress": "Frau" if female else "Herr",
            "gender": gender,
            "email": [f"{slug(given)}.{slug(fam)}@beispielstadt.example"],
        }
        if title:
            obj["title"] = title
        memberships: list[tuple[int, str, bool, int | None]] = []  # org, role, voting, on behalf of
        if number <= len(ADMIN):
            obj["status"] = [ADMIN[number - 1][0][0 if female else 1]]
            if number == 1:
                memberships.append((ORG_INDEX["bs"], "Bürgermeisterin" if female else "Bürgermeister",
                                    False, None))
        else:
            f = fraktion_of[number]
            fraktion = FRAKTIONEN[f]
            status = "Stadtpräsidentin" if female else "Stadtpräsident"
            obj["status"] = [status if number == president else "Mitglied der Bürgerschaft"]
            chair = number == fraktion_members[f][0]
            memberships.append((ORG_INDEX["bs"], status if number == president else "Mitglied",
                                True, fraktion))
            memberships.append((fraktion, "Fraktionsvorsitz" if chair else "Mitglied", True, None))
            for g, rank in seats[number]:
                role = {"chair": "Vorsitzende" if female else "Vorsitzender",
                        "deputy": "Stellvertretende Vorsitzende" if female
                        else "Stellvertretender Vorsitzender",
                        "member": "Mitglied"}[rank]
                memberships.append((g, role, True, fraktion))
        if memberships:
            obj["membership"] = []
        for org, role, voting, behalf in memberships:
            membership: Obj = {
                "id": object_url(state.base, "membership", next_membership),
                "type": SCHEMA + "Membership",
                "organization": object_url(state.base, "organization", org + 1),
                "role": role,
                "votingRight": voting,
                "startDate": since,
                "created": created,
                "modified": created,
            }
            if behalf is not None:
                membership["onBehalfOf"] = object_url(state.base, "organization", behalf + 1)
            obj["membership"].append(membership)
            next_membership += 1
        obj["created"] = created
        obj["modified"] = created
        result.append(obj)
    return result, fraktion_members


def paper_object(state: State, p: Paper, fraktion_members: list[list[int]], files: dict[str, bytes]) -> Obj:
    """A Paper with its Consultations and ``mainFile`` (the text also in ``files``)."""
    rng = state.rng
    base = state.base
    url = object_url(base, "paper", p.id)
    created = stamp(p.day, p.minutes)
    last = max((state.meeting_day(item.meeting) for item in p.items if item.result), default=p.day)
    modified = stamp(last, p.minutes) if last > p.day else created
    committee = ORG_INDEX[TOPICS[p.topic].committee]
    obj: Obj = {
        "id": url,
        "type": SCHEMA + "Paper",
        "body": state.body_url,
        "name": p.name,
        "reference": p.reference,
        "date": p.day.isoformat(),
        "paperType": p.kind,
    }
    if p.parent is not None:
        obj["relatedPaper"] = [object_url(base, "paper", p.parent.id)]
        obj["superordinatedPaper"] = [object_url(base, "paper", p.parent.id)]
    if p.children:
        obj["subordinatedPaper"] = [object_url(base, "paper", c.id) for c in p.children]
    if p.fraktion is not None:
        members = fraktion_members[p.fraktion]
        obj["originatorOrganization"] = [object_url(base, "organization", FRAKTIONEN[p.fraktion] + 1)]
        if p.kind in ("Antrag", "Anfrage"):
            chosen = rng.sample(members, rng.randint(1, 2))
            obj["originatorPerson"] = [object_url(base, "person", n) for n in chosen]
    elif rng.random() < 0.5:
        admin = next(i for i, (_status, keys) in enumerate(ADMIN) if ORGS[committee].key in keys)
        obj["originatorPerson"] = [object_url(base, "person", admin + 1)]
    obj["underDirectionOf"] = [object_url(base, "organization", committee + 1)]

    content = paper_text(state, p).encode("utf-8")
    file_name = f"{slug(p.reference)}.txt"
    file_url = f"{base}/file/{p.id}/download/{file_name}"
    main_file: Obj = {
        "id": object_url(base, "file", p.id),
        "type": SCHEMA + "File",
        "name": f"{p.kind} {p.reference}",
        "fileName": file_name,
        "mimeType": "text/plain",
        "date": p.day.isoformat(),
        "size": len(content),
        "sha1Checksum": hashlib.sha1(content).hexdigest(),
        "accessUrl": file_url,
        "downloadUrl": file_url,
        "created": created,
        "modified": created,
    }
    if state.with_text:
        main_file["text"] = content.decode("utf-8")
    files[file_url] = content
    obj["mainFile"] = main_file
    if p.items:
        obj["consultation"] = [
            {
                "id": object_url(base, "consultation", item.consultation_id),
                "type": SCHEMA + "Consultation",
                "paper": url,
                "agendaItem": object_url(base, "agendaitem", item.agenda_id),
                "meeting": object_url(base, "meeting", item.meeting),
                "organization": [object_url(base, "organization", item.org + 1)],
                "authoritative": item.role == "Entscheidung",
                "role": item.role,
                "created": created,
                "modified": created,
            }
            for item in p.items
        ]
    obj["created"] = created
    obj["modified"] = modified
    return obj


def meeting_object(state: State, m: Meeting, plan: list[Paper]) -> Obj:
    """A Meeting with its AgendaItems (results only for meetings that took place)."""
    rng = state.rng
    base = state.base
    url = object_url(base, "meeting", m.id)
    org = ORGS[m.org]
    past = m.day < REFERENCE_DATE
    created_day = min(m.day - timedelta(days=rng.randint(21, 35)), REFERENCE_DATE - timedelta(days=1))
    created = stamp(created_day, 8 * 60 + rng.randint(0, 120))
    modified_day = min(m.day + timedelta(days=rng.randint(1, 10)), REFERENCE_DATE) if past else min(
        m.day - timedelta(days=7), REFERENCE_DATE - timedelta(days=1))
    modified = stamp(max(modified_day, created_day), 14 * 60)
    cancelled = past and not m.items  # a later meeting without papers has no agenda yet
    obj: Obj = {
        "id": url,
        "type": SCHEMA + "Meeting",
        "name": f"{m.number}. Sitzung {org.genitive}",
        "meetingState": ("abgesagt" if cancelled else "durchgeführt" if past
                         else "eingeladen" if m.items and (m.day - REFERENCE_DATE).days <= 14
                         else "terminiert"),
        "cancelled": cancelled,
        "start": stamp(m.day, m.start),
        "end": stamp(m.day, m.end),
        "location": _location(state, room_of(m.org)),
        "organization": [object_url(base, "organization", m.org + 1)],
    }
    if m.items:
        items: list[Obj] = []

        def add(name: str, public: bool = True, result: str | None = None, **extra: Any) -> None:
            item: Obj = {
                "id": object_url(base, "agendaitem", extra.pop("agenda_id", None) or state.new_agenda_id()),
                "type": SCHEMA + "AgendaItem",
                "meeting": url,
                "number": str(len(items) + 1),
                "order": len(items) + 1,
                "name": name,
                "public": public,
                **extra,
            }
            if result is not None and past:
                item["result"] = result
            item["created"] = created
            item["modified"] = modified
            items.append(item)

        add("Eröffnung der Sitzung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit")
        add("Genehmigung der Tagesordnung", result="beschlossen")
        if m.number > 1:
            add(f"Genehmigung der Niederschrift über die {m.number - 1}. Sitzung", result="beschlossen")
        paper_items = sorted(m.items, key=lambda i: not i.public)  # the non-public part comes last
        public_done = False
        for item in paper_items:
            if not item.public and not public_done:
                add("Verschiedenes")
                public_done = True
            extra: Obj = {"agenda_id": item.agenda_id,
                          "consultation": object_url(base, "consultation", item.consultation_id)}
            if item.amendment:
                extra["resolutionText"] = item.amendment
            add(plan[item.paper - 1].name, item.public, item.result, **extra)
        if not public_done:
            add("Verschiedenes")
        obj["agendaItem"] = items
    obj["created"] = created
    obj["modified"] = modified
    return obj
