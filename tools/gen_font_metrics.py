"""Advance widths of DejaVu Sans (regular and bold) for the characters nnlab's pictures use, in ems,
for the tests that check every SVG text lies inside its picture (test/fixtures/dejavu-sans-metrics.json).

DejaVu Sans is Debian's default sans and the widest face the pictures name, so a text that fits by its
widths fits in the others. Run with Debian's python3 and fonttools: /usr/bin/python3 tools/gen_font_metrics.py
"""
import json
import os
from fontTools.ttLib import TTFont

FONTS = {
    'regular': '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    'bold': '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
}
# Printable ASCII and the other characters labels, titles and legends use.
CHARS = [chr(c) for c in range(0x20, 0x7F)] + list('·−×λ…±≤≥★‖µ–—θ∈²³⁻¹⁰εΔ←→↑↓✓✗→')

out = {'font': 'DejaVu Sans', 'source': FONTS}
for face, path in FONTS.items():
    font = TTFont(path)
    em = font['head'].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font['hmtx']
    widths = {}
    for ch in CHARS:
        glyph = cmap.get(ord(ch))
        if glyph is not None:
            widths[ch] = hmtx[glyph][0] / em
    out[face] = widths
    hhea = font['hhea']
    out['ascent'] = max(out.get('ascent', 0), hhea.ascent / em)
    out['descent'] = max(out.get('descent', 0), -hhea.descent / em)

path = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'dejavu-sans-metrics.json')
with open(path, 'w') as f:
    json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
    f.write('\n')
print('wrote', os.path.normpath(path))
