"""Optional geopy back-ends: the user's own Nominatim, Photon or Pelias server refines places.

``eventcode code --geocoder nominatim --geocoder-url http://localhost:8080`` sends each place name
the embedded gazetteer found to the server with geopy's own classes
(:class:`geopy.geocoders.Nominatim`, :class:`~geopy.geocoders.Photon`,
:class:`~geopy.geocoders.Pelias`), paced by geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
and biased to the countries the sentence names. Answers (and misses) are cached on disk in SQLite,
keyed by back-end, query and country bias, so a second run asks nothing. When the server fails or
knows nothing, the embedded gazetteer's answer stands: a server never makes coding fail.

No public service is ever contacted unless its URL is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import pycountry

from eventcode.errors import ConfigError
from eventcode.gazetteer import Gazetteer, Place, normalize_place_name
from eventcode.place import PlaceMention, prior_score

if TYPE_CHECKING:  # geopy is imported when a server is used: it costs 0.1 s of every start-up
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

__all__ = [
    "BACKENDS",
    "DEFAULT_CACHE_DIR",
    "Candidate",
    "GeocodeCache",
    "ServerGeocoder",
    "geocode_candidates",
    "iso2",
    "location_place",
    "make_geopy_geocoder",
    "server_geocoder",
]

BACKENDS: Final = ("nominatim", "photon", "pelias")
"""The geopy back-ends ``--geocoder`` accepts."""

DEFAULT_CACHE_DIR: Final = Path(".eventcode-cache")
"""Where the geocoding cache goes when no folder is given (relative to the working directory)."""

USER_AGENT: Final = "eventcode (offline event coder; user-configured geocoder)"
_MISS: Final = "null"  # a cached "the server knows nothing"
_PRECISION_2: Final = frozenset(
    "state region province county district macroregion macrocounty localadmin borough administrative "
    "state_district".split()
)


def iso2(code: str) -> str | None:
    """ISO 3166-1 alpha-2 code of an alpha-3 (or alpha-2) code; None when unknown (``XKX`` → ``XK``)."""
    code = code.strip().upper()
    if len(code) == 2:
        return code
    if code == "XKX":
        return "XK"
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def iso3(code: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code of an alpha-2 (or alpha-3) code; None when unknown (``XK`` → ``XKX``)."""
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 3:
        return code
    if code == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else None


class GeocodeCache:
    """A persistent cache of geocoder answers in one SQLite file (misses are cached too).

    Parameters
    ----------
    folder : str or Path
        The cache folder (created if missing); the file is ``geocode.sqlite`` in it.
    """

    def __init__(self, folder: str | Path) -> None:
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path / "geocode.sqlite", check_same_thread=False)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS answers (backend TEXT, query TEXT, countries TEXT, answer TEXT, "
                "PRIMARY KEY (backend, query, countries))"
            )
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"cannot use {path} as the geocoding cache ({exc}); pass a writable folder with --geocoder-cache"
            ) from None

    def get(self, backend: str, query: str, countries: Sequence[str]) -> list[dict[str, Any]] | None:
        """The cached answer (a list of raw results, empty for a miss), or None when not cached."""
        row = self._db.execute(
            "SELECT answer FROM answers WHERE backend = ? AND query = ? AND countries = ?",
            (backend, normalize_place_name(query), ",".join(sorted(countries))),
        ).fetchone()
        if row is None:
            return None
        return [] if row[0] == _MISS else json.loads(row[0])

    def put(self, backend: str, query: str, countries: Sequence[str], answer: list[dict[str, Any]]) -> None:
        """Store an answer (an empty list records a miss)."""
        self._db.execute(
            "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
            (backend, normalize_place_name(query), ",".join(sorted(countries)), json.dumps(answer) if answer else _MISS),
        )
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def make_geopy_geocoder(backend: str, url: str, *, timeout: float = 10.0) -> Geocoder:
    """A geopy geocoder of ``backend`` pointed at the server at ``url``.

    Parameters
    ----------
    backend : str
        ``nominatim``, ``photon`` or ``pelias``.
    url : str
        The server's base URL (``http://localhost:8080``; a path prefix is kept).
    timeout : float
        Seconds to wait for an answer.

    Returns
    -------
    geopy.geocoders.base.Geocoder
        The geopy object, with ``domain`` and ``scheme`` from the URL.

    Raises
    ------
    ConfigError
        For an unknown back-end or a URL without scheme and host.
    """
    from geopy.geocoders import Nominatim, Pelias, Photon

    parts = urlsplit(url)
    if backend not in BACKENDS:
        raise ConfigError(f"unknown geocoder {backend!r}; use one of {', '.join(BACKENDS)}")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"--geocoder-url {url!r} is not a server URL; give one like http://localhost:8080")
    domain = parts.netloc + parts.path.rstrip("/")
    common: dict[str, Any] = {"scheme": parts.scheme, "timeout": timeout, "user_agent": USER_AGENT}
    if backend == "nominatim":
        return Nominatim(domain=domain, **common)
    if backend == "photon":
        return Photon(domain=domain, **common)
    return Pelias(domain, **common)


