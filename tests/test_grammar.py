"""Sentence phenomena, coded with the tiny dictionaries in tests/fixtures/mini."""

from __future__ import annotations


def test_active_voice_with_compound_named_actors(code_mini) -> None:
    text = (
        "At 4:00 p.m. (EST) Feb. 02, U.S. Central Command (CENTCOM) forces conducted airstrikes in Iraq "
        "and Syria against Iran’s Islamic Revolutionary Guards Corps (IRGC) Quds Force, CENTCOM said."
    )
    assert code_mini(text) == [("USAMIL", "IRNMIL", "195")]


def test_passive_with_agent_swaps_source_and_target(code_mini) -> None:
    assert code_mini("The militants were attacked by Iraqi police.") == [("IRQCOP", "REB", "190")]


def test_passive_without_agent_takes_the_speaker_as_source(code_mini) -> None:
    text = (
        "US Central Command confirmed in a statement that airstrikes were carried out in Iraq and Syria "
        "against Iran's Islamic Revolutionary Guards Corps."
    )
    assert code_mini(text) == [("USAMIL", "IRNMIL", "195")]


def test_negation_yields_no_event(code_mini) -> None:
    assert code_mini("Iraqi forces did not attack the militants.") == []
    assert code_mini("Iraqi forces never attacked the militants.") == []


def test_future_attack_in_a_statement_is_a_threat(code_mini) -> None:
    text = "But on Friday the leader of the Al-Nujaba militant group, Akram Al-Kaabi, said it would continue to attack US targets."
    assert code_mini(text) == [("IRQREB", "USA", "138")]


def test_compound_source_gives_one_event_each(code_mini) -> None:
    assert code_mini("Jordan and Britain attacked Iran.") == [("JOR", "IRN", "190"), ("GBR", "IRN", "190")]


def test_joint_acts_are_reciprocal(code_mini) -> None:
    assert code_mini("Jordan and Britain agreed on Monday.") == [("JOR", "GBR", "057"), ("GBR", "JOR", "057")]


def test_between_gives_both_directions(code_mini) -> None:
    assert code_mini("Fighting broke out as Iraqi forces met between Jordan and Syria.") == [("IRQMIL", "JOR", "040"), ("IRQMIL", "SYR", "040")]


def test_infinitives_follow_their_governor(code_mini) -> None:
    assert code_mini("Iraq urged Syria to attack the militants.") == []
    assert code_mini("Iraq threatened to attack the militants.") == [("IRQ", "REB", "138")]
    assert code_mini("Iraq refused to attack the militants.") == []
    assert code_mini("Iraq continued to attack the militants.") == [("IRQ", "REB", "190")]


def test_gerund_after_a_preposition_is_a_topic_not_an_act(code_mini) -> None:
    assert code_mini("Iraq spoke with Syria about attacking the militants.") == []


def test_compound_target_gives_one_event_each(code_mini) -> None:
    assert code_mini("Joe Biden met leaders of France and Germany.") == [("USAGOV", "FRA", "040"), ("USAGOV", "DEU", "040")]


def test_relative_clause_subject_is_the_antecedent(code_mini) -> None:
    assert code_mini("Militias, which have attacked US troops, remain active.") == [("REB", "USAMIL", "190")]


def test_pronoun_resolves_to_the_speaker_organisation(code_mini) -> None:
    text = "The White House said it believes an umbrella group of militants called Islamic Resistance in Iraq was behind the attack."
    assert code_mini(text) == [("USAGOV", "IRQREB", "112")]


def test_nominal_event_with_by_and_on(code_mini) -> None:
    text = "A drone strike by Iran-backed militants on a US military outpost in Jordan killed three US service members."
    assert code_mini(text) == [("REB", "USAMIL", "195")]


def test_discard_phrase_blocks_sports_stories(code_mini) -> None:
    assert code_mini("Arsenal attacked France in the Premier League.") == []


def test_date_ranged_actor_code_follows_the_article_date(code_mini) -> None:
    from datetime import date

    assert code_mini("Joe Biden attacked Iran.", date(2022, 5, 1)) == [("USAGOV", "IRN", "190")]
    assert code_mini("Joe Biden attacked Iran.", date(2019, 5, 1)) == [("USAELI", "IRN", "190")]


def test_denial_has_no_target(code_mini) -> None:
    assert code_mini("Iran has denied any association with the attack.") == [("IRN", None, "016")]


def test_light_verb_noun_event_is_not_coded_twice(code_mini) -> None:
    text = "Kataib Hezbollah announced on Tuesday the suspension of its military operations against US forces."
    assert code_mini(text) == [("IRQREB", "USAMIL", "087")]


def test_demanded_act_is_not_coded_as_done(code_mini) -> None:
    assert code_mini("Iraq demanded that Syria attack the militants.") == []


