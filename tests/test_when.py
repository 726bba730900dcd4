from __future__ import annotations

from datetime import date

from eventcode.when import event_date, find_dates

FRIDAY = date(2024, 2, 2)


def values(text: str, doc_date: date | None = FRIDAY) -> list[tuple[date, str]]:
    return [(d.value, d.precision) for d in find_dates(text, doc_date)]


def test_weekdays_resolve_to_the_most_recent_day_on_or_before_the_article() -> None:
    assert values("a drone attack on Sunday") == [(date(2024, 1, 28), "day")]
    assert values("announced on Tuesday") == [(date(2024, 1, 30), "day")]
    assert values("Friday’s attacks") == [(FRIDAY, "day")]
    assert values("said on Wednesday") == [(date(2024, 1, 31), "day")]


def test_explicit_dates_in_news_forms() -> None:
    assert values("At 4:00 p.m. (EST) Feb. 02, forces struck") == [(FRIDAY, "day")]
    assert values("on Jan. 28, 2024 and 2 February 2024") == [(date(2024, 1, 28), "day"), (FRIDAY, "day")]
    assert values("on January 28") == [(date(2024, 1, 28), "day")]


def test_month_day_without_year_is_never_after_the_article() -> None:
    assert values("on December 30", date(2024, 1, 5)) == [(date(2023, 12, 30), "day")]


def test_relative_expressions_carry_their_precision() -> None:
    assert values("killed in Jordan last week") == [(date(2024, 1, 26), "week")]
    assert values("yesterday") == [(date(2024, 2, 1), "day")]
    assert values("earlier this month") == [(date(2024, 2, 1), "month")]


def test_impossible_dates_are_ignored_and_undated_articles_keep_nulls() -> None:
    assert values("on February 30") == []
    assert values("on Sunday", None) == []
    assert event_date(0, [], None) == (None, None, None)
    assert event_date(0, [], FRIDAY) == (FRIDAY, "day", None)


def test_nearest_expression_dates_the_event() -> None:
    text = "Friday’s attacks answer a drone attack on Sunday"
    dates = find_dates(text, FRIDAY)
    assert event_date(text.index("attacks"), dates, FRIDAY)[0] == FRIDAY
    assert event_date(text.index("drone attack"), dates, FRIDAY)[0] == date(2024, 1, 28)


def test_every_news_form() -> None:
    assert values("struck on Feb. 2") == [(FRIDAY, "day")]
    assert values("on 2 February 2024") == [(FRIDAY, "day")]
    assert values("on January 28") == [(date(2024, 1, 28), "day")]
    assert values("on Jan. 28, 2024") == [(date(2024, 1, 28), "day")]
    assert values("the 28th of January") == [(date(2024, 1, 28), "day")]
    assert values("on Monday") == [(date(2024, 1, 29), "day")]
    assert values("last Friday") == [(date(2024, 1, 26), "day")]
    assert values("on Saturday night") == [(date(2024, 1, 27), "day")]
    assert values("today") == [(FRIDAY, "day")]
    assert values("last night") == [(date(2024, 2, 1), "day")]
    assert values("earlier this week") == [(FRIDAY, "week")]
    assert values("last month") == [(date(2024, 1, 1), "month")]
    assert values("in January") == [(date(2024, 1, 1), "month")]
    assert values("in March") == [(date(2023, 3, 1), "month")]  # not after the article
    assert values("since October") == [(date(2023, 10, 1), "month")]
    assert values("three days ago") == [(date(2024, 1, 30), "day")]
    assert values("two weeks ago") == [(date(2024, 1, 19), "week")]
    assert values("in 2023") == [(date(2023, 1, 1), "year")]
    assert values("on Black Friday") == []


def test_future_expressions_resolve_but_events_are_clamped_to_the_article() -> None:
    dates = find_dates("Iran will respond tomorrow", FRIDAY)
    assert [(d.value, d.text) for d in dates] == [(date(2024, 2, 3), "tomorrow")]
    assert event_date(0, dates, FRIDAY) == (FRIDAY, "day", None)  # the statement's date: no date words
    later = find_dates("talks planned for Feb. 20, 2024", FRIDAY)
    assert event_date(0, later, FRIDAY)[0] == FRIDAY


def test_undated_documents_keep_only_explicit_dates() -> None:
    assert values("on Jan. 28, 2024 and on Sunday, yesterday", None) == [(date(2024, 1, 28), "day")]
    assert values("on January 28", None) == []  # no year and no article date: unknown
    assert event_date(0, find_dates("yesterday", None), None) == (None, None, None)


def test_the_coder_dates_events_by_their_words_and_never_after_the_article(coder) -> None:
    from eventcode.read import Document

    text = "Militants attacked a checkpoint in Kidal on Sunday. Iran warned it would retaliate next week."
    result = coder.code(Document("d", text, doc_date=FRIDAY))
    assert all(m.event_date is None or m.event_date <= FRIDAY for m in result.mentions)
    undated = coder.code(Document("u", text, doc_date=None))
    assert all(m.event_date is None for m in undated.mentions)


def test_case_and_non_ascii_text_give_the_same_dates() -> None:
    # ASCII text is matched lowered and case-sensitively, other text with the case-blind patterns.
    day = date(2024, 2, 2)
    text = "Strikes on SUNDAY followed talks in Early March and the MARCH 5, 2023 raid three WEEKS AGO"
    plain = [(d.start, d.end, d.value, d.precision, d.text) for d in find_dates(text, day)]
    accented = [(d.start, d.end, d.value, d.precision, d.text) for d in find_dates(text + " à Gaza", day)]
    assert plain == accented
    assert [d[4] for d in plain] == ["on SUNDAY", "Early March", "MARCH 5, 2023", "three WEEKS AGO"]
