"""API keys of Open311 clients. Pure: no Django import.

A key is shown once when it is issued; the database keeps only its SHA-256 and its first
characters (to recognise it in a list). 32 random bytes, URL-safe.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX_LENGTH = 8


def new_key() -> str:
    return secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]
