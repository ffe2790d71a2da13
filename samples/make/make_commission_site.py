# Writes samples/commission-site/ (index pages and notices) from wuhan-fever-clinics-gb18030.csv; run from samples/.
import html, subprocess
rows=[l.split(',')[:4] for l in subprocess.run("iconv -f gb18030 -t utf-8 wuhan-fever-clinics-gb18030.csv | sed -n 3,40p",shell=True,capture_output=True,text=True).stdout.strip().split('\n')]
rows=[[c.strip() for c in r] for r in rows]
COUNTER='　浏览次数：<span id="visits">1024</span>'
def page(title, date, body):
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s - 湖北省卫生健康委员会</title></head>\n<body>\n'
            '<div class="header"><a href="../index.html">首页</a> &gt; 通知公告</div>\n<h1>%s</h1>\n<p class="date">发布时间：%s　来源：湖北省卫生健康委员会%s</p>\n%s\n'
            '<div class="footer"><a href="../index.html">返回首页</a></div>\n</body></html>\n') % (html.escape(title), html.escape(title), date, COUNTER, body)
def table(rs):
    out=['<table border="1"><thead><tr><th>序号</th><th>区</th><th>医院名称</th><th>联系电话</th></tr></thead><tbody>']
    for i,r in enumerate(rs,1):
        out.append('<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>' % (i, html.escape(r[1]), html.escape(r[2]), html.escape(r[3])))
    out.append('</tbody></table>')
    return '\n'.join(out)
W=rows[:22]
notices={
 '0128-wuhan.html':('武汉市发热门诊名单','2020年1月28日','<p>现将武汉市第一批发热门诊名单公布如下：</p>\n'+table(W)),
 '0130-cities.html':('湖北省部分市州发热门诊名单','2020年1月30日','<p>各市州发热门诊名单见附件。</p>\n<p><a href="../files/hubei-fever-clinics.xlsx">附件：湖北省部分市州发热门诊名单.xlsx</a></p>'),
 '0201-hospitals.html':('荆州市、十堰市新冠肺炎定点医院名单','2020年2月1日','<p>附件：</p><ul><li><a href="../files/jingzhou-hospitals.docx">1. 荆州市定点医院名单.docx</a></li><li><a href="../files/shiyan-hospitals.pdf">2. 十堰市定点医院名单.pdf</a></li></ul>'),
 '0202-shiyan.html':('十堰市发热门诊名单','2020年2月2日','<p>十堰市发热门诊名单见附件图片。</p>\n<p><a href="../files/shiyan-fever-clinics.png">附件：十堰市发热门诊名单.png</a></p>'),
 '0204-added.html':('关于新增武昌区发热门诊的通知','2020年2月4日','<p>经研究，新增以下医疗机构为发热门诊：</p>\n'+table(rows[22:24])),
 '0206-suspended.html':('关于暂停部分发热门诊的通知','2020年2月6日','<p>因改设为定点医院，以下医疗机构暂停发热门诊服务：</p>\n'+table([rows[7],rows[12]])),
 '0208-wuhan.html':('武汉市发热门诊名单（2月8日更新）','2020年2月8日','<p>现将更新后的武汉市发热门诊名单公布如下：</p>\n'+table([r for r in W if r[0] not in ('8','13','20')]+[rows[24]])),
 'duty.html':('关于做好春节期间值班工作的通知','2020年2月3日','<p>各单位要做好春节期间值班工作。</p>'),
 '0120-old.html':('武汉市发热门诊名单（第一版）','2020年1月20日','<p>见下表。</p>\n'+table(rows[:3])),
}
for f,(t,d,b) in notices.items():
    open('commission-site/notices/'+f,'w',encoding='utf-8').write(page(t,d,b))
def index(items, nxt):
    lis='\n'.join('<li%s><a href="notices/%s">%s</a> <span>%s</span></li>' % (' class="later"' if later else '', f, html.escape(t), d) for f,t,d,later in items)
    return ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>通知公告 - 湖北省卫生健康委员会</title></head>\n<body>\n'
            '<div class="header">湖北省卫生健康委员会 &gt; 通知公告</div>\n<ul class="list">\n%s\n</ul>\n<div class="pages">%s</div>\n</body></html>\n') % (lis, nxt)
p1=[('0208-wuhan.html','武汉市发热门诊名单（2月8日更新）','2020-02-08',True),
    ('0206-suspended.html','关于暂停部分发热门诊的通知','2020-02-06',True),
    ('0204-added.html','关于新增武昌区发热门诊的通知','2020-02-04',True),
    ('duty.html','关于做好春节期间值班工作的通知','2020-02-03',False),
    ('0202-shiyan.html','十堰市发热门诊名单','2020-02-02',False),
    ('0201-hospitals.html','荆州市、十堰市新冠肺炎定点医院名单','2020-02-01',False)]
open('commission-site/index.html','w',encoding='utf-8').write(index(p1,'<a href="index_2.html">下一页</a>'))
p2=[('0130-cities.html','湖北省部分市州发热门诊名单','2020-01-30',False),('0128-wuhan.html','武汉市发热门诊名单','2020-01-28',False)]
open('commission-site/index_2.html','w',encoding='utf-8').write(index(p2,'<a href="index.html">上一页</a> <a href="index_3.html">下一页</a>'))
p3=[('0120-old.html','武汉市发热门诊名单（第一版）','2020-01-20',False)]
open('commission-site/index_3.html','w',encoding='utf-8').write(index(p3,'<a href="index_2.html">上一页</a>'))
