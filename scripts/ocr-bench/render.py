#!/usr/bin/env python3
"""Renders a fresh OCR benchmark for every run: real rows of samples/national-fever-clinics-2020.json laid out as
table pages in Chromium the many ways commissions published them, then printed, scanned and photographed.

Every page draws, from the run's seed: its rows (30, not drawn before in this run), font (Noto Sans/Serif CJK, WenQuanYi
Zen Hei and Micro Hei, AR PL UMing and UKai), size 12-20 px, style (ruled, unruled, zebra rows, shaded header), columns
(a serial number or not, a city column, a county column, both or neither, the address and the phone column or not, an
empty remarks column, in any order after the serial number), header words (synonyms lists use), wrapped address
cells and title lines. Each page is written three ways: 'clean' (a screenshot, one image pixel per CSS pixel),
'degraded' (the page drawn at 150 dpi, then scaled to 60-100%, rotated up to 3 degrees either way, perhaps put in
perspective like a phone photo of a print, blurred, made noisy, perhaps lit unevenly, saved as JPEG of quality 30-70)
and, two degraded pages at a time, 'scanned' PDFs with no text layer. Besides, 'text' PDFs are printed as a commission's
notice is: a title, the issuing body and a date above a ruled table of 40-90 rows over several pages, whose header cells
wrap onto a second line (序/号, 县/（区）), whose long cells wrap over two or three lines, whose district is printed once
for its group of rows, and whose header is not repeated on the following pages. Ground truth (the rows as published,
only the fields the page shows) is written beside every image and PDF as JSON, and every page's draw in pages.json.

Usage: render.py OUT_DIR [--seed N] [--pages P]   (P pages a set, default 6; without --seed one is drawn and printed)
"""
import argparse
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

ROWS_PER_PAGE = 30
SCAN_DPI = 150
FONTS = ['"Noto Sans CJK SC"', '"Noto Serif CJK SC"', '"WenQuanYi Zen Hei"', '"WenQuanYi Micro Hei"', '"AR PL UMing CN"', '"AR PL UKai CN"']
STYLES = ['ruled', 'unruled', 'zebra', 'shaded']
# Header words as lists write them (each one a column name ClinicMap knows).
HEADERS = {
    'no': ['序号', '编号'],
    'city': ['市', '地市', '市州', '所在市'],
    'county': ['区县', '县区', '所在区县', '县市区'],
    'name': ['医院名称', '医疗机构名称', '机构名称', '发热门诊名称'],
    'address': ['地址', '详细地址', '医院地址', '发热门诊地址'],
    'phone': ['联系电话', '咨询电话', '电话', '值班电话'],
    'note': ['备注', '说明'],
}
TITLES = ['发热门诊名单', '{province}发热门诊一览表', '{province}医疗机构发热门诊名单', '关于公布发热门诊的通告']
SUBTITLES = ['（截至2020年1月28日）', '（第二批）', '发布日期：2020年1月25日', '（按行政区划排列）']


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument('out')
    parser.add_argument('--seed', type=int, default=None)
    parser.add_argument('--pages', type=int, default=6)
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 2 ** 31)
    return args


def load_rows():
    data = json.load(open(os.path.join(ROOT, 'samples', 'national-fever-clinics-2020.json'), encoding='utf-8'))
    rows = []
    for province in data['provinceList']:
        for city in province['cityList']:
            for h in city['hospitalList']:
                if h['name'] and h['address'] and h['tel'] and len(h['name']) <= 24 and len(h['address']) <= 40 and len(h['tel']) <= 30:
                    rows.append(dict(h, province=province['province'], city_name=city['city']))
    return rows


