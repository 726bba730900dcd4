"""ACLED event types, disorder types and inter codes for events in ACLED's scope.

The mapping (CAMEO code → ACLED event type / sub-event type) is the table ``ACLED_MAP`` below and
is documented in ``docs/acled.md``. Events outside ACLED's scope (statements, meetings, appeals)
keep these fields null. Inter codes come from the actors' roles: state forces 1, rebels 2,
militias 3, protesters 6, civilians 7, external/other 8 (international organisations, and state
forces acting outside their own country).

Two sub-event types depend on the actors as well as the code: CAMEO ``192`` (occupy territory) is
"Government regains territory" when state forces (inter code 1) act and "Non-state actor overtakes
territory" otherwise; CAMEO ``175`` (violent repression) is "Excessive force against protesters"
only when the target is protesters (inter code 6), else a "Violence against civilians" attack.
``civilian_targeting`` follows ACLED's codebook: "Civilian targeting" for violence against civilians
and explosions/remote violence whose target is civilians (inter code 7), else null.

ACLED types no CAMEO code can tell apart (Grenade, Mob violence, Protest with intervention,
Disrupted weapons use, Headquarters or base established) are never assigned.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Final

from eventcode.actors import Actor

# CAMEO code prefix → (event_type, sub_event_type). The longest matching prefix wins.
ACLED_MAP: Final = MappingProxyType({
    "057": ("Strategic developments", "Agreement"),
    "0871": ("Strategic developments", "Agreement"),
    "0873": ("Strategic developments", "Change to group/activity"),
    "0874": ("Strategic developments", "Non-violent transfer of territory"),
    "14": ("Protests", "Peaceful protest"),
    "145": ("Riots", "Violent demonstration"),
    "171": ("Strategic developments", "Looting/property destruction"),
    "173": ("Strategic developments", "Arrests"),
    "175": ("Protests", "Excessive force against protesters"),
    "18": ("Violence against civilians", "Attack"),
    "181": ("Violence against civilians", "Abduction/forced disappearance"),
    "1821": ("Violence against civilians", "Sexual violence"),
    "183": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "1831": ("Explosions/Remote violence", "Suicide bomb"),
    "19": ("Battles", "Armed clash"),
    "191": ("Strategic developments", "Other"),
    "192": ("Battles", "Non-state actor overtakes territory"),
    "194": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "195": ("Explosions/Remote violence", "Air/drone strike"),
    "20": ("Violence against civilians", "Attack"),
    "201": ("Strategic developments", "Other"),
    "2041": ("Explosions/Remote violence", "Chemical weapon"),
    "2042": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
})
ACTOR_DEPENDENT_TYPES: Final = (
    ("Battles", "Government regains territory"),  # 192 by state forces
)
"""(event type, sub-event type) pairs assigned from the actors rather than from ACLED_MAP alone."""
CIVILIAN_TARGETING: Final = "Civilian targeting"
_CIVILIAN_TARGETING_TYPES: Final = frozenset({"Violence against civilians", "Explosions/Remote violence"})
DISORDER: Final = MappingProxyType({
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
})
# ACLED's actor type codes (acled_inter1, acled_inter2); eventcode assigns 1, 2, 3, 6, 7 and 8.
INTER_NAMES: Final = MappingProxyType({
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
})
STATE_ROLES = ("MIL", "GOV", "COP", "SPY")
REBEL_ROLES = ("REB", "INS", "SEP")
CIVILIAN_ROLES = ("CVL", "REF", "MED", "HLH", "EDU", "BUS", "LAB", "HRI", "AGR", "ENV", "DEV", "REL")


def assigned_types() -> list[tuple[str, str]]:
    """Every (event type, sub-event type) pair eventcode can assign, sorted."""
    return sorted({*ACLED_MAP.values(), *ACTOR_DEPENDENT_TYPES})


def acled_type(cameo: str) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of a CAMEO code, or None when out of ACLED's scope."""
    for length in range(len(cameo), 1, -1):
        if cameo[:length] in ACLED_MAP:
            return ACLED_MAP[cameo[:length]]
    return None


INTERNATIONAL_PREFIXES = ("IGO", "NGO", "IMG")


def inter_code(actor: Actor | None, location_iso3: str | None = None) -> int | None:
    """ACLED inter code of an actor from its CAMEO roles (None when there is no actor)."""
    if actor is None:
        return None
    foreign = bool(location_iso3 and actor.country and actor.country != location_iso3)
    return inter_from(actor.code.startswith(INTERNATIONAL_PREFIXES), actor.roles, actor.kind, foreign=foreign)


