"""Leaflet is served by gamdong (scripts/build_assets.py): its CSS names no other host."""

import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "gamdong" / "static" / "vendor" / "leaflet"


def test_leaflet_css_names_only_files_vendored_beside_it():
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")
    urls = [u.strip("'\"") for u in re.findall(r"url\(([^)]*)\)", css)]
    assert urls
    for url in urls:
        if url.startswith("#"):  # url(#default#VML): an old IE behaviour, never fetched
            continue
        assert "://" not in url and not url.startswith(("//", "data:")), url
        assert (VENDOR / url).is_file(), url
    assert (VENDOR / "leaflet.js").is_file() and (VENDOR / "images" / "marker-icon.png").is_file()
