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