def inter_from(international: bool, roles_text: str, kind: str | None, *, foreign: bool) -> int | None:
    """The inter code from what decides it: an international code (``IGO``/``NGO``/``IMG``), the
    role blocks, the actor kind, and whether the actor's country is not the event's.
    """
    roles = [roles_text[i : i + 3] for i in range(0, len(roles_text), 3)]
    if international and not any(r in REBEL_ROLES for r in roles):
        return 8
    if any(r in REBEL_ROLES for r in roles):
        return 2
    if "UAF" in roles:
        return 3
    if any(r in STATE_ROLES for r in roles) or (kind in {"country", "capital"} and not roles):
        return 8 if foreign else 1
    if "OPP" in roles:
        return 6
    if any(r in CIVILIAN_ROLES for r in roles):
        return 7
    return None


def event_types(cameo: str, inter1: int | None, inter2: int | None) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of a CAMEO code given the actors' inter codes: the table,
    adjusted where the actors decide (repression not aimed at protesters is an attack on civilians;
    state forces taking territory regain it). The validator checks events against this too.
    """
    found = acled_type(cameo)
    if found is None:
        return None
    event_type, sub_event_type = found
    if cameo.startswith("175") and inter2 != 6:
        event_type, sub_event_type = "Violence against civilians", "Attack"
    if cameo.startswith("192") and inter1 == 1:
        sub_event_type = "Government regains territory"
    return event_type, sub_event_type


def acled_fields(cameo: str, source: Actor | None, target: Actor | None, location_iso3: str | None = None) -> dict[str, Any]:
    """The ACLED columns of an event row (all None when the event is out of scope)."""
    return acled_from_inter(cameo, inter_code(source, location_iso3), inter_code(target, location_iso3), has_target=target is not None)


ACLED_COLUMNS = (
    "acled_event_type", "acled_sub_event_type", "acled_disorder_type", "acled_inter1", "acled_inter2",
    "acled_interaction", "civilian_targeting",
)


def acled_from_inter(cameo: str, inter1: int | None, inter2: int | None, *, has_target: bool) -> dict[str, Any]:
    """The ACLED columns from the CAMEO code and the actors' inter codes (``inter_code``): all the
    row-level logic, so a dataset computes it once per distinct combination, not per event.
    """
    found = acled_type(cameo)
    if found is None:
        return dict.fromkeys(ACLED_COLUMNS)
    event_type, sub_event_type = event_types(cameo, inter1, inter2) or found
    if event_type == "Violence against civilians" and has_target and inter2 is None:
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
        "civilian_targeting": civilian_targeting(event_type, inter2),
    }


def civilian_targeting(event_type: str | None, inter2: int | None) -> str | None:
    """ACLED's ``civilian_targeting``: "Civilian targeting" when civilians are the target.

    Parameters
    ----------
    event_type : str or None
        The ACLED event type.
    inter2 : int or None
        The target's inter code (7 is civilians).

    Returns
    -------
    str or None
        ``"Civilian targeting"`` for violence against civilians and explosions/remote violence
        against civilians, else None.
    """
    if event_type in _CIVILIAN_TARGETING_TYPES and inter2 == 7:
        return CIVILIAN_TARGETING
    return None


def acled_markdown() -> str:
    """docs/acled.md: the whole CAMEO → ACLED mapping as tables, generated from :data:`ACLED_MAP`.

    Returns
    -------
    str
        Markdown text.
    """
    lines = [
        "# ACLED fields",
        "",
        "<!-- Generated from eventcode/acled.py by `eventcode codebook --out docs/`; do not edit. -->",
        "",
        (__doc__ or "").strip(),
        "",
        "## CAMEO code → ACLED event type",
        "",
        "The longest matching CAMEO prefix wins; codes matching no prefix are out of ACLED's scope and",
        "keep every ACLED column null.",
        "",
        "| CAMEO prefix | acled_event_type | acled_sub_event_type | acled_disorder_type |",
        "|---|---|---|---|",
    ]
    for prefix, (event_type, sub) in sorted(ACLED_MAP.items()):
        lines.append(f"| `{prefix}` | {event_type} | {sub} | {DISORDER[event_type]} |")
    lines.append("| `192` by state forces | Battles | Government regains territory | Political violence |")
    lines.append("| `175` not against protesters | Violence against civilians | Attack | Political violence |")
    lines += ["", "## Inter codes (acled_inter1, acled_inter2)", "", "| code | actor type | assigned from |", "|---|---|---|"]
    sources = {
        1: "roles " + ", ".join(STATE_ROLES) + ", or a country or capital without roles, in its own country",
        2: "roles " + ", ".join(REBEL_ROLES),
        3: "role UAF",
        6: "role OPP",
        7: "roles " + ", ".join(CIVILIAN_ROLES) + "; the target of violence against civilians without another code",
        8: "IGO/NGO/IMG actors; state forces acting outside their own country",
    }
    for code, name in INTER_NAMES.items():
        lines.append(f"| {code} | {name} | {sources.get(code, 'not assigned')} |")
    lines += [
        "",
        "`acled_interaction` is the two inter codes, smaller first (`12`); one code alone gives `10 × code`.",
        "",
    ]
    return "\n".join(lines)
