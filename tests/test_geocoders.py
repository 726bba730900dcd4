"""geopy back-ends against a local server that speaks each API (never a public service)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from eventcode.cli import main
from eventcode.coder import Coder, CoderConfig
from eventcode.errors import ConfigError
from eventcode.geocoders import (
    GeocodeCache,
    ServerGeocoder,
    geocode_candidates,
    iso2,
    server_geocoder,
)
from eventcode.grammar import Context, code_sentence
from eventcode.place import DocumentPlaces
from eventcode.tokens import tokenize

# name -> (lat, lon, ISO2, type)
KNOWN = {
    "kharkiv": (49.99, 36.23, "UA", "city"),
    "tripoli": (34.43, 35.84, "LB", "city"),
    "kidal": (18.44, 1.41, "ML", "city"),
}


def _nominatim(q: str, countries: list[str]) -> list[dict]:
    hit = KNOWN.get(q.lower())
    if not hit or (countries and hit[2].lower() not in countries):
        return []
    lat, lon, cc, kind = hit
    return [{"lat": str(lat), "lon": str(lon), "display_name": f"{q}, X", "name": q, "addresstype": kind,
             "address": {"country_code": cc.lower(), "state": "S"}}]


def _feature(q: str, *, pelias: bool) -> list[dict]:
    hit = KNOWN.get(q.lower())
    if not hit:
        return []
    lat, lon, cc, kind = hit
    props = {"name": q, "label": f"{q}, X"}
    props.update({"layer": "locality", "country_a": {"UA": "UKR", "LB": "LBN", "ML": "MLI"}[cc]} if pelias else {"type": kind, "countrycode": cc})
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}]


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - per-server log, reset by the fixture
    fail = False

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        type(self).requests.append(self.path)
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        q = params.get("q") or params.get("text") or ""
        if parts.path == "/search":
            countries = params.get("countrycodes", "").lower().split(",") if params.get("countrycodes") else []
            body: object = _nominatim(q, countries)
        elif parts.path == "/api":
            body = {"type": "FeatureCollection", "features": _feature(q, pelias=False)}
        elif parts.path == "/v1/search":
            body = {"type": "FeatureCollection", "features": _feature(q, pelias=True)}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture()
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"requests": [], "fail": False})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.mark.parametrize("backend", ["nominatim", "photon", "pelias"])
def test_each_backend_speaks_its_api(server, tmp_path: Path, backend: str) -> None:
    url, handler = server
    geo = ServerGeocoder(backend, url, cache_dir=tmp_path, min_delay_seconds=0)
    try:
        places = geo.places("Kharkiv", ["UKR"])
        assert places and places[0].country_iso3 == "UKR" and places[0].source == f"geocoder:{backend}"
        assert abs(places[0].latitude - 49.99) < 1e-6 and places[0].precision == 1
        assert {"nominatim": "/search", "photon": "/api", "pelias": "/v1/search"}[backend] in handler.requests[0]
    finally:
        geo.close()


def test_country_bias_is_sent(server, tmp_path: Path) -> None:
    url, handler = server
    geo = ServerGeocoder("nominatim", url, cache_dir=tmp_path, min_delay_seconds=0)
    try:
        assert geo.places("Tripoli", ["LBY"]) == []  # the server only knows the Lebanese one
        assert "countrycodes=ly" in handler.requests[-1]
        assert geo.places("Tripoli", ["LBN"])[0].country_iso3 == "LBN"  # type: ignore[index]
    finally:
        geo.close()


def test_answers_and_misses_are_cached_on_disk(server, tmp_path: Path) -> None:
    url, handler = server
    first = ServerGeocoder("photon", url, cache_dir=tmp_path, min_delay_seconds=0)
    first.places("Kidal")
    first.places("Nowhereville")
    first.close()
    asked = len(handler.requests)
    again = ServerGeocoder("photon", url, cache_dir=tmp_path, min_delay_seconds=0)
    try:
        assert again.places("Kidal")[0].country_iso3 == "MLI"  # type: ignore[index]
        assert again.places("Nowhereville") == []
        assert len(handler.requests) == asked and again.requests == 0
    finally:
        again.close()
    cache = GeocodeCache(tmp_path)
    try:
        assert cache.get("photon", "kidal", []) and cache.get("photon", "Nowhereville", []) == []
        assert cache.get("nominatim", "Kidal", []) is None  # keyed by back-end
    finally:
        cache.close()


def test_a_failing_server_leaves_the_gazetteer_answer(server, tmp_path: Path, coder) -> None:
    url, handler = server
    handler.fail = True
    geo = ServerGeocoder("nominatim", url, cache_dir=tmp_path, min_delay_seconds=0)
    try:
        assert geo.places("Kidal") is None and geo.failures == 1
        text = "Malian troops took control of Kidal."
        tokens = tokenize(text)
        _, actors = code_sentence(coder.lexicon, tokens, text, sentence_index=0, day=None, context=Context())
        gazetteer_reading = coder.places.find_places(tokens, text, actors, DocumentPlaces())
        assert geo.refine(gazetteer_reading, ["MLI"]) == gazetteer_reading
        handler.fail = False
        assert geo.cache.get("nominatim", "Kidal", []) is None  # failures are not cached
    finally:
        geo.close()


def test_the_coder_uses_the_configured_server(server, tmp_path: Path) -> None:
    url, _ = server
    coder = Coder.from_config(
        CoderConfig(geocoder="pelias", geocoder_url=url, geocoder_cache=str(tmp_path), geocoder_min_delay=0)
    )
    try:
        text = "Malian troops took control of Kidal."
        tokens = tokenize(text)
        _, actors = code_sentence(coder.lexicon, tokens, text, sentence_index=0, day=None, context=Context())
        kidal = next(p for p in coder.resolve_places(tokens, text, actors, DocumentPlaces()) if p.text == "Kidal")
        assert kidal.method == "geocoder:pelias" and kidal.place.country_iso3 == "MLI"
    finally:
        assert coder.server is not None
        coder.server.close()


def test_configuration_errors_say_how_to_fix_them(tmp_path: Path) -> None:
    assert server_geocoder(None, None) is None
    with pytest.raises(ConfigError, match="--geocoder-url"):
        server_geocoder("nominatim", None)
    with pytest.raises(ConfigError, match="one of nominatim, photon, pelias"):
        ServerGeocoder("google", "http://127.0.0.1:1", cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="not a server URL"):
        ServerGeocoder("photon", "localhost", cache_dir=tmp_path)
    assert iso2("JOR") == "JO" and iso2("XKX") == "XK"


def test_candidates_with_scores(coder) -> None:
    found = geocode_candidates(coder.gazetteer, "Tripoli", country="LBN")
    assert found[0].place.country_iso3 == "LBN" and found[0].score > found[1].score
    assert geocode_candidates(coder.gazetteer, "Tower 22")[0].place.country_iso3 == "JOR"


def test_geocode_command_prints_candidates(server, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["geocode", "Tower 22", "--country", "JOR"])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[1]
    assert "Tower 22" in first and "JOR" in first and "site" in result.output
    url, _ = server
    served = runner.invoke(
        main, ["geocode", "Kharkiv", "--geocoder", "nominatim", "--geocoder-url", url, "--geocoder-cache", str(tmp_path)]
    )
    assert served.exit_code == 0 and "geocoder:nominatim" in served.output
    bad = runner.invoke(main, ["geocode", "Kharkiv", "--geocoder", "nominatim"])
    assert bad.exit_code != 0 and "--geocoder-url" in bad.output
