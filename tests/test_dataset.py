"""Merging mention records into events: which mention's values an event takes."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from eventcode.dataset import MENTION_RECORD, aggregate_events


def _record(doc_id: str, index: int, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {name: None for name in MENTION_RECORD}
    base |= {
        "mention_id": f"{doc_id}-{index}", "event_id": "00000000000000aa", "doc_id": doc_id, "sentence_index": index,
        "sentence": "s", "sentence_start": 0, "sentence_end": 1, "cameo_code": "190", "pattern_id": "p",
        "doc_date": date(2024, 2, 2), "position": 0, "event_date": date(2024, 2, 2), "date_precision": "day",
    }
    return base | values


def test_an_event_takes_the_finest_place_first_mentioned() -> None:
    records = pl.DataFrame(
        [
            _record("d1", 0, location="Iraq", country_iso3="IRQ", geo_precision=3, latitude=33.0, longitude=44.0),
            _record("d1", 1),  # no place: never chosen over a placed mention
            _record("d2", 0, location="Mosul", country_iso3="IRQ", geo_precision=1, latitude=36.3, longitude=43.1, geonames_id=99072),
            _record("d2", 1, location="Erbil", country_iso3="IRQ", geo_precision=1, latitude=36.2, longitude=44.0, geonames_id=95446),
            _record("d0", 0, location="Nineveh", country_iso3="IRQ", geo_precision=2, latitude=36.0, longitude=42.5),
        ],
        schema=MENTION_RECORD,
        orient="row",
    )
    for order in (records, records.reverse()):  # the result does not depend on the records' order
        event = aggregate_events(order.lazy(), coder_version="test").row(0, named=True)
        assert (event["location"], event["geo_precision"], event["geonames_id"], event["latitude"]) == ("Mosul", 1, 99072, 36.3)
        assert event["num_mentions"] == 5 and event["num_documents"] == 3 and event["first_doc_id"] == "d0"
