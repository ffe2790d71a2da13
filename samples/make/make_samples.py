#!/usr/bin/env python3
"""Regenerates ClinicMap's per-format samples from the real lists in ../shared/data (a developer step, run once;
the outputs are committed and nothing at build, run or test time reads ../shared).

Each sample keeps the rows of one real published list and only changes its format, the way commissions
published them in 2020: a GB18030 CSV saved by Excel with a title line and a note, a workbook with one sheet per
city, a two-row header and merged district cells, an XLS with section rows, an HTML notice with rowspans, a Word
table with vertically merged districts, a text PDF, a PNG screenshot of a ruled table and a scanned PDF of it
(rotated 1.5°, noisy, blurred, JPEG quality 60, 150 dpi). Needs python3, LibreOffice (XLSX re-saving, XLS, PDF),
Chromium with fonts-noto-cjk (the PNG) and ImageMagick (the scan). Usage: samples/make/make_samples.py [path/to/shared/data]
"""
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from itertools import groupby
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SAMPLES, '..', '..', 'shared', 'data')


def national_city(city):
    data = json.load(open(os.path.join(DATA, 'national-fever-clinics-2020', 'data_20200211030250.json'), encoding='utf-8'))
    for province in data['provinceList']:
        for c in province['cityList']:
            if c['city'] == city:
                return c['hospitalList']
    raise KeyError(city)


def hubei(city_file):
    return json.load(open(os.path.join(DATA, 'hubei-hospitals-2020', city_file + '.json'), encoding='utf-8'))


def hours(h):
    return h['hours'].strip('()（）').replace('开诊时间:', '').replace('开诊时间：', '')


def soffice(args, cwd):
    subprocess.run(['soffice', '--headless', '--norestore'] + args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------- CSV: 武汉市, GB18030 as Excel saves it, title line above and note below the table ----------
def make_csv():
    rows = national_city('武汉市')
    lines = ['武汉市发热门诊一览表,,,,', '序号,区,医院名称,联系电话,开诊时间']
    for i, h in enumerate(rows, 1):
        lines.append(','.join([str(i), h['county'], h['name'], '"%s"' % h['tel'] if ',' in h['tel'] else h['tel'], hours(h)]))
    lines.append(',,,,')
    lines.append('注：以上信息来源于武汉市卫生健康委员会，截至2020年1月23日,,,,')
    with open(os.path.join(SAMPLES, 'wuhan-fever-clinics-gb18030.csv'), 'wb') as f:
        f.write('\r\n'.join(lines).encode('gb18030') + b'\r\n')


# ---------- a minimal SpreadsheetML writer (inline strings, merges, hidden rows) ----------
def col(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows, merges, hidden):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, values in enumerate(rows, 1):
        attrs = ' hidden="1"' if r in hidden else ''
        cells = []
        for c, v in enumerate(values, 1):
            if v is None or v == '':
                continue
            ref = '%s%d' % (col(c), r)
            if isinstance(v, int):
                cells.append('<c r="%s"><v>%d</v></c>' % (ref, v))
            else:
                cells.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(str(v))))
        out.append('<row r="%d"%s>%s</row>' % (r, attrs, ''.join(cells)))
    out.append('</sheetData>')
    if merges:
        out.append('<mergeCells count="%d">%s</mergeCells>' % (len(merges), ''.join('<mergeCell ref="%s"/>' % m for m in merges)))
    out.append('</worksheet>')
    return ''.join(out)


