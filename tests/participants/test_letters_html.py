"""The letters' HTML: every QR code is an SVG without a repeated id (the PDF library warns about each repeat)."""

from __future__ import annotations

import re

from participatiehub.participants.letters import _qr_svg


def test_qr_svg_carries_no_id_so_many_letters_repeat_none():
    svgs = [_qr_svg(f"https://example.org/aanmelden/?code=ABCD{i:08d}") for i in range(3)]
    ids = [found for svg in svgs for found in re.findall(r'\bid="([^"]*)"', svg)]
    assert ids == []
    assert all(svg.startswith("<svg") and "<path" in svg for svg in svgs)
