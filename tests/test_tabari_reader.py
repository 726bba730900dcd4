"""The TABARI/PETRARCH dictionary reader on tiny inline examples, and on the real big files."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from eventcode.tabari.matcher import Compiled, Options, code_sentence
from eventcode.tabari.reader import (
    DatedCode,
    Word,
    parse_actor_code,
    parse_words,
    read_actors,
    read_agents,
    read_dictionaries,
    read_discards,
    read_options,
    read_verbs,
)
from eventcode.tokens import tokenize
from tests.conftest import shared_path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_words_are_stems_unless_an_underscore_follows():
    assert parse_words("BLUE_RIVER_") == (Word("blue", True), Word("river", True))
    assert parse_words("QUARREL") == (Word("quarrel", False),)
    assert Word("quarrel", False).matches("quarrelled")
    assert not Word("river", True).matches("rivers")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ZZA", DatedCode("ZZA")),
        ("ZZA <950601", DatedCode("ZZA", end=date(1995, 6, 1))),
        ("ZZA > 950601", DatedCode("ZZA", start=date(1995, 6, 1))),
        # a range includes its last day: the code holds until the day after
        ("ZZAGOV 950601 - 990815", DatedCode("ZZAGOV", date(1995, 6, 1), date(1999, 8, 16))),
        ("ZZA 20010101-20020101", DatedCode("ZZA", date(2001, 1, 1), date(2002, 1, 2))),
    ],
)
def test_actor_codes_with_dates(text, expected):
    assert parse_actor_code(text) == expected


def test_bad_actor_code_is_an_error():
    with pytest.raises(ValueError, match="has a date but no code"):
        parse_actor_code("950601-990815")


def test_actor_blocks_synonyms_dates_and_warnings(tmp_path):
    path = write(
        tmp_path,
        "mini.actors",
        "<NOUN>\nTEAPOT_\n</NOUN>\n"
        "BLUELAND_  [BLU] ;a comment\n"
        "KING_OTTO\n+OTTO_THE_GREAT\n\t[BLU <900101]\n\t[BLUGOV 900101-950101]\n\t[RED]\n"
        "NOCODE_LAND\n"
        "BADLAND [XYZ 1234-99]\n"
        "# PETRARCH comment\nGREENLAND_ [GRN] # trailing comment\n"
        "~~FINISH\nAFTER_THE_END [AFT]\n",
    )
    dictionaries = read_actors(path)
    names = {a.phrases[0][0].key: a for a in dictionaries.actors}
    assert set(names) == {"blueland", "king", "greenland"}  # BADLAND lost its only code
    king = names["king"]
    assert len(king.phrases) == 2
    assert king.code_on(date(1980, 1, 1)) == "BLU"
    assert king.code_on(date(1992, 1, 1)) == "BLUGOV"
    assert king.code_on(date(2000, 1, 1)) == "RED"  # undated fallback
    assert dictionaries.nouns == [(Word("teapot", True),)]
    reasons = [str(p) for p in dictionaries.problems]
    assert any(r.endswith("mini.actors:10: actor has no [CODE] line; skipped") for r in reasons)
    assert any("mini.actors:11:" in r and "code skipped" in r for r in reasons)


def test_agents_tabari_and_petrarch(tmp_path):
    path = write(
        tmp_path,
        "mini.agents",
        "!HUMAN! = MAN, WOMAN\nHARBOUR_MASTER_ [~HBR] ;tabari\nTEA!HUMAN! [~TEA]\n"
        "GOOSE {GEESE} [~GSE] # petrarch plural\nWATCHERS_ [NGW~]\nNO_TILDE [GOV]\n",
    )
    dictionaries = read_agents(path)
    codes = {a.code: a for a in dictionaries.agents}
    assert set(codes) == {"HBR", "TEA", "GSE", "NGW"}
    assert codes["NGW"].prefix and not codes["HBR"].prefix
    assert len(codes["TEA"].phrases) == 2  # !HUMAN! expanded
    assert len(codes["GSE"].phrases) == 2  # the irregular plural
    assert [p.line for p in dictionaries.problems] == [6]


def test_verbs_tabari_blocks_patterns_synsets_time(tmp_path):
    path = write(
        tmp_path,
        "mini.verbs",
        "<SYNSETS>\n&FRUIT\n+APPLE\n+PEAR_TREE\n</SYNSETS>\n"
        "<TIME>\nLAST_WEEK [-7]\n</TIME>\n"
        "QUARREL  [111] ;default\n{ QUARRELLED_ }\n"
        "- $ * WITH_ +  [112]\n- * OVER { &FRUIT | PLUMS } [113]\n- NOT_*  [---]\n- NO VERB HERE [114]\n"
        "PRAISE_ [051:052]\n",
    )
    dictionaries = read_verbs(path)
    quarrel, praise = dictionaries.verbs
    assert quarrel.code == "111" and len(quarrel.forms) == 2
    assert [p.code for p in quarrel.patterns] == ["112", "113", "---"]
    assert quarrel.patterns[2].lower_joined
    assert praise.code == "051:052"
    assert dictionaries.time_shifts[0][2] == "-7"
    assert [p.line for p in dictionaries.problems] == [14]


def test_tilde_underscore_is_a_joined_stem(tmp_path):
    (block,) = read_verbs(write(tmp_path, "t.verbs", "ALLOW [060]\n- * REAL~_PLEASANT [024]\n")).verbs
    real, pleasant = block.patterns[0].upper
    assert real.word == Word("real", False) and pleasant.joined
    assert real.word.matches("really")


def test_treebank_contractions_and_whole_words_in_petrarch_files(tmp_path):
    dictionaries = read_verbs(write(tmp_path, "v.verbs.txt", "&NEG\n+CA N'T\n+DID N'T\n\n--- CLASH [223] ---\nCLASH\n- &NEG * OVER EFFORT [904]\n"))
    (block,) = dictionaries.verbs
    assert block.forms == [(Word("clash", True),)]
    (neg,), (_over, effort) = block.patterns[0].lower, block.patterns[0].upper
    assert [[item.word.key for item in option] for option in neg.options] == [["can", "not"], ["did", "not"]]
    assert effort.word.exact  # PETRARCH matches whole words: EFFORT is not "efforts"


def test_petrarch_verb_blocks(tmp_path):
    path = write(
        tmp_path,
        "mini.verbs.txt",
        "&TOOL_\n+HAMMER\n+SAW_\n\n--- MEND [070] ---\nMEND\nPATCH {PATCHES PATCHED PATCHING} [071]\n"
        "+SEW_UP\n- * THE &TOOL [072] # comment\n",
    )
    dictionaries = read_verbs(path)
    (block,) = dictionaries.verbs
    assert block.code == "070"
    assert len(block.forms) == 6
    assert block.form_codes[parse_words("PATCHED", whole=True)] == "071"
    assert block.patterns[0].code == "072"
    assert not dictionaries.problems


def test_discards_and_options(tmp_path):
    discards = read_discards(write(tmp_path, "x.discards.txt", "+CROQUET_MATCH\nTEA PARTY # sentence\n"))
    assert [(story, len(words)) for words, story, _ in discards.discards] == [(True, 2), (False, 2)]
    options = read_options(write(tmp_path, "x.options", "// comment\nSET: CONVERT AGENT = TRUE\nnonsense\n"))
    assert options.options == [("SET", "CONVERT AGENT = TRUE")]
    assert len(options.problems) == 1


def test_coding_a_sentence_with_tiny_dictionaries(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND [BLU]\nREDLAND [RED]\nGREENLAND [GRN]\n")
    write(tmp_path, "t.agents", "NAVY_ [~NAV]\n")
    write(tmp_path, "t.verbs", "QUARREL [111]\n- * OVER TEA [113]\nPRAISE [051:052]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def triples(text: str) -> set[tuple[str, str, str]]:
        result = code_sentence(compiled, tokenize(text), day=date(2000, 1, 1), options=Options())
        return {(e.source, e.target, e.code) for e in result.events}

    assert triples("Blueland quarrelled with Redland.") == {("BLU", "RED", "111")}
    assert triples("The Blueland navy quarrelled with Redland over tea.") == {("BLUNAV", "RED", "113")}
    assert triples("Blueland praised Redland and Greenland.") == {
        ("BLU", "RED", "051"), ("RED", "BLU", "052"), ("BLU", "GRN", "051"), ("GRN", "BLU", "052"),
    }
    assert triples("Blueland spoke of the Quarrel with Redland.") == set()  # capitalised: a noun

    # FORMER makes an agent an elite (ELI): "former Redland sailors"
    assert triples("Blueland quarrelled with former Redland navy officers.") == {("BLU", "REDELI", "111")}


def test_compounds_clauses_and_time_codes(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND [BLU]\nREDLAND [RED]\nGREENLAND [GRN]\n<NOUN>\nSHEEP\nGOAT\n</NOUN>\n<ADJECTIVE>\nEVIL\n</ADJECTIVE>\n")
    write(tmp_path, "t.verbs", "<TIME>\nTEA_TIME [###]\nCROQUET [+++]\n</TIME>\nQUARREL [111]\nMEET [---]\n- % * [044:045]\n"
          "SHOT_AND_WOUND [223]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def triples(text: str) -> set[tuple[str, str, str]]:
        result = code_sentence(compiled, tokenize(text), options=Options())
        return {(e.source, e.target, e.code) for e in result.events}

    assert triples("Neither Blueland nor Redland quarrelled with Greenland.") == {("BLU", "GRN", "111"), ("RED", "GRN", "111")}
    # a conjunction between two nouns does not end a clause: Blueland is the subject
    assert triples("Blueland's sheep and goats of Redland quarrelled with Greenland.") == {("BLU", "GRN", "111")}
    assert triples("Blueland shot and wounded Redland.") == {("BLU", "RED", "223")}
    # AND between nouns and adjectives: "sheep and evil goats" (EVIL is an adjective)
    assert triples("Blueland's sheep and evil goats quarrelled with Greenland.") == {("BLU", "GRN", "111")}
    # adjectives alone join another member to a compound: "Blueland and the evil Redland evil Greenland"
    result = code_sentence(compiled, tokenize("Blueland and the evil Redland evil Greenland quarrelled today."), options=Options())
    assert [e.codes for e in result.entities] == [["BLU", "RED", "GRN"]]
    assert triples("Blueland and Redland will meet soon.") == {
        ("BLU", "RED", "044"), ("RED", "BLU", "045"), ("RED", "BLU", "044"), ("BLU", "RED", "045"),
    }
    assert triples("Blueland quarrelled with Redland at tea time.") == set()
    result = code_sentence(compiled, tokenize("Blueland quarrelled with Redland over croquet."), options=Options())
    assert result.complex and not result.events


def test_noun_and_verb_endings_hyphens_and_complex_limits(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND_ [BLU]\nRED_LAND_ [RED]\nGREENLAND [GRN]\n")
    write(tmp_path, "t.verbs", "DEPART_ [032]\nQUARREL [111]\nACCUSE [112]\nPRAISE [051]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def triples(text: str, options: Options | None = None) -> set[tuple[str, str, str]]:
        result = code_sentence(compiled, tokenize(text), options=options or Options())
        return {(e.source, e.target, e.code) for e in result.events}

    assert triples("Blueland departen from Red-Land.") == {("BLU", "RED", "032")}  # -EN; AL_GORE is "Al-Gore"
    assert triples("Bluelands departed from Red-Land.") == {("BLU", "RED", "032")}  # an exact noun takes -S
    assert triples("Blueland depart's from Red-Land.") == set()  # 's: a noun, not a verb
    # OR ends a clause: "accused Greenland" has the previous clause's first actor as its source
    assert triples("Blueland quarrelled with Red-Land or accused Greenland.") == {("BLU", "RED", "111"), ("BLU", "GRN", "112")}
    limits = Options()
    limits.apply("COMPLEX", "VERBS[3] CONJ[4] NOACTPRIOR")
    limits.apply("COMMA", "OFF")
    assert triples("Blueland quarrelled with Red-Land, accused Greenland and praised Red-Land.", limits) == set()
    assert triples("Departing, Blueland accused Greenland.", limits) == set()  # no actor before the first verb
    assert triples("Blueland accused Greenland.", limits) == {("BLU", "GRN", "112")}


def test_the_pattern_matching_most_elements_wins_and_fixed_wins_ties(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND [BLU]\nREDLAND [RED]\n")
    write(
        tmp_path,
        "t.verbs",
        "<SYNSETS>\n&MONEY\n+DOLLAR\n+GOLD_FLORIN\n</SYNSETS>\nGIVE [070]\n- * &MONEY [903]\n- * DOLLAR [071]\n"
        "- * { MUCH | A_LOT_OF_GOLD_FLORIN } [072]\n",
    )
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def codes(text: str) -> set[str]:
        return {e.code for e in code_sentence(compiled, tokenize(text), options=Options()).events}

    assert codes("Blueland gives dollars to Redland.") == {"071"}  # a tie: the fixed pattern
    assert codes("Blueland gives gold florins to Redland.") == {"903"}
    assert codes("Blueland gives a lot of gold florins to Redland.") == {"072"}  # 5 elements beat 2


def test_petrarch_agents(tmp_path):
    write(tmp_path, "t.actors.txt", "BLUELAND [BLU]\nREDLAND [RED]\nGREENLAND [GRN]\n")
    write(tmp_path, "t.agents.txt", "POLICE {} [~COP]\nMEDIA [~MED]\nGOVERNMENT [~GOV]\nLAWMAKER [~LEG]\nSTUDENT [~EDU]\nMSF {} [NGO~]\n")
    write(tmp_path, "t.verbs.txt", "--- WARN [160] ---\nWARN\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def triples(text: str) -> set[tuple[str, str, str]]:
        result = code_sentence(compiled, tokenize(text), options=Options.petrarch())
        return {(e.source, e.target, e.code) for e in result.events}

    assert triples("Blueland warned Redland polices today.") == {("BLU", "RED", "160")}  # {}: no plural
    assert triples("Blueland warned students today.") == {("BLU", "---EDU", "160")}
    assert triples("Blueland media and government warned Redland.") == {("BLUMED", "RED", "160"), ("BLUGOV", "RED", "160")}
    assert triples("Blueland student media and government warned Redland.") == {("BLUEDUMED", "RED", "160"), ("BLUEDUGOV", "RED", "160")}
    assert triples("Lawmakers and students in Blueland and Greenland warned Redland.") == {
        ("BLULEG", "RED", "160"), ("GRNLEG", "RED", "160"), ("BLUEDU", "RED", "160"), ("GRNEDU", "RED", "160"),
    }
    assert triples("An MSF Blueland lawmaker warned Redland.") == {("NGOBLULEG", "RED", "160")}
    assert triples("Blueland's first deputy lawmaker warned Redland.") == {("BLULEG", "RED", "160")}
    assert triples("Blueland's awful and cool lawmaker warned Redland.") == {("BLULEG", "RED", "160")}


def test_petrarch_verbs_modals_and_regular_forms(tmp_path):
    write(tmp_path, "t.actors.txt", "BLUELAND [BLU]\nREDLAND [RED]\n")
    write(tmp_path, "t.verbs.txt", "--- DEPART [032] ---\nDEPART\n\n--- SHOULD [101] ---\nSHOULD\n\n--- ACT [100] ---\nACT\n"
          "- INDICATED SHOULD * [1011]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def triples(text: str) -> set[tuple[str, str, str]]:
        result = code_sentence(compiled, tokenize(text), options=Options.petrarch())
        return {(e.source, e.target, e.code) for e in result.events}

    assert triples("Blueland departs from Redland.") == {("BLU", "RED", "032")}
    assert triples("Blueland departes from Redland.") == set()  # -ES only after a sibilant
    # SHOULD is a modal, not the verb
    assert triples("Blueland indicated it should have acted against Redland.") == {("BLU", "RED", "1011")}


def test_list_commas(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND [BLU]\nREDLAND [RED]\nGREENLAND [GRN]\nWHITELAND [WHI]\n")
    write(tmp_path, "t.verbs", "QUARREL [111]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))

    def targets(text: str) -> set[str]:
        return {e.target for e in code_sentence(compiled, tokenize(text), options=Options()).events}

    assert targets("Blueland quarrelled with Redland, Greenland and Whiteland on Friday.") == {"RED", "GRN", "WHI"}
    # the comma ends the list: "..., the Whiteland newspaper reported" is a clause the comma rule drops
    assert targets("Blueland quarrelled with Redland and Greenland, the Whiteland newspaper reported on Friday.") == {"RED", "GRN"}


def test_spaced_actor_words_skip_hyphenated_words(tmp_path):
    write(tmp_path, "t.actors", "BLUELAND [BLU]\nREDLAND TELEVISION [REDTV]\n")
    write(tmp_path, "t.verbs", "QUARREL [111]\n")
    compiled = Compiled.build(read_dictionaries([tmp_path]))
    result = code_sentence(compiled, tokenize("Blueland quarrelled with Redland state-run television."), options=Options())
    assert {(e.source, e.target, e.code) for e in result.events} == {("BLU", "REDTV", "111")}


def test_real_tabari_verbs_load():
    path = shared_path("dictionaries", "tabari", "CAMEO.091003.master.verbs")
    started = time.perf_counter()
    dictionaries = read_verbs(path)
    assert time.perf_counter() - started < 20
    assert dictionaries.n_patterns > 15000
    assert len(dictionaries.problems) < 20
    assert all(":" in str(p) for p in dictionaries.problems)


def test_real_phoenix_dictionaries_load():
    folder = shared_path("dictionaries", "phoenix")
    started = time.perf_counter()
    dictionaries = read_dictionaries([folder])
    compiled = Compiled.build(dictionaries)
    assert time.perf_counter() - started < 30
    assert sum(len(a.phrases) for a in dictionaries.actors) > 35000
    assert dictionaries.n_patterns > 10000 and len(dictionaries.agents) > 2000
    assert len(dictionaries.problems) < 100
    result = code_sentence(compiled, tokenize("Iran attacked the United States."), day=date(2020, 1, 1))
    assert [(e.source, e.target, e.code[:2]) for e in result.events] == [("IRN", "USA", "19")]