def draw_page(rng):
    columns = ['name']
    if rng.random() < 0.85:
        columns.append('address')
    if rng.random() < 0.8:
        columns.append('phone')
    places = rng.choice([['county'], ['county'], ['city', 'county'], ['city'], []])
    columns += places
    if rng.random() < 0.25:
        columns.append('note')
    rng.shuffle(columns)
    # Place columns mostly come first, as lists are grouped by division.
    if places and rng.random() < 0.7:
        columns = places + [c for c in columns if c not in places]
    if rng.random() < 0.7:
        columns = ['no'] + columns
    return {
        'font': rng.choice(FONTS),
        'size': rng.randint(12, 20),
        'style': rng.choice(STYLES),
        'columns': columns,
        'headers': {c: rng.choice(HEADERS[c]) for c in columns},
        'wrap': 'address' in columns and rng.random() < 0.4,
        'titles': rng.randint(0, 2),
    }


def page_html(rows, spec, rng):
    style = spec['style']
    border = '1px solid #000' if style in ('ruled', 'shaded') else 'none'
    css = ['body{font-family:%s;font-size:%dpx;margin:24px;background:#fff;color:#000}' % (spec['font'], spec['size']),
           'table{border-collapse:collapse} td,th{border:%s;padding:%dpx %dpx;white-space:nowrap;text-align:left;vertical-align:middle}'
           % (border, max(3, spec['size'] // 4), max(8, spec['size'] // 2))]
    if style == 'zebra':
        css.append('tr:nth-child(even) td{background:#e4e4e4}')
    if style == 'shaded':
        css.append('th{background:#c8c8c8}')
    if spec['wrap']:
        css.append('td.address{white-space:normal;max-width:%dem;min-width:%dem}' % (rng.randint(8, 12), 6))
    titles = ''
    if spec['titles']:
        titles += '<h3>%s</h3>' % html.escape(rng.choice(TITLES).format(province=rows[0]['province']))
    if spec['titles'] > 1:
        titles += '<p>%s</p>' % html.escape(rng.choice(SUBTITLES))

    def cell(h, c, i):
        value = {'no': str(i), 'city': h['city_name'], 'county': h['county'] or '', 'name': h['name'], 'address': h['address'],
                 'phone': h['tel'], 'note': ''}[c]
        return '<td class="%s">%s</td>' % (c, html.escape(value))

    head = '<tr>%s</tr>' % ''.join('<th>%s</th>' % html.escape(spec['headers'][c]) for c in spec['columns'])
    body = ''.join('<tr>%s</tr>' % ''.join(cell(h, c, i) for c in spec['columns']) for i, h in enumerate(rows, 1))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>%s</style></head><body>%s<table>%s%s</table></body></html>'
            % (''.join(css), titles, head, body))


def notice_html(rows, rng):
    """A commission's notice as a word processor prints it (see the module summary), and what was drawn for it."""
    spec = {
        'font': rng.choice(FONTS),
        'size': rng.randint(13, 16),
        'valign': rng.choice(['top', 'middle']),
        'columns': ['no'] + rng.choice([['city', 'county'], ['county'], ['city']]) + ['name', 'address'] + (['phone'] if rng.random() < 0.8 else []),
        'headers': {'no': '序号', 'city': rng.choice(['市（州）', '地市', '市州']), 'county': rng.choice(['县（区）', '县（市、区）', '区县']),
                    'name': rng.choice(['医疗机构名称', '发热门诊名称', '医院名称']), 'address': rng.choice(['地址', '详细地址']), 'phone': rng.choice(['联系电话', '咨询电话'])},
    }
    # Narrow columns make the header's and the long cells' text wrap, as in a table fitted to the page's width.
    widths = {'no': 2.0, 'city': rng.uniform(2.2, 3.2), 'county': rng.uniform(2.2, 3.2), 'name': rng.uniform(6, 9), 'address': rng.uniform(8, 12), 'phone': rng.uniform(8, 10)}
    css = ['@page{size:A4;margin:18mm}',
           'body{font-family:%s;font-size:%dpx;color:#000}' % (spec['font'], spec['size']),
           'table{border-collapse:collapse;table-layout:fixed} td{border:1px solid #000;padding:2px 4px;vertical-align:%s;word-break:break-all}' % spec['valign'],
           'h3{text-align:center} p.by{text-align:right}']
    cols = ''.join('<col style="width:%.1fem">' % widths[c] for c in spec['columns'])
    head = '<tr>%s</tr>' % ''.join('<td>%s</td>' % html.escape(spec['headers'][c]) for c in spec['columns'])
    body = []
    for i, h in enumerate(rows):
        cells = []
        for c in spec['columns']:
            if c in ('city', 'county'):
                key = 'city_name' if c == 'city' else 'county'
                if i > 0 and rows[i - 1][key] == h[key] and (c == 'city' or rows[i - 1]['city_name'] == h['city_name']):
                    continue
                span = 1
                while i + span < len(rows) and rows[i + span][key] == h[key] and (c == 'city' or rows[i + span]['city_name'] == h['city_name']):
                    span += 1
                cells.append('<td rowspan="%d">%s</td>' % (span, html.escape(h[key] or '')))
                continue
            value = {'no': str(i + 1), 'name': h['name'], 'address': h['address'], 'phone': h['tel']}[c]
            cells.append('<td>%s</td>' % html.escape(value))
        body.append('<tr>%s</tr>' % ''.join(cells))
    titles = '<h3>%s</h3><p>%s</p>' % (html.escape(rng.choice(TITLES).format(province=rows[0]['province'])),
                                       html.escape('%s卫生健康委员会　2020年1月%d日' % (rows[0]['province'], rng.randint(22, 31))))
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>%s</style></head><body>%s<table><colgroup>%s</colgroup><tbody>%s%s</tbody></table></body></html>'
            % (''.join(css), titles, cols, head, ''.join(body)))
    return page, spec


def print_pdf(page, pdf, tmp):
    source = os.path.join(tmp, 'notice.html')
    open(source, 'w', encoding='utf-8').write(page)
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                    '--disable-sync', '--no-first-run', '--no-pdf-header-footer', '--print-to-pdf=' + pdf, 'file://' + source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def truth_of(rows, spec):
    shown = {'name': 'name', 'address': 'address', 'phone': 'tel', 'county': 'county', 'city': 'city_name'}
    return [{key: h[field] for key, field in shown.items() if key in spec['columns']} for h in rows]


def shoot(page, png, tmp, dpi=96):
    source = os.path.join(tmp, 'page.html')
    open(source, 'w', encoding='utf-8').write(page)
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                    '--disable-sync', '--no-first-run', '--hide-scrollbars', '--force-device-scale-factor=%g' % (dpi / 96),
                    '--screenshot=' + png, '--window-size=2400,2600', 'file://' + source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    # crop the white margin below the table so pages are as tall as their content
    subprocess.run(['convert', png, '-trim', '-bordercolor', 'white', '-border', str(24 * dpi // 96), png], check=True)


def degrade(src, dst, rng):
    """The printed page scanned or photographed: every damage drawn from rng and returned, for pages.json."""
    damage = {
        'scale': rng.uniform(0.6, 1.0),
        'rotate': rng.choice([-1, 1]) * rng.uniform(0.3, 3.0),
        'perspective': rng.random() < 0.5,
        'blur': rng.uniform(0.3, 1.0),
        'noise': rng.uniform(0.2, 0.6),
        'lighting': rng.random() < 0.5,
        'quality': rng.randint(30, 70),
    }
    width, height = map(int, subprocess.run(['identify', '-format', '%w %h', src], check=True, capture_output=True, text=True).stdout.split())
    command = ['convert', src, '-colorspace', 'Gray', '-resize', '%.1f%%' % (100 * damage['scale'])]
    w, h = int(width * damage['scale']), int(height * damage['scale'])
    if damage['perspective']:
        # A phone held a little off square: each corner moved up to 3% inwards.
        d = [rng.uniform(0, 0.03) for _ in range(8)]
        corners = [(0, 0, d[0] * w, d[1] * h), (w, 0, w - d[2] * w, d[3] * h), (0, h, d[4] * w, h - d[5] * h), (w, h, w - d[6] * w, h - d[7] * h)]
        command += ['-virtual-pixel', 'white', '-distort', 'Perspective', ' '.join('%d,%d %.1f,%.1f' % c for c in corners)]
    command += ['-background', 'white', '-rotate', '%.2f' % damage['rotate'], '-blur', '0x%.2f' % damage['blur']]
    if damage['lighting']:
        # Light falling off across the page: multiplied by a gradient from white to 70-85% grey in a random direction.
        dark = rng.randint(70, 85)
        x, y = rng.choice([(0, 0), (1, 0), (0, 1), (1, 1)])
        command += ['(', '+clone', '-sparse-color', 'Barycentric', '%d,%d white %d,%d gray(%d%%)' % (x * w, y * h, (1 - x) * w, (1 - y) * h, dark), ')',
                    '-compose', 'Multiply', '-composite']
    command += ['-attenuate', '%.2f' % damage['noise'], '+noise', 'Gaussian', '-density', str(SCAN_DPI), '-quality', str(damage['quality']), dst]
    subprocess.run(command, check=True)
    return damage


def main():
    args = arguments()
    print('OCR benchmark seed %d (%d pages a set)' % (args.seed, args.pages), file=sys.stderr)
    rng = random.Random(args.seed)
    rows = load_rows()
    rng.shuffle(rows)
    os.makedirs(args.out, exist_ok=True)
    drawn = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in range(1, args.pages + 1):
            chunk = rows[(p - 1) * ROWS_PER_PAGE:p * ROWS_PER_PAGE]
            spec = draw_page(rng)
            page = page_html(chunk, spec, rng)
            truth = truth_of(chunk, spec)
            stem = 'p%02d-%s' % (p, spec['style'])
            clean = os.path.join(args.out, 'clean-%s.png' % stem)
            shoot(page, clean, tmp)
            degraded = os.path.join(args.out, 'degraded-%s.jpg' % stem)
            scan = os.path.join(tmp, 'scan.png')
            shoot(page, scan, tmp, SCAN_DPI)
            spec['damage'] = degrade(scan, degraded, rng)
            for image in (clean, degraded):
                json.dump(truth, open(os.path.splitext(image)[0] + '.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
            drawn.append(dict(spec, page=stem))
    # Scanned PDFs: the degraded pages two at a time, as a notice's attachment of several pages.
    for first in range(1, args.pages, 2):
        stems = [d['page'] for d in drawn[first - 1:first + 1]]
        pdf = os.path.join(args.out, 'scanned-p%02d-2pages.pdf' % first)
        jpeg_to_pdf([os.path.join(args.out, 'degraded-%s.jpg' % s) for s in stems], pdf, SCAN_DPI)
        truth = [row for s in stems for row in json.load(open(os.path.join(args.out, 'degraded-%s.json' % s), encoding='utf-8'))]
        json.dump(truth, open(os.path.splitext(pdf)[0] + '.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
    # Text PDFs: rows not drawn before, grouped by division as notices list them.
    used = args.pages * ROWS_PER_PAGE
    notices = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(1, max(1, args.pages // 3) + 1):
            count = rng.randint(40, 90)
            chunk = sorted(rows[used:used + count], key=lambda h: (h['city_name'], h['county'] or ''))
            used += count
            page, spec = notice_html(chunk, rng)
            pdf = os.path.join(args.out, 'text-n%02d-%s.pdf' % (n, spec['valign']))
            print_pdf(page, pdf, tmp)
            json.dump(truth_of(chunk, spec), open(os.path.splitext(pdf)[0] + '.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=0)
            notices.append(dict(spec, notice=os.path.basename(pdf), rows=count))
    json.dump({'seed': args.seed, 'pages': drawn, 'notices': notices}, open(os.path.join(args.out, 'pages.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
    print('rendered %d pages twice, %d scanned PDFs and %d text PDFs into %s' % (args.pages, args.pages // 2, len(notices), args.out), file=sys.stderr)


if __name__ == '__main__':
    main()
