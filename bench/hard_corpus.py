"""A deterministic corpus of hard body copy for judging the composer (about 25,000 characters).

The sample edition's sentences (bench/synthetic.py), with sentences mixed in that
carry what breaks composers: URLs and e-mail addresses, Latin words and names
(GB/T 15834, LaTeX, Typst, New York), numbers with separators and signs (1,286,
99.2%, 7×24, ¥1,200), ——, ……, quotes, brackets and runs of adjacent marks.
Written as {"articles": [{"id", "paragraphs": [...]}]} — the form
../shared/tools/linemeasure.py reads with --corpus.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import sentences  # noqa: E402

CHARS = 25_000
ARTICLES = 10

URLS = ["https://www.xuhui.gov.cn/xxgk/zwgk/index.html", "http://epaper.xuhuibao.com/2023-09/18/page1.html",
        "www.shanghai.gov.cn", "https://zwdt.sh.gov.cn/govPortals/index.do?type=1&id=1286",
        "http://www.xuhuibao.com", "https://mp.weixin.qq.com/s/Xh2023-0918"]
MAILS = ["xhbnews@163.com", "service@xuhui.gov.cn", "tougao.xhb@shxh.org.cn"]
LATIN = ["GB/T 15834", "LaTeX", "Typst", "APP", "AI", "New York Times", "Wi-Fi", "5G", "iPad Pro", "Python",
         "CBD", "PM2.5", "Open Data", "XeLaTeX", "Shanghai Daily", "IPv6", "GDP"]
NUMBERS = ["1,286", "99.2%", "7×24", "2,035", "3.5", "¥1,200", "10:30", "0.5%", "12,680", "365", "2023", "38.6%"]
PEOPLE = ["张晓明", "李新华", "钟晓咏", "王立群", "陈思远"]

TEMPLATES = [
    "详情请登录{url}查询，或关注“徐汇通”{latin}。",
    "市民可拨打热线电话，也可发送邮件至{mail}咨询。",
    "据统计，今年以来全区共服务{num}人次，满意度达到{pct}。",
    "会上，专家以《从{latin}说起》为题作报告——“排版不只是技术，更是文化。”",
    "“我们要做的，就是把服务送到家门口……”{name}说。",
    "该平台支持{latin}、{latin2}等多种方式（含{num}个服务事项），实现“一网通办”。",
    "按照{latin}的规定，行末标点可以压缩为半角；{name}表示：“这样版面更整齐。”",
    "记者在现场看到，{num}名志愿者分成{small}组，（每组约{small}人）轮流值守，提供{num2}小时服务。",
    "“好！”“再来一遍？”孩子们的欢呼声此起彼伏……",
    "项目总投资约{yuan}万元，预计{year}年{small}月底竣工，届时将新增绿地{num}平方米。",
    "访问{url}即可在线预约，每日{time}开放，名额有限——先到先得。",
    "推动{latin}、{latin2}和{latin3}等工具在出版领域的应用。",
    "《徐汇报》（第{small}期）刊发了题为《{name}：{latin}时代的社区治理》的文章。",
    "这一比例比去年同期提高了{pct}，其中，“{latin}+社区”模式贡献最大。",
]


def _fill(rng: random.Random, template: str) -> str:
    picks = rng.sample(LATIN, 3)
    return template.format(
        url=rng.choice(URLS), mail=rng.choice(MAILS), latin=picks[0], latin2=picks[1], latin3=picks[2],
        num=rng.choice(NUMBERS), num2=rng.choice(["7×24", "24", "12"]), pct=rng.choice(["99.2%", "38.6%", "0.5%", "12%"]),
        name=rng.choice(PEOPLE), small=rng.randint(2, 12), yuan=rng.choice(["1,286", "3.5", "12,680"]),
        year=rng.choice([2024, 2025]), time=rng.choice(["9:00", "10:30", "8:30—17:00"]))


def corpus(seed: int = 15834, chars: int = CHARS) -> dict:
    """Articles of paragraphs (80–260 characters): a real sentence, then about every
    second sentence a hard one."""
    rng = random.Random(seed)
    sents = sentences()
    articles = []
    per = chars // ARTICLES
    i = rng.randrange(len(sents))
    for k in range(ARTICLES):
        paras: list[str] = []
        total = 0
        while total < per:
            target = rng.randint(80, 260)
            para = ""
            while len(para) < target:
                if rng.random() < 0.5:
                    para += _fill(rng, rng.choice(TEMPLATES))
                else:
                    para += sents[i % len(sents)]
                    i += 1
            paras.append(para)
            total += len(para)
        articles.append({"id": f"hard-{k + 1}", "paragraphs": paras})
    return {"articles": articles}


def write(path: Path) -> Path:
    path.write_text(json.dumps(corpus(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


if __name__ == "__main__":
    c = corpus()
    n = sum(len(p) for a in c["articles"] for p in a["paragraphs"])
    print(f"{len(c['articles'])} articles, {sum(len(a['paragraphs']) for a in c['articles'])} paragraphs, {n} characters")