def location_place(backend: str, location: Location) -> Place:
    """A :class:`Place` from a geopy ``Location`` of one of the back-ends.

    Parameters
    ----------
    backend : str
        Which back-end answered (its raw JSON differs).
    location : geopy.location.Location
        The answer.

    Returns
    -------
    Place
        Country and precision read from the raw answer; ``source`` is ``geocoder:<backend>``.
    """
    raw = location.raw
    if backend == "nominatim":
        address = raw.get("address") or {}
        country = iso3(address.get("country_code"))
        kind = raw.get("addresstype") or raw.get("type") or ""
        name = raw.get("name") or location.address.split(",")[0]
        admin1 = address.get("state")
    elif backend == "photon":
        props = raw.get("properties", {})
        country = iso3(props.get("countrycode"))
        kind = props.get("type") or props.get("osm_value") or ""
        name = props.get("name") or location.address.split(",")[0]
        admin1 = props.get("state")
    else:
        props = raw.get("properties", {})
        country = iso3(props.get("country_a") or props.get("country_code"))
        kind = props.get("layer") or ""
        name = props.get("name") or location.address.split(",")[0]
        admin1 = props.get("region")
    precision = 3 if kind == "country" else 2 if kind in _PRECISION_2 else 1
    return Place(
        name=name, country_iso3=country, admin1=admin1, admin1_code=None, latitude=location.latitude,
        longitude=location.longitude, feature="country" if precision == 3 else "admin1" if precision == 2 else "city",
        population=None, geonames_id=None, precision=precision, source=f"geocoder:{backend}",
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """One scored candidate of a ``geocode`` look-up (``eventcode geocode``)."""

    place: Place
    score: float
    source: str


class ServerGeocoder:
    """The user's geocoding server, cached and rate-limited, with the gazetteer as fallback.

    Parameters
    ----------
    backend : str
        ``nominatim``, ``photon`` or ``pelias``.
    url : str
        The server's base URL.
    cache_dir : str or Path, optional
        Folder of the persistent cache (default :data:`DEFAULT_CACHE_DIR`).
    min_delay_seconds : float
        Least time between two requests (geopy's ``RateLimiter``); public Nominatim asks for 1 s.
    timeout : float
        Seconds to wait for one answer.
    geocoder : geopy.geocoders.base.Geocoder, optional
        A ready geopy object instead of one built from ``backend`` and ``url`` (for tests).
    """

    def __init__(
        self,
        backend: str,
        url: str,
        *,
        cache_dir: str | Path | None = None,
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
        geocoder: Geocoder | None = None,
    ) -> None:
        self.backend = backend
        self.geopy = geocoder if geocoder is not None else make_geopy_geocoder(backend, url, timeout=timeout)
        self.cache = GeocodeCache(cache_dir if cache_dir is not None else DEFAULT_CACHE_DIR)
        # No retries inside the limiter: a failed request falls back to the gazetteer at once.
        from geopy.extra.rate_limiter import RateLimiter

        self._limited: Callable[..., Any] = RateLimiter(
            self.geopy.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        self.requests = 0
        self.failures = 0

    @property
    def method(self) -> str:
        """The ``geo_method`` of places this server resolved."""
        return f"geocoder:{self.backend}"

    def _ask(self, query: str, countries: Sequence[str]) -> list[dict[str, Any]] | None:
        """Raw answers from cache or server; None when the server failed (not cached)."""
        cached = self.cache.get(self.backend, query, countries)
        if cached is not None:
            return cached
        codes = [c for c in (iso2(x) for x in countries) if c]
        kwargs: dict[str, Any] = {"exactly_one": False}
        if self.backend == "nominatim":
            kwargs.update(addressdetails=True, limit=5, country_codes=[c.lower() for c in codes] or None)
        elif self.backend == "photon":
            kwargs.update(limit=5)  # Photon has no country filter: filtered below
        else:
            kwargs.update(countries=codes or None)
        from geopy.exc import GeopyError

        self.requests += 1
        try:
            found = self._limited(query, **kwargs) or []
        except GeopyError:
            self.failures += 1
            return None
        answer = [loc.raw for loc in found]
        self.cache.put(self.backend, query, countries, answer)
        return answer

    def places(self, query: str, countries: Sequence[str] = ()) -> list[Place] | None:
        """Places the server gives for ``query``, those in ``countries`` first.

        Parameters
        ----------
        query : str
            A place name.
        countries : sequence of str
            ISO3 codes of the countries the sentence names (the bias).

        Returns
        -------
        list of Place or None
            Best first (an empty list: the server knows nothing); None when the server failed.
        """
        answer = self._ask(query, countries)
        if answer is None:
            return None
        places = [location_place(self.backend, _location(self.backend, raw)) for raw in answer]
        if countries:
            places.sort(key=lambda p: p.country_iso3 not in countries)
        return places

    def refine(self, mentions: Iterable[PlaceMention], countries: Sequence[str]) -> list[PlaceMention]:
        """Re-resolve a sentence's place mentions with the server; keep the gazetteer's on failure.

        Parameters
        ----------
        mentions : iterable of PlaceMention
            The gazetteer's reading of a sentence.
        countries : sequence of str
            ISO3 codes of countries named in the sentence (the country bias).

        Returns
        -------
        list of PlaceMention
            Locative mentions below country level answered by the server carry its place and
            ``geo_method`` ``geocoder:<backend>``; every other mention is unchanged.
        """
        refined = []
        for mention in mentions:
            if mention.locative and mention.place.feature != "country" and mention.method != "site":
                found = self.places(mention.text, countries)
                if found:
                    mention = replace(mention, place=found[0], method=self.method)
            refined.append(mention)
        return refined

    def close(self) -> None:
        """Close the cache."""
        self.cache.close()


def server_geocoder(
    backend: str | None, url: str | None, *, cache_dir: str | None = None, min_delay_seconds: float = 1.0
) -> ServerGeocoder | None:
    """The server geocoder a configuration asks for, or None when it asks for none.

    Parameters
    ----------
    backend : str or None
        ``--geocoder``: ``nominatim``, ``photon``, ``pelias`` or None.
    url : str or None
        ``--geocoder-url``: required with a back-end.
    cache_dir : str or None
        ``--geocoder-cache`` folder.
    min_delay_seconds : float
        Least time between requests.

    Returns
    -------
    ServerGeocoder or None

    Raises
    ------
    ConfigError
        A back-end without a URL, or a URL without a back-end.
    """
    if backend is None and url is None:
        return None
    if backend is None or url is None:
        raise ConfigError(
            "--geocoder and --geocoder-url go together: name the back-end (nominatim, photon, pelias) "
            "and your server's URL, e.g. --geocoder nominatim --geocoder-url http://localhost:8080"
        )
    return ServerGeocoder(backend, url, cache_dir=cache_dir, min_delay_seconds=min_delay_seconds)


def geocode_candidates(
    gazetteer: Gazetteer, query: str, *, country: str | None = None, server: ServerGeocoder | None = None
) -> list[Candidate]:
    """Every candidate of a place name with its score, best first (``eventcode geocode``).

    Parameters
    ----------
    gazetteer : Gazetteer
        The embedded gazetteer.
    query : str
        A place name.
    country : str, optional
        ISO3 (or ISO2) code of a country to prefer, as a sentence naming it would.
    server : ServerGeocoder, optional
        The user's server; its answers are listed first.

    Returns
    -------
    list of Candidate
        Gazetteer candidates scored by :func:`eventcode.place.prior_score`, plus 10 when in
        ``country``; server answers score 100 minus their rank.
    """
    wanted = iso3(country) if country else None
    found = [
        Candidate(p, prior_score(p, query) + (10.0 if wanted and p.country_iso3 == wanted else 0.0), "gazetteer")
        for p in gazetteer.lookup(query)
    ]
    if server is not None:
        answers = server.places(query, [wanted] if wanted else []) or []
        found += [Candidate(p, 100.0 - rank, server.method) for rank, p in enumerate(answers)]
    return sorted(found, key=lambda c: -c.score)


def _location(backend: str, raw: dict[str, Any]) -> Location:
    """Rebuild a geopy ``Location`` from a cached raw answer with geopy's own parser."""
    from geopy.location import Location
    from geopy.point import Point

    if backend == "nominatim":
        return Location(raw.get("display_name", ""), Point(float(raw["lat"]), float(raw["lon"])), raw)
    lon, lat = raw["geometry"]["coordinates"][:2]
    label = raw.get("properties", {}).get("label") or raw.get("properties", {}).get("name", "")
    return Location(label, Point(float(lat), float(lon)), raw)
