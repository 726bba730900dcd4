"""English verb and noun forms for dictionary heads: ``{strike}`` matches strike/strikes/struck/striking."""

from __future__ import annotations

# Irregular verbs news uses: lemma -> (past, past participle).
IRREGULAR: dict[str, tuple[str, ...]] = {
    "arise": ("arose", "arisen"), "be": ("was", "were", "been", "is", "are", "am"),
    "bear": ("bore", "borne"), "beat": ("beat", "beaten"), "become": ("became",),
    "begin": ("began", "begun"), "bend": ("bent",), "bid": ("bid",), "bind": ("bound",),
    "bite": ("bit", "bitten"), "bleed": ("bled",), "blow": ("blew", "blown"),
    "break": ("broke", "broken"), "breed": ("bred",), "bring": ("brought",),
    "broadcast": ("broadcast",), "build": ("built",), "burn": ("burnt", "burned"),
    "buy": ("bought",), "cast": ("cast",), "catch": ("caught",), "choose": ("chose", "chosen"),
    "come": ("came",), "cut": ("cut",), "deal": ("dealt",), "dig": ("dug",),
    "do": ("did", "done", "does"), "draw": ("drew", "drawn"), "drive": ("drove", "driven"),
    "eat": ("ate", "eaten"), "fall": ("fell", "fallen"), "feed": ("fed",), "feel": ("felt",),
    "fight": ("fought",), "find": ("found",), "flee": ("fled",), "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"), "forecast": ("forecast",), "foresee": ("foresaw", "foreseen"),
    "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"), "get": ("got", "gotten"),
    "give": ("gave", "given"), "go": ("went", "gone", "goes"), "grind": ("ground",),
    "grow": ("grew", "grown"), "hang": ("hung", "hanged"), "have": ("had", "has"),
    "hear": ("heard",), "hide": ("hid", "hidden"), "hit": ("hit",), "hold": ("held",),
    "hurt": ("hurt",), "keep": ("kept",), "know": ("knew", "known"), "lay": ("laid",),
    "lead": ("led",), "leave": ("left",), "lend": ("lent",), "let": ("let",), "lie": ("lay", "lain"),
    "light": ("lit",), "lose": ("lost",), "make": ("made",), "mean": ("meant",), "meet": ("met",),
    "mislead": ("misled",), "offset": ("offset",), "oversee": ("oversaw", "overseen"),
    "overrun": ("overran", "overrun"), "overtake": ("overtook", "overtaken"),
    "overthrow": ("overthrew", "overthrown"), "pay": ("paid",), "prove": ("proven",), "put": ("put",),
    "quit": ("quit",), "read": ("read",), "rebuild": ("rebuilt",), "retake": ("retook", "retaken"),
    "rid": ("rid",), "ride": ("rode", "ridden"), "ring": ("rang", "rung"), "rise": ("rose", "risen"),
    "run": ("ran",), "say": ("said",), "see": ("saw", "seen"), "seek": ("sought",), "sell": ("sold",),
    "send": ("sent",), "set": ("set",), "shake": ("shook", "shaken"), "shed": ("shed",),
    "shoot": ("shot",), "show": ("shown",), "shut": ("shut",), "sink": ("sank", "sunk"),
    "sit": ("sat",), "slay": ("slew", "slain"), "sleep": ("slept",), "speak": ("spoke", "spoken"),
    "spend": ("spent",), "split": ("split",), "spread": ("spread",), "stand": ("stood",),
    "steal": ("stole", "stolen"), "stick": ("stuck",), "strike": ("struck", "stricken"),
    "strive": ("strove", "striven"), "swear": ("swore", "sworn"), "sweep": ("swept",),
    "take": ("took", "taken"), "teach": ("taught",), "tear": ("tore", "torn"), "tell": ("told",),
    "think": ("thought",), "throw": ("threw", "thrown"), "undergo": ("underwent", "undergone"),
    "understand": ("understood",), "undertake": ("undertook", "undertaken"), "uphold": ("upheld",),
    "upset": ("upset",), "wage": ("waged",), "wake": ("woke", "woken"), "wear": ("wore", "worn"),
    "win": ("won",), "withdraw": ("withdrew", "withdrawn"), "withhold": ("withheld",),
    "write": ("wrote", "written"),
}
_VOWELS = set("aeiou")


def _third_person(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _suffix_forms(word: str) -> set[str]:
    """Regular -ed and -ing forms; the doubled-consonant variant is added when plausible."""
    forms: set[str] = set()
    if word.endswith("ie"):
        forms |= {word + "d", word[:-2] + "ying"}
    elif word.endswith(("ee", "ye", "oe")):
        forms |= {word + "d", word + "ing"}
    elif word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ied", word + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
        if (
            len(word) >= 3
            and word[-1] not in _VOWELS | {"w", "x", "y"}
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def verb_forms(lemma: str, extra: tuple[str, ...] = ()) -> set[str]:
    """Return the inflected forms of a one-word verb lemma (lower case), including the lemma."""
    forms = {lemma, _third_person(lemma)} | _suffix_forms(lemma) | set(extra)
    if lemma in IRREGULAR:
        forms |= set(IRREGULAR[lemma])
        if lemma.endswith("e"):
            forms.discard(lemma + "d")
        else:
            forms.discard(lemma + "ed")
    return forms


def noun_forms(noun: str) -> set[str]:
    """Return singular and plural of a noun (lower case)."""
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        plural = noun + "es"
    elif noun.endswith("y") and len(noun) > 1 and noun[-2] not in _VOWELS:
        plural = noun[:-1] + "ies"
    else:
        plural = noun + "s"
    return {noun, plural}


PARTICIPLES = frozenset(form for forms in IRREGULAR.values() for form in forms if form not in {"is", "are", "am", "has", "does", "goes"})


def is_participle_form(word: str) -> bool:
    """Rough test that a verb form is a past tense or participle (for passive voice and POS)."""
    return word.endswith("ed") or word in PARTICIPLES
