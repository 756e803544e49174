"""The vendored front-end files (scripts/build_assets.py): nothing comes from another host."""

import gettext
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "gamdong" / "static" / "vendor"
sys.path.insert(0, str(ROOT / "scripts"))
import build_assets  # noqa: E402


def css_urls(css: str) -> list[str]:
    return [u.strip("'\"") for u in re.findall(r"url\(([^)]*)\)", css)]


@pytest.mark.parametrize("css_file", ["krds/krds.min.css", "noto-sans-kr/noto-sans-kr.css"])
def test_vendored_css_names_only_files_served_by_gamdong(css_file):
    path = VENDOR / css_file
    urls = css_urls(path.read_text(encoding="utf-8"))
    assert urls
    for url in urls:
        assert "://" not in url and not url.startswith(("//", "data:")), url
        assert (path.parent / url).is_file(), f"{css_file} names {url}, which is missing"


def test_gamdong_css_declares_pretendard_gov_first_with_noto_sans_kr_fallback():
    css = (ROOT / "gamdong" / "static" / "css" / "gamdong.css").read_text(encoding="utf-8")
    stack = re.search(r"--krds-typo-font-type:\s*([^;]+);", css).group(1)
    assert stack.index("Pretendard GOV") < stack.index("Noto Sans KR")
    for url in css_urls(css):
        assert (ROOT / "gamdong" / "static" / "css" / url).resolve().is_file(), url
    assert css.count("font-display: swap") == 3


def test_po_files_compile_to_what_gettext_reads():
    po = (ROOT / "gamdong" / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    catalog = gettext.GNUTranslations(io.BytesIO(build_assets.mo_bytes(build_assets.parse_po(po))))
    assert catalog.gettext("본문 바로가기") == "Skip to main content"


def test_po_parser_handles_context_plurals_continuations_and_fuzzy():
    po = '''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "menu"
msgid "홈"
msgstr "Home"

msgid "건"
msgid_plural "건들"
msgstr[0] "case"
msgstr[1] "cases"

#, fuzzy
msgid "초안"
msgstr "draft"

msgid ""
"긴 "
"문장"
msgstr "long "
"sentence"
'''
    messages = build_assets.parse_po(po)
    assert messages["menu\x04홈".encode()] == b"Home"
    assert messages["건\0건들".encode()] == b"case\0cases"
    assert "초안".encode() not in messages
    assert messages["긴 문장".encode()] == b"long sentence"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_python_compiler_agrees_with_gnu_msgfmt(tmp_path):
    po = ROOT / "gamdong" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    subprocess.run(["msgfmt", "-o", str(tmp_path / "ref.mo"), str(po)], check=True)
    with open(tmp_path / "ref.mo", "rb") as f:
        ref = gettext.GNUTranslations(f)
    ours = gettext.GNUTranslations(io.BytesIO(build_assets.mo_bytes(build_assets.parse_po(po.read_text(encoding="utf-8")))))
    ref_catalog = {k: v for k, v in ref._catalog.items() if k != ""}
    our_catalog = {k: v for k, v in ours._catalog.items() if k != ""}
    assert our_catalog == ref_catalog
