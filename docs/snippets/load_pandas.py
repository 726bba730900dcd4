"""Load an eventcode dataset into pandas from CSV, Parquet or Stata: the same frames from each."""

import pandas as pd

OUTPUT = "output"  # the folder given to `eventcode code --out`

# Column types (docs/codebook.md); every other column is text, and codes stay text ("043").
INTEGER = [
    "quad_class", "acled_inter1", "acled_inter2", "acled_interaction", "geo_precision",
    "geonames_id", "fatalities", "injuries", "num_mentions", "num_documents",
    "sentence_index", "sentence_start", "sentence_end", "n_sentences", "n_mentions",
]
NUMBER = ["goldstein", "latitude", "longitude"]
DATE = ["event_date", "doc_date"]


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a table the same dtypes whatever file it came from; an empty text is missing."""
    dtypes = {
        c: "Int64" if c in INTEGER else "float64" if c in NUMBER else "datetime64[s]" if c in DATE else "string"
        for c in frame.columns
    }
    frame = frame.astype(dtypes)
    text = [c for c, dtype in dtypes.items() if dtype == "string"]
    frame[text] = frame[text].mask(frame[text] == "")
    return frame


def read_csv(table: str) -> pd.DataFrame:
    # keep_default_na=False: only an empty cell is missing, so a name like "NA" stays text.
    frame = pd.read_csv(f"{OUTPUT}/{table}.csv", dtype="string", keep_default_na=False, na_values=[""])
    return typed(frame)


def read_parquet(table: str) -> pd.DataFrame:
    return typed(pd.read_parquet(f"{OUTPUT}/{table}.parquet"))


def read_stata(table: str) -> pd.DataFrame:
    # convert_categoricals=False keeps quad_class etc. as numbers; their labels are in the file.
    return typed(pd.read_stata(f"{OUTPUT}/{table}.dta", convert_categoricals=False))


events = read_csv("events")
mentions = read_csv("mentions")
documents = read_csv("documents")
