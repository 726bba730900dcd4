"""Load an eventcode dataset into polars: Parquet keeps the types, CSV gets them explicitly."""

import polars as pl

OUTPUT = "output"  # the folder given to `eventcode code --out`

events = pl.read_parquet(f"{OUTPUT}/events.parquet")
mentions = pl.read_parquet(f"{OUTPUT}/mentions.parquet")
documents = pl.read_parquet(f"{OUTPUT}/documents.parquet")

# The same tables from CSV: every column is read as text, then the non-text columns are cast, so
# codes stay text ("043") and dates are dates (types: docs/codebook.md).
INTEGER = [
    "quad_class", "acled_inter1", "acled_inter2", "acled_interaction", "geo_precision",
    "geonames_id", "fatalities", "injuries", "num_mentions", "num_documents",
    "sentence_index", "sentence_start", "sentence_end", "n_sentences", "n_mentions",
]
NUMBER = ["goldstein", "latitude", "longitude"]
DATE = ["event_date", "doc_date"]


def read_csv(table: str) -> pl.DataFrame:
    frame = pl.read_csv(f"{OUTPUT}/{table}.csv", infer_schema=False)
    return frame.with_columns(
        pl.col(c).cast(pl.Int64) for c in frame.columns if c in INTEGER
    ).with_columns(
        pl.col(c).cast(pl.Float64) for c in frame.columns if c in NUMBER
    ).with_columns(
        pl.col(c).str.to_date("%Y-%m-%d") for c in frame.columns if c in DATE
    )


events_csv, mentions_csv, documents_csv = (read_csv(t) for t in ("events", "mentions", "documents"))

# Each mention with its event:
mentions_with_events = mentions.join(events, on="event_id", how="left", suffix="_event")