def test_named_group_keeps_its_code_with_a_generic_noun(mini_lexicon) -> None:
    from eventcode.actors import find_actors
    from eventcode.tokens import tokenize

    text = "The PKK militant group and Iraqi police"
    actors = find_actors(mini_lexicon, tokenize(text), text, None)
    assert [a.code for a in actors] == ["TURSEP", "IRQCOP"]


def test_a_lone_agent_word_used_as_a_modifier_is_not_an_actor(mini_lexicon) -> None:
    from eventcode.actors import find_actors
    from eventcode.tokens import tokenize

    text = "Jordan and Britain held military exercises with troops"
    assert [a.code for a in find_actors(mini_lexicon, tokenize(text), text, None)] == ["JOR", "GBR", "MIL"]


def test_an_agent_spreads_over_bare_countries_but_a_named_group_does_not(mini_lexicon) -> None:
    from eventcode.actors import chain_at, find_actors
    from eventcode.tokens import tokenize

    text = "U.S. and Iraqi forces"
    actors = find_actors(mini_lexicon, tokenize(text), text, None)
    assert [a.code for a in chain_at(actors, 0, tokenize(text))] == ["USAMIL", "IRQMIL"]
    text = "Jordan and Kataib Hezbollah"
    actors = find_actors(mini_lexicon, tokenize(text), text, None)
    assert [a.code for a in chain_at(actors, 0, tokenize(text))] == ["JOR", "IRQREB"]


def test_a_visit_targets_the_place_visited(code_mini, tmp_path) -> None:
    from datetime import date

    from eventcode.dictionary import load_dictionary
    from eventcode.grammar import Context, code_sentence
    from eventcode.lexicon import Lexicon
    from eventcode.tokens import tokenize

    from .conftest import MINI

    verbs = tmp_path / "visit.verbs"
    verbs.write_text("042 | {arrive} in +\n042 | <visit> to +\n", encoding="utf-8")
    lexicon = Lexicon(load_dictionary([MINI, verbs], defaults=False))
    for text in ("Joe Biden arrived in Tehran on Monday.", "Joe Biden made a surprise visit to Tehran."):
        mentions, _ = code_sentence(lexicon, tokenize(text), text, sentence_index=0, day=date(2024, 1, 1), context=Context())
        assert [(m.source.code, m.target.code, m.code) for m in mentions] == [("USAGOV", "IRNGOV", "042")]


def test_conditional_and_adjectival_uses_are_not_events(code_mini) -> None:
    assert code_mini("Iraq said that if Syria attacked the militants, it would respond.") == []
    assert code_mini("Jordan freed the attacked militants.") == []


def test_a_subject_after_a_conjunction_is_still_the_subject(code_mini) -> None:
    assert code_mini("The talks ended after Iraq attacked the militants.") == [("IRQ", "REB", "190")]


def test_intent_code_uses_the_base_code_before_the_root() -> None:
    from eventcode.grammar import _intent

    assert (_intent("0871"), _intent("2042"), _intent("192"), _intent("046")) == ("0356", "1385", "1382", "036")


def test_unnamed_police_and_victims_belong_to_the_place(coder) -> None:
    from datetime import date

    result = coder.code_text("Police opened fire on protesters in Zahedan on Friday.", doc_date=date(2022, 9, 30))
    assert {(m.source.code, m.target.code) for m in result.mentions} == {("IRNCOP", "IRNCVL")}
    result = coder.code_text("Militants attacked a police station in Kabul.", doc_date=date(2022, 9, 30))
    assert {m.source.code for m in result.mentions} == {"REB"}  # an unidentified attacker keeps no country


def test_an_attack_on_a_place_targets_its_country(coder) -> None:
    from datetime import date

    result = coder.code_text("Russian forces shelled the centre of Kherson on Saturday.", doc_date=date(2022, 12, 25))
    assert {(m.source.code, m.target.code if m.target else None) for m in result.mentions} == {("RUSMIL", "UKR")}
    result = coder.code_text("Russian forces shelled the centre of Belgorod on Saturday.", doc_date=date(2022, 12, 25))
    assert {m.target for m in result.mentions} == {None}  # no attack on its own country


def test_protesters_are_civilians_against_their_government(coder) -> None:
    from datetime import date

    result = coder.code_text("Thousands of Serbians rallied in Belgrade on Saturday.", doc_date=date(2025, 3, 15))
    assert {(m.source.code, m.target.code, m.code) for m in result.mentions} == {("SRBCVL", "SRBGOV", "141")}
    result = coder.code_text("Protesters marched through Tbilisi on Sunday.", doc_date=date(2024, 12, 1))
    assert {(m.source.code, m.target.code) for m in result.mentions} == {("GEOCVL", "GEOGOV")}


def test_forces_deployed_are_the_source_s_own(code_mini) -> None:
    assert code_mini("Iran deployed troops to its border with Iraq.") == [("IRNMIL", "IRQ", "154")]
    assert code_mini("Iran held drills near Syria.") == [("IRN", "SYR", "150")]
    assert code_mini("Iran held drills in Iran.") == [("IRN", None, "150")]  # its own territory is no target


