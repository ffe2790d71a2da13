#!/usr/bin/env python3
"""Renders ClinicMap's OCR accuracy benchmark: real rows of samples/national-fever-clinics-2020.json laid out as
table pages in Chromium (fonts-noto-cjk), in two fonts and two sizes, ruled and unruled, each page then also
degraded the way photographed or scanned notices are (JPEG quality 30–60, blur, noise, 1–3° rotation, 150 dpi).
A clean page is a screenshot (one image pixel per CSS pixel, i.e. 96 dpi); a degraded page is the same page printed
and scanned at 150 dpi: Chromium draws it at 150/96 device pixels per CSS pixel, then the damage is done to that.
Two scanned PDFs (no text layer) hold two degraded pages each, ruled and unruled, so the PDF path is measured
too. Ground truth (the rows as published) is written beside every image and PDF as JSON. Deterministic: a fixed
seed picks the rows and the degradations. Usage: render.py OUT_DIR [PAGES_PER_VARIANT]"""
import html
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'samples', 'make'))
from make_samples import jpeg_to_pdf  # noqa: E402  (the one scanned-PDF writer)
OUT = sys.argv[1]
PAGES = int(sys.argv[2]) if len(sys.argv) > 2 else 2
ROWS_PER_PAGE = 30
FONTS = [('sans', '"Noto Sans CJK SC"'), ('serif', '"Noto Serif CJK SC"')]
SIZES = [18, 22]

random.seed(20200123)
data = json.load(open(os.path.join(ROOT, 'samples', 'national-fever-clinics-2020.json'), encoding='utf-8'))
rows = [h for p in data['provinceList'] for c in p['cityList'] for h in c['hospitalList']
        if h['address'] and h['tel'] and len(h['address']) <= 30 and len(h['name']) <= 20 and len(h['tel']) <= 26]
random.shuffle(rows)


def page_html(chunk, font, size, ruled):
    border = '1px solid #000' if ruled else 'none'
    trs = ''.join('<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (
        i, html.escape(h['county'] or h['city']), html.escape(h['name']), html.escape(h['address']), html.escape(h['tel']))
        for i, h in enumerate(chunk, 1))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:%s;font-size:%dpx;margin:24px;background:#fff;color:#000}'
            'table{border-collapse:collapse} td,th{border:%s;padding:5px 12px;white-space:nowrap;text-align:left}</style></head><body>'
            '<h3>发热门诊名单</h3><table><tr><th>序号</th><th>区县</th><th>医院名称</th><th>地址</th><th>联系电话</th></tr>%s</table></body></html>'
            % (font, size, border, trs))


SCAN_DPI = 150


def shoot(page, png, tmp, dpi=96):
    source = os.path.join(tmp, 'page.html')
    open(source, 'w', encoding='utf-8').write(page)
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                    '--disable-sync', '--no-first-run', '--hide-scrollbars', '--force-device-scale-factor=%g' % (dpi / 96),
                    '--screenshot=' + png, '--window-size=2000,2200', 'file://' + source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    # crop the white margin below the table so pages are as tall as their content
    subprocess.run(['convert', png, '-trim', '-bordercolor', 'white', '-border', str(24 * dpi // 96), png], check=True)


def degrade(src, dst, rng):
    angle = rng.choice([-1, 1]) * rng.uniform(1, 3)
    subprocess.run(['convert', src, '-colorspace', 'Gray', '-background', 'white', '-rotate', '%.2f' % angle,
                    '-blur', '0x%.2f' % rng.uniform(0.3, 0.8), '-attenuate', '%.2f' % rng.uniform(0.2, 0.5), '+noise', 'Gaussian',
                    '-density', str(SCAN_DPI), '-quality', str(rng.randint(30, 60)), dst], check=True)


os.makedirs(OUT, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    n = 0
    for ruled in (True, False):
        for font_name, font in FONTS:
            for size in SIZES:
                for p in range(PAGES):
                    chunk = rows[n * ROWS_PER_PAGE:(n + 1) * ROWS_PER_PAGE]
                    n += 1
                    stem = '%s-%s-%d-%d' % ('ruled' if ruled else 'unruled', font_name, size, p + 1)
                    truth = [{'name': h['name'], 'address': h['address'], 'phone': h['tel'], 'county': h['county']} for h in chunk]
                    clean = os.path.join(OUT, 'clean-' + stem + '.png')
                    shoot(page_html(chunk, font, size, ruled), clean, tmp)
                    degraded = os.path.join(OUT, 'degraded-' + stem + '.jpg')
                    scan = os.path.join(tmp, 'scan.png')
                    shoot(page_html(chunk, font, size, ruled), scan, tmp, SCAN_DPI)
                    degrade(scan, degraded, random.Random(stem))
                    for image in (clean, degraded):
                        json.dump(truth, open(os.path.splitext(image)[0] + '.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
# Scanned PDFs: the sans 18 px page and the serif 22 px page of each layout, one after the other.
for layout in ('ruled', 'unruled'):
    stems = ['degraded-%s-sans-18-1' % layout, 'degraded-%s-serif-22-%d' % (layout, PAGES)]
    pdf = os.path.join(OUT, 'scanned-%s-2pages.pdf' % layout)
    jpeg_to_pdf([os.path.join(OUT, s + '.jpg') for s in stems], pdf, SCAN_DPI)
    truth = [row for s in stems for row in json.load(open(os.path.join(OUT, s + '.json'), encoding='utf-8'))]
    json.dump(truth, open(os.path.splitext(pdf)[0] + '.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
print('rendered %d pages and 2 scanned PDFs into %s' % (n * 2, OUT))
