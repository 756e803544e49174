"""Copy the pinned front-end packages from node_modules into gamdong/static/vendor.

Served by gamdong itself, so that no page loads anything from another host:
- htmx;
- KRDS (krds-uiux): its built CSS and JS, the Pretendard GOV fonts and the icons its CSS
  uses. The CSS names its icons by absolute https:// addresses on the KRDS site; every such
  address is rewritten to the copy under vendor/krds/ (the files ship inside the package),
  and the icon font it inlines as a data: URL (Swiper's) is written out as a file, since the
  Content-Security-Policy (font-src 'self') refuses data: fonts;
- Noto Sans KR (@fontsource/noto-sans-kr), the fallback for the Hangul syllables that the
  Pretendard GOV subset lacks: the Korean slices (woff2, with their unicode-range) of the
  weights gamdong uses, with a generated CSS of their @font-face rules;
- Leaflet (maps): its JS, CSS and marker images; its CSS names only files beside it
  (checked here, like KRDS's);
- Pretendard (SIL OFL 1.1): the Regular and Bold TrueType files, which cover all 11,172
  Hangul syllables, and the licence; gamdong.review.document_pdf embeds them in the PDFs of
  committee minutes and decision notices (no page loads them);
- the project's translations: every gamdong/locale/*/LC_MESSAGES/django.po is compiled to
  its .mo here, in Python, so that neither gettext's msgfmt nor a committed binary is needed.

Idempotent and quick: a file is written only when its content would change.
axe-core is not copied: only the browser tests use it, and they read it from node_modules.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "gamdong" / "static" / "vendor"
LOCALE = ROOT / "gamdong" / "locale"

KRDS = NODE / "krds-uiux" / "resources"
NOTO = NODE / "@fontsource" / "noto-sans-kr"
# The font weights gamdong uses: the three Pretendard GOV ships (Regular, Medium, Bold).
NOTO_WEIGHTS = (400, 500, 700)

FILES = {
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "krds-uiux/resources/cdn/krds.min.js": "krds/krds.min.js",
    "krds-uiux/resources/fonts/PretendardGOV-Regular.subset.woff2": "krds/fonts/PretendardGOV-Regular.subset.woff2",
    "krds-uiux/resources/fonts/PretendardGOV-Medium.subset.woff2": "krds/fonts/PretendardGOV-Medium.subset.woff2",
    "krds-uiux/resources/fonts/PretendardGOV-Bold.subset.woff2": "krds/fonts/PretendardGOV-Bold.subset.woff2",
    "@fontsource/noto-sans-kr/LICENSE": "noto-sans-kr/LICENSE",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    # leaflet.js names its source map; the manifest storage of `gamdong serve` follows that
    # reference and refuses to start if the file is missing.
    "leaflet/dist/leaflet.js.map": "leaflet/leaflet.js.map",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "pretendard/dist/public/static/alternative/Pretendard-Regular.ttf": "pretendard/Pretendard-Regular.ttf",
    "pretendard/dist/public/static/alternative/Pretendard-Bold.ttf": "pretendard/Pretendard-Bold.ttf",
    "pretendard/dist/LICENSE.txt": "pretendard/LICENSE.txt",
    **{f"leaflet/dist/images/{name}": f"leaflet/images/{name}" for name in (
        "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png", "layers.png", "layers-2x.png",
    )},
}

# https://www.krds.go.kr/resources/img/... inside the KRDS CSS -> resources/img/... in the package.
KRDS_URL = re.compile(r"url\(\s*(['\"]?)https?://(?:www\.)?krds\.go\.kr/resources/([^)'\"]+)\1\s*\)")
ANY_REMOTE_URL = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.IGNORECASE)
NOTO_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
# A font inlined as a data: URL (Swiper's icon font); CSP font-src 'self' refuses data: fonts.
DATA_FONT = re.compile(r"url\(\s*(['\"]?)data:application/font-woff;charset=utf-8;base64,\s*([A-Za-z0-9+/=\s]+)\1\s*\)")


def write_if_changed(dst: Path, data: bytes) -> None:
    if dst.exists() and dst.read_bytes() == data:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)


def copy(src: Path, dst: Path) -> None:
    if dst.exists() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def vendor_krds_css() -> None:
    """krds.min.css with every icon address pointing at a local copy of the icon."""
    css = (KRDS / "cdn" / "krds.min.css").read_text(encoding="utf-8")
    needed: set[str] = set()

    def local(match: re.Match) -> str:
        relative = match.group(2)
        needed.add(relative)
        return f"url({relative})"  # relative to vendor/krds/krds.min.css

    css = KRDS_URL.sub(local, css)

    def font_file(match: re.Match) -> str:
        data = base64.b64decode(re.sub(r"\s+", "", match.group(2)))
        name = f"fonts/inline-{hashlib.sha256(data).hexdigest()[:12]}.woff"
        write_if_changed(VENDOR / "krds" / name, data)
        return f"url({name})"

    css = DATA_FONT.sub(font_file, css)
    leftover = ANY_REMOTE_URL.search(css)
    if leftover:
        raise SystemExit(f"krds.min.css still names another host near: {css[leftover.start():leftover.start() + 120]}")
    for relative in sorted(needed):
        src = KRDS / relative
        if not src.exists():
            raise SystemExit(f"krds.min.css uses {relative}, which krds-uiux does not ship")
        copy(src, VENDOR / "krds" / relative)
    write_if_changed(VENDOR / "krds" / "krds.min.css", css.encode("utf-8"))


def vendor_leaflet_css() -> None:
    """leaflet.css, refused if it names another host or a file that is not copied beside it."""
    css = (NODE / "leaflet" / "dist" / "leaflet.css").read_text(encoding="utf-8")
    leftover = ANY_REMOTE_URL.search(css)
    if leftover:
        raise SystemExit(f"leaflet.css names another host near: {css[leftover.start():leftover.start() + 120]}")
    for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", css):
        if url.startswith("#"):  # url(#default#VML): old IE behaviour, no request
            continue
        if not (VENDOR / "leaflet" / url).is_file():
            raise SystemExit(f"leaflet.css uses {url}, which is not vendored")
    write_if_changed(VENDOR / "leaflet" / "leaflet.css", css.encode("utf-8"))


def vendor_noto_sans_kr() -> None:
    """The numbered Korean slices of Noto Sans KR (woff2), and one CSS of their @font-face rules."""
    faces = []
    for weight in NOTO_WEIGHTS:
        css = (NOTO / f"{weight}.css").read_text(encoding="utf-8")
        for face in NOTO_FACE.findall(css):
            found = re.search(r"url\(\./files/(noto-sans-kr-\d+-\d+-normal\.woff2)\)", face)
            if not found:  # the latin, cyrillic, vietnamese ranges: Pretendard GOV covers what gamdong shows
                continue
            name = found.group(1)
            copy(NOTO / "files" / name, VENDOR / "noto-sans-kr" / "files" / name)
            unicode_range = re.search(r"unicode-range:\s*([^;]+);", face).group(1)
            faces.append(
                "@font-face{font-family:'Noto Sans KR';font-style:normal;font-display:swap;"
                f"font-weight:{weight};src:url(files/{name}) format('woff2');unicode-range:{unicode_range}}}"
            )
    header = "/* Noto Sans KR, Korean slices (SIL OFL 1.1, see LICENSE); generated by scripts/build_assets.py */\n"
    write_if_changed(VENDOR / "noto-sans-kr" / "noto-sans-kr.css", (header + "\n".join(faces) + "\n").encode())


# --- .po -> .mo, as CPython's Tools/i18n/msgfmt.py does it -------------------------------


def parse_po(text: str) -> dict[bytes, bytes]:
    """The translated messages of a .po file: {msgid: msgstr}, fuzzy and untranslated ones left out.

    Handles msgctxt (stored as ctxt\\x04msgid), plural forms (ids and strings joined by \\0)
    and strings continued over several lines, as CPython's Tools/i18n/msgfmt.py does.
    """
    messages: dict[bytes, bytes] = {}
    entry: dict = {}
    fuzzy = False
    section: str | tuple[str, int] | None = None

    def add() -> None:
        nonlocal entry, fuzzy
        msgid = entry.get("msgid", "")
        if "msgid_plural" in entry:
            msgid += "\0" + entry["msgid_plural"]
            plural = entry.get("msgstr_plural", {})
            msgstr = "\0".join(plural[k] for k in sorted(plural))
        else:
            msgstr = entry.get("msgstr", "")
        if "msgctxt" in entry:
            msgid = entry["msgctxt"] + "\x04" + msgid
        # The header (msgid "") is kept even when marked fuzzy: gettext reads the charset from it.
        if (not fuzzy or not msgid) and msgstr.replace("\0", ""):
            messages[msgid.encode("utf-8")] = msgstr.encode("utf-8")
        entry, fuzzy = {}, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        in_msgstr = section == "msgstr" or isinstance(section, tuple)
        if line.startswith("#"):
            if in_msgstr:
                add()
                section = None
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if not line:
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in {"msgctxt", "msgid"} and in_msgstr:
            add()
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            entry.setdefault("msgstr_plural", {})[index] = ast.literal_eval(rest)
            section = ("msgstr_plural", index)
        elif keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}:
            entry[keyword] = ast.literal_eval(rest)
            section = keyword
        elif line.startswith('"') and section is not None:
            value = ast.literal_eval(line)
            if isinstance(section, tuple):
                entry["msgstr_plural"][section[1]] += value
            else:
                entry[section] += value
        else:
            raise SystemExit(f"line {number} of a .po file cannot be read: {raw!r}")
    if section == "msgstr" or isinstance(section, tuple):
        add()
    return messages


def mo_bytes(messages: dict[bytes, bytes]) -> bytes:
    """The GNU .mo encoding of `messages` (little endian, no hash table)."""
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    count = len(keys)
    keystart = 7 * 4 + 16 * count
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    return header + struct.pack(f"{len(koffsets)}i", *koffsets) + struct.pack(f"{len(voffsets)}i", *voffsets) + ids + strs


def compile_translations() -> None:
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        write_if_changed(po.with_suffix(".mo"), mo_bytes(parse_po(po.read_text(encoding="utf-8"))))


def main() -> int:
    compile_translations()
    if not NODE.exists():
        print("node_modules is missing: run scripts/bootstrap", file=sys.stderr)
        return 1
    for src, dst in FILES.items():
        copy(NODE / src, VENDOR / dst)
    vendor_krds_css()
    vendor_leaflet_css()
    vendor_noto_sans_kr()
    return 0


if __name__ == "__main__":
    sys.exit(main())
