"""GeoReport v2's two formats. Pure: no Django import.

The same Python structure (dicts, lists, strings, numbers, booleans, None) becomes JSON as is,
or XML with the element names of the specification: a list is written as repeated elements
named by LIST_ITEMS (services → service, attributes → attribute, ...).
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list):
                container = ET.SubElement(element, key)
                for entry in item:
                    _fill(ET.SubElement(container, LIST_ITEMS.get(key, "item")), entry)
            else:
                _fill(ET.SubElement(element, key), item)
    else:
        element.text = _text(value)


def to_xml(root: str, items: list[Any] | dict[str, Any]) -> str:
    """`root` with one child per item (a list), or with the fields of one object (a dict)."""
    element = ET.Element(root)
    if isinstance(items, list):
        for item in items:
            _fill(ET.SubElement(element, LIST_ITEMS.get(root, "item")), item)
    else:
        _fill(element, items)
    return '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode")
