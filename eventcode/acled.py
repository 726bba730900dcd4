"""ACLED event types, disorder types and inter codes for events in ACLED's scope.

The mapping (CAMEO code → ACLED event type / sub-event type) is the table ``ACLED_MAP`` below and
is documented in ``docs/acled.md``. Events outside ACLED's scope (statements, meetings, appeals)
keep these fields null. Inter codes come from the actors' roles: state forces 1, rebels 2,
militias 3, protesters 6, civilians 7, external/other 8 (international organisations, and state
forces acting outside their own country).
"""

from __future__ import annotations

from typing import Any

from eventcode.actors import Actor

# CAMEO code prefix → (event_type, sub_event_type). The longest matching prefix wins.
ACLED_MAP: dict[str, tuple[str, str]] = {
    "057": ("Strategic developments", "Agreement"),
    "0871": ("Strategic developments", "Agreement"),
    "0861": ("Strategic developments", "Agreement"),
    "14": ("Protests", "Peaceful protest"),
    "145": ("Riots", "Violent demonstration"),
    "171": ("Strategic developments", "Looting/property destruction"),
    "173": ("Strategic developments", "Arrests"),
    "175": ("Protests", "Excessive force against protesters"),
    "18": ("Violence against civilians", "Attack"),
    "181": ("Violence against civilians", "Abduction/forced disappearance"),
    "1821": ("Violence against civilians", "Sexual violence"),
    "183": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "1832": ("Explosions/Remote violence", "Suicide bomb"),
    "19": ("Battles", "Armed clash"),
    "191": ("Strategic developments", "Other"),
    "192": ("Battles", "Non-state actor overtakes territory"),
    "194": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "195": ("Explosions/Remote violence", "Air/drone strike"),
    "20": ("Violence against civilians", "Attack"),
    "2041": ("Explosions/Remote violence", "Chemical weapon"),
}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED's actor type codes (acled_inter1, acled_inter2); eventcode assigns 1, 2, 3, 6, 7 and 8.
INTER_NAMES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
}
STATE_ROLES = ("MIL", "GOV", "COP", "SPY")
REBEL_ROLES = ("REB", "INS", "SEP")
CIVILIAN_ROLES = ("CVL", "REF", "MED", "HLH", "EDU", "BUS", "LAB", "HRI", "AGR", "ENV", "DEV", "REL")


def acled_type(cameo: str) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of a CAMEO code, or None when out of ACLED's scope."""
    for length in range(len(cameo), 1, -1):
        if cameo[:length] in ACLED_MAP:
            return ACLED_MAP[cameo[:length]]
    return None


def inter_code(actor: Actor | None, location_iso3: str | None = None) -> int | None:
    """ACLED inter code of an actor from its CAMEO roles (None when there is no actor)."""
    if actor is None:
        return None
    roles = [actor.roles[i : i + 3] for i in range(0, len(actor.roles), 3)]
    if actor.code.startswith(("IGO", "NGO", "IMG")) and not any(r in REBEL_ROLES for r in roles):
        return 8
    if any(r in REBEL_ROLES for r in roles):
        return 2
    if "UAF" in roles:
        return 3
    if any(r in STATE_ROLES for r in roles) or (actor.kind in {"country", "capital"} and not roles):
        if location_iso3 and actor.country and actor.country != location_iso3:
            return 8
        return 1
    if "OPP" in roles:
        return 6
    if any(r in CIVILIAN_ROLES for r in roles):
        return 7
    return None


def acled_fields(cameo: str, source: Actor | None, target: Actor | None, location_iso3: str | None = None) -> dict[str, Any]:
    """The ACLED columns of an event row (all None when the event is out of scope)."""
    found = acled_type(cameo)
    if found is None:
        return dict.fromkeys(
            ("acled_event_type", "acled_sub_event_type", "acled_disorder_type", "acled_inter1", "acled_inter2", "acled_interaction")
        )
    event_type, sub_event_type = found
    inter1, inter2 = inter_code(source, location_iso3), inter_code(target, location_iso3)
    if event_type == "Violence against civilians" and target is not None and inter2 is None:
        inter2 = 7
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = None
    if len(codes) == 2:
        interaction = codes[0] * 10 + codes[1]
    elif len(codes) == 1:
        interaction = codes[0] * 10
    return {
        "acled_event_type": event_type,
        "acled_sub_event_type": sub_event_type,
        "acled_disorder_type": DISORDER[event_type],
        "acled_inter1": inter1,
        "acled_inter2": inter2,
        "acled_interaction": interaction,
    }