def write_xlsx(path, sheets):
    """sheets: list of (name, rows, merges, hidden_rows)."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   + ''.join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % i
                             for i in range(1, len(sheets) + 1)) + '</Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   + ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(s[0]), i, i) for i, s in enumerate(sheets, 1)) + '</sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i)
                             for i in range(1, len(sheets) + 1)) + '</Relationships>')
        for i, (_, rows, merges, hidden) in enumerate(sheets, 1):
            z.writestr('xl/worksheets/sheet%d.xml' % i, sheet_xml(rows, merges, hidden))


def phone_cell(tel):
    digits = tel.strip()
    return int(digits) if digits.isdigit() and len(digits) == 11 else tel  # Excel keeps bare mobiles as numbers


# ---------- XLSX: 黄石 / 十堰 / 宜昌, title, two-row header, merged districts, a hidden row, a note ----------
def city_sheet(city, hide_one):
    rows = [['湖北省%s发热门诊名单' % city, None, None, None, None, None],
            ['序号', '所在地区', None, '医院名称', '联系电话', '开诊时间'],
            [None, '市', '区县', None, None, None]]
    merges = ['A1:F1', 'B2:C2', 'A2:A3', 'D2:D3', 'E2:E3', 'F2:F3']
    hidden = set()
    clinics = sorted(national_city(city), key=lambda h: h['county'])
    n = 0
    for county, group in groupby(clinics, key=lambda h: h['county']):
        group = list(group)
        first = len(rows) + 1
        for h in group:
            n += 1
            rows.append([n, city, county, h['name'], phone_cell(h['tel']), hours(h)])
        last = len(rows)
        if last > first:
            merges.append('C%d:C%d' % (first, last))
            for r in range(first + 1, last + 1):
                rows[r - 1][2] = None
    merges.append('B4:B%d' % len(rows))
    for r in range(5, len(rows) + 1):
        rows[r - 1][1] = None
    if hide_one:
        # an entry the commission withdrew and hid rather than deleted
        rows.append([None, None, None, '（已撤销）某某医院发热门诊', '0719-0000000', '24小时'])
        hidden.add(len(rows))
    rows.append([])
    rows.append(['注：名单如有调整，以各区县卫生健康局公布为准。'])
    merges.append('A%d:F%d' % (len(rows), len(rows)))
    return (city, rows, merges, hidden)


def make_xlsx(tmp):
    raw = os.path.join(tmp, 'hubei-fever-clinics.xlsx')
    write_xlsx(raw, [city_sheet('黄石市', False), city_sheet('十堰市', True), city_sheet('宜昌市', False)])
    out = os.path.join(tmp, 'out')
    soffice(['--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, raw], tmp)
    shutil.copy(os.path.join(out, 'hubei-fever-clinics.xlsx'), os.path.join(SAMPLES, 'hubei-fever-clinics.xlsx'))


# ---------- XLS: 孝感市 with section rows "一、孝南区（N家）" instead of a district column ----------
def make_xls(tmp):
    numerals = '一二三四五六七八九十'
    rows = [['孝感市发热门诊医疗机构名单', None, None, None], ['序号', '医疗机构名称', '咨询电话', '接诊时间']]
    merges = ['A1:D1']
    clinics = sorted(national_city('孝感市'), key=lambda h: h['county'])
    n = 0
    for i, (county, group) in enumerate(groupby(clinics, key=lambda h: h['county'])):
        group = list(group)
        rows.append(['%s、%s（%d家）' % (numerals[i], county, len(group)), None, None, None])
        merges.append('A%d:D%d' % (len(rows), len(rows)))
        for h in group:
            n += 1
            rows.append([n, h['name'], phone_cell(h['tel']), hours(h)])
    raw = os.path.join(tmp, 'xiaogan-fever-clinics.xlsx')
    write_xlsx(raw, [('孝感市', rows, merges, set())])
    out = os.path.join(tmp, 'out')
    soffice(['--convert-to', 'xls:MS Excel 97', '--outdir', out, raw], tmp)
    shutil.copy(os.path.join(out, 'xiaogan-fever-clinics.xls'), os.path.join(SAMPLES, 'xiaogan-fever-clinics.xls'))


# ---------- HTML: 宜昌市 notice, districts as rowspans ----------
def make_html():
    rows = sorted(hubei('yichangshi'), key=lambda h: h['district'])
    body = []
    n = 0
    for district, group in groupby(rows, key=lambda h: h['district']):
        group = list(group)
        for j, h in enumerate(group):
            n += 1
            cells = ['<td>%d</td>' % n]
            if j == 0:
                cells.append('<td rowspan="%d">%s</td>' % (len(group), html.escape(district)) if len(group) > 1 else '<td>%s</td>' % html.escape(district))
            cells.append('<td>%s</td><td>%s</td>' % (html.escape(h['name']), html.escape(h['address'])))
            body.append('<tr>%s</tr>' % ''.join(cells))
    page = ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>宜昌市医疗机构名单 - 通知公告</title></head>\n<body>\n'
            '<div class="header">首页 &gt; 通知公告</div>\n<h2>宜昌市新型冠状病毒感染的肺炎医疗机构名单</h2>\n'
            '<p class="date">发布时间：2020年1月28日 来源：志愿者汇总</p>\n'
            '<table border="1"><thead><tr><th>序号</th><th>县市区</th><th>医院名称</th><th>医院地址</th></tr></thead>\n<tbody>\n'
            + '\n'.join(body) + '\n</tbody></table>\n<p>附件：无</p>\n</body></html>\n')
    with open(os.path.join(SAMPLES, 'yichang-hospitals.html'), 'w', encoding='utf-8') as f:
        f.write(page)


# ---------- DOCX: 荆州市, a Word table with vertically merged districts ----------
def w_p(text, bold=False):
    run = '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % ('<w:rPr><w:b/></w:rPr>' if bold else '', escape(text))
    return '<w:p>%s</w:p>' % run


def w_tc(text, merge=None, width=2000):
    props = '<w:tcW w:w="%d" w:type="dxa"/>' % width
    if merge == 'restart':
        props += '<w:vMerge w:val="restart"/>'
    elif merge == 'continue':
        props += '<w:vMerge/>'
    return '<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % (props, w_p(text or ''))


def write_docx(path, title, subtitle, header, rows, widths):
    """rows: lists of (text, merge) cells."""
    borders = ''.join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % b for b in ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'])
    table = ['<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>%s</w:tblBorders></w:tblPr><w:tblGrid>%s</w:tblGrid>'
             % (borders, ''.join('<w:gridCol w:w="%d"/>' % w for w in widths))]
    table.append('<w:tr>%s</w:tr>' % ''.join(w_tc(h, None, w) for h, w in zip(header, widths)))
    for row in rows:
        table.append('<w:tr>%s</w:tr>' % ''.join(w_tc(t, m, w) for (t, m), w in zip(row, widths)))
    table.append('</w:tbl>')
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + w_p(title, True) + w_p(subtitle) + ''.join(table) + w_p('注：以上名单根据各医疗机构公开信息整理。')
                + '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1000" w:right="800" w:bottom="1000" w:left="800" w:header="500" w:footer="500" w:gutter="0"/></w:sectPr></w:body></w:document>')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr('word/document.xml', document)


def make_docx():
    clinics = sorted(hubei('jingzhoushi'), key=lambda h: h['district'])
    rows = []
    n = 0
    for district, group in groupby(clinics, key=lambda h: h['district']):
        for j, h in enumerate(group):
            n += 1
            rows.append([(str(n), None), (district, 'restart' if j == 0 else 'continue'), (h['name'], None), (h['address'], None)])
    write_docx(os.path.join(SAMPLES, 'jingzhou-hospitals.docx'), '荆州市医疗机构名单', '2020年1月29日',
               ['序号', '区县', '医院名称', '地址'], rows, [800, 1600, 4200, 7200])


# ---------- PDF: 十堰市, a text PDF printed from a Word table (no merged cells) ----------
def make_pdf(tmp):
    clinics = hubei('shiyanshi')
    rows = [[(str(i), None), (h['district'], None), (h['name'], None), (h['address'], None)] for i, h in enumerate(clinics, 1)]
    docx = os.path.join(tmp, 'shiyan-hospitals.docx')
    write_docx(docx, '十堰市医疗机构名单', '2020年1月30日', ['序号', '区县', '医院名称', '地址'], rows, [800, 1600, 4600, 7600])
    out = os.path.join(tmp, 'out')
    soffice(['--convert-to', 'pdf', '--outdir', out, docx], tmp)
    shutil.copy(os.path.join(out, 'shiyan-hospitals.pdf'), os.path.join(SAMPLES, 'shiyan-hospitals.pdf'))


# ---------- PNG and scanned PDF: 十堰市 fever clinics as a screenshot, and as a slightly rotated, noisy scan ----------
def shiyan_table_html(ruled=True):
    rows = national_city('十堰市')
    trs = ''.join('<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (i, html.escape(h['county']), html.escape(h['name']), html.escape(h['tel']))
                  for i, h in enumerate(rows, 1))
    style = ('body{font-family:"Noto Sans CJK SC";font-size:20px;margin:20px;background:#fff}'
             'table{border-collapse:collapse} td,th{border:%s;padding:6px 10px}' % ('1px solid #000' if ruled else 'none'))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>%s</style></head><body>'
            '<h3>十堰市发热门诊名单（2020年1月24日）</h3><table><tr><th>序号</th><th>区县</th><th>医院名称</th><th>联系电话</th></tr>%s</table></body></html>' % (style, trs))


def chromium_screenshot(page_html, png, width, height, tmp):
    source = os.path.join(tmp, 'page.html')
    with open(source, 'w', encoding='utf-8') as f:
        f.write(page_html)
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                    '--disable-sync', '--no-first-run', '--hide-scrollbars', '--screenshot=' + png, '--window-size=%d,%d' % (width, height), 'file://' + source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def jpeg_size(data):
    i = 2
    while i < len(data):
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], 'big')
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[i + 7:i + 9], 'big'), int.from_bytes(data[i + 5:i + 7], 'big')
        i += 2 + length
    raise ValueError('no SOF marker')


def jpeg_to_pdf(jpegs, pdf, dpi):
    """A PDF with one page per JPEG, holding only the image, as a scanner writes it: no text layer."""
    pages = []
    for jpeg in jpegs:
        data = open(jpeg, 'rb').read()
        w, h = jpeg_size(data)
        pages.append((data, w, h, w * 72.0 / dpi, h * 72.0 / dpi))
    kids = b' '.join(b'%d 0 R' % (3 + 3 * i) for i in range(len(pages)))
    objects = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, len(pages))]
    for i, (data, w, h, pw, ph) in enumerate(pages):
        page, contents, image = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        content = b'q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q' % (pw, ph)
        objects += [b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>' % (pw, ph, image, contents),
                    b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream',
                    b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(data)) + data + b'\nendstream']
    out, offsets = bytearray(b'%PDF-1.4\n'), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % n + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1) + b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, xref)
    open(pdf, 'wb').write(bytes(out))


def make_png_and_scan(tmp):
    png = os.path.join(SAMPLES, 'shiyan-fever-clinics.png')
    chromium_screenshot(shiyan_table_html(), png, 900, 1560, tmp)
    scan = os.path.join(tmp, 'scan.jpg')
    subprocess.run(['convert', png, '-colorspace', 'Gray', '-background', 'white', '-rotate', '1.5', '-attenuate', '0.4', '+noise', 'Gaussian',
                    '-blur', '0x0.6', '-quality', '60', scan], check=True)
    jpeg_to_pdf([scan], os.path.join(SAMPLES, 'shiyan-fever-clinics-scanned.pdf'), 150)
    chromium_screenshot(shiyan_table_html(ruled=False), os.path.join(SAMPLES, 'shiyan-fever-clinics-unruled.png'), 900, 1560, tmp)


if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        make_csv()
        make_xlsx(tmp)
        make_xls(tmp)
        make_html()
        make_docx()
        make_pdf(tmp)
        make_png_and_scan(tmp)
    print('samples written to', SAMPLES)
