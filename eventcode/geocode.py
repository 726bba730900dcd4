"""The embedded gazetteer behind geopy's ``Geocoder`` interface, so it can stand in for (or back up)
any geopy geocoder: ``EmbeddedGeocoder().geocode("Tower 22", country_codes="JO")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from eventcode.gazetteer import Gazetteer, Place
from eventcode.geocoders import iso3


def place_location(place: Place) -> Location:
    """A geopy ``Location`` for a gazetteer place; ``raw`` keeps every gazetteer field."""
    address = ", ".join(part for part in (place.name, place.admin1, place.country_iso3) if part)
    raw = {field: getattr(place, field) for field in Place.__slots__}
    return Location(address, Point(place.latitude, place.longitude), raw)


class EmbeddedGeocoder(Geocoder):
    """An offline geopy geocoder over eventcode's embedded gazetteer.

    Parameters
    ----------
    gazetteer
        A loaded gazetteer (default: the shipped one, loaded on construction).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: str | Sequence[str] | None = None,
        timeout: Any = None,
    ) -> Location | list[Location] | None:
        """Look a place name up; ``country_codes`` (ISO2 or ISO3) restricts the candidates.

        Returns the best candidate (``exactly_one``) or all of them, best first; None when unknown.
        """
        candidates = self.gazetteer.lookup(query)
        if country_codes:
            wanted = {iso3(c) for c in ([country_codes] if isinstance(country_codes, str) else country_codes)}
            candidates = [p for p in candidates if p.country_iso3 in wanted]
        if not candidates:
            return None
        locations = [place_location(p) for p in candidates]
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None) -> Location | list[Location] | None:
        """Nearest country representative point (the gazetteer is built for forward look-ups)."""
        point = Point(query)
        countries = sorted(
            self.gazetteer.countries(),
            key=lambda p: (p.latitude - point.latitude) ** 2 + (p.longitude - point.longitude) ** 2,
        )
        if not countries:
            return None
        return place_location(countries[0]) if exactly_one else [place_location(p) for p in countries[:5]]