def test_a_possessive_actor_owns_a_modified_agent(code_mini) -> None:
    assert code_mini("Iraq's interim government attacked the militants.") == [("IRQGOV", "REB", "190")]
    assert code_mini("Iraq's attack killed militants.") == [("IRQ", "REB", "190")]  # an event word breaks the phrase


def test_a_leader_s_warning_that_their_country_will_act_is_theirs(code_mini) -> None:
    assert code_mini("Joe Biden warned that the United States would attack the militants.") == [("USAGOV", "REB", "138")]
    assert code_mini("Joe Biden warned that Iran would attack the militants.") == [("IRN", "REB", "138")]


def test_a_claimed_attack_targets_the_country_it_struck(coder) -> None:
    from datetime import date

    text = "Islamic State claimed responsibility for the suicide bombing at a pop concert in Manchester, England."
    result = coder.code_text(text, doc_date=date(2017, 5, 23))
    assert {(m.source.code, m.target.code if m.target else None, m.code) for m in result.mentions} == {("IMGREB", "GBR", "015")}


def test_an_article_after_and_keeps_the_chain(code_mini) -> None:
    assert sorted(code_mini("Iraq and the United States attacked the militants.")) == [("IRQ", "REB", "190"), ("USA", "REB", "190")]


def test_killings_of_civilians_by_count(code_mini) -> None:
    assert code_mini("Militants killed more than 200 civilians in Iraq.") == [("REB", "CVL", "202")]
    assert code_mini("Militants killed 12 villagers.") == [("REB", "CVL", "180")]
    assert code_mini("Iraqi forces killed 12 villagers.") == [("IRQMIL", "CVL", "190")]  # a state force: not 180
    assert code_mini("Militants killed 12 soldiers.") == [("REB", "MIL", "190")]  # combatants


def test_fighting_with_someone_goes_both_ways(code_mini) -> None:
    assert sorted(code_mini("Iraqi police exchanged fire with militants.")) == [("IRQCOP", "REB", "193"), ("REB", "IRQCOP", "193")]


def test_unnamed_gangs_belong_to_the_place(coder) -> None:
    from datetime import date

    result = coder.code_text("Police exchanged fire with gang members in Port-au-Prince.", doc_date=date(2024, 3, 9))
    assert {(m.source.code, m.target.code) for m in result.mentions} == {("HTICOP", "HTICRM"), ("HTICRM", "HTICOP")}


def test_a_country_adjective_owns_a_modified_agent(code_mini, mini_lexicon) -> None:
    from eventcode.actors import find_actors
    from eventcode.tokens import tokenize

    assert code_mini("Iraqi federal police attacked the militants.") == [("IRQCOP", "REB", "190")]
    text = "Iraq hunted militants."  # the country's name is not an adjective: two actors
    assert [a.code for a in find_actors(mini_lexicon, tokenize(text), text, None)] == ["IRQ", "REB"]


def test_destroyed_property_targets_its_country(coder) -> None:
    from datetime import date

    result = coder.code_text("Israeli troops demolished dozens of homes in the Jenin refugee camp.", doc_date=date(2025, 2, 24))
    assert {(m.source.code, m.target.code if m.target else None) for m in result.mentions} == {("ISRMIL", "PSE")}


def test_a_between_slot_is_both_sides_event(code_mini) -> None:
    expected = [("IRQ", "SYR", "190"), ("SYR", "IRQ", "190")]
    assert sorted(code_mini("Heavy clashes erupted on Saturday between Iraq and Syria.")) == expected


def test_a_pronoun_for_a_country_of_an_earlier_sentence_is_not_looked_up_in_this_one(coder) -> None:
    from datetime import date

    # "it" is New Zealand, whose token offsets belong to the earlier, longer sentence (this
    # once raised IndexError and lost the document).
    text = (
        "Malawi denied any involvement in the attack. Hamas threatened on Sunday to expel all the diplomats "
        "and their families from New Zealand if the allegations were not withdrawn. "
        "H.R. McMaster said it would attack the rebels."
    )
    result = coder.code_text(text, doc_date=date(2024, 2, 2))
    assert result.error is None
    assert {m.code for m in result.mentions if m.sentence.index == 2} == {"138"}


def test_clause_bounds_from_the_text_agree_with_the_tokens() -> None:
    from eventcode.grammar import _clause_bounds
    from eventcode.tokens import tokenize

    for text in ("Iran denied it; Israel struck Gaza.", "Iran denied it： Israel struck Gaza.", "Israel struck Gaza at 4:00 p.m.", "Israel struck Gaza."):
        tokens = tokenize(text)
        for i in range(len(tokens)):
            assert _clause_bounds(tokens, i, text) == _clause_bounds(tokens, i)
    tokens = tokenize("Iran denied it： Israel struck Gaza.")  # a full-width colon's key is ":"
    assert _clause_bounds(tokens, 5, "Iran denied it： Israel struck Gaza.") == (4, len(tokens))
