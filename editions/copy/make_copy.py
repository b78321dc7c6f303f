"""Make the copy files and the photo that editions/2023-09-25.yaml reads, as a reporter's
tools would: a notice saved by a GB18030 (GBK) editor, a story typed in Word, and a photo.

    python editions/copy/make_copy.py

The files it writes are committed beside it (so the edition prints without running it);
run it again after changing the texts below. `tech-visit.txt` is plain UTF-8, written by
hand, and not made here.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# A notice; in a .txt every line is a paragraph, so the signature and the date are two.
NOTICE = """\
　　因徐汇区龙华路供水管道改造施工，9月27日8时至18时，龙华路（龙华中路至天钥桥南路）沿线居民用户将暂停供水，请提前做好储水准备。
　　施工期间如有疑问，请拨打供水服务热线咨询。不便之处，敬请谅解。
徐汇区供水管理所
2023年9月25日
"""

# A story from Word: each paragraph a Word paragraph (a "\n" would be a Word line break,
# Shift+Enter, which the loader takes as a forced break).
COMMUNITY = [
    "9月20日，徐汇区凌云街道“邻里汇”社区服务中心正式启用，为周边居民提供养老照护、托育服务、文化活动等一站式服务。",
    "",
    "　　中心共三层，一层为社区食堂和便民服务站，二层设有老年人日间照料中心和儿童托育点，三层为文化活动室和社区学校。中心实行“一张表”预约，居民可通过徐汇通 APP 预约各类服务。",
    "## 家门口的“15分钟生活圈”",
    "街道负责人介绍，“邻里汇”是凌云街道打造“15分钟社区生活圈”的重要一环。下一步，街道将根据居民需求，不断丰富服务内容，让居民在家门口就能享受到便捷、优质的公共服务。",
    "本报记者王华",
]


def write_notice() -> None:
    (HERE / "water-notice.txt").write_bytes(NOTICE.encode("gb18030"))


def write_community() -> None:
    import docx  # python-docx

    document = docx.Document()
    for text in COMMUNITY:
        paragraph = document.add_paragraph()
        for i, line in enumerate(text.split("\n")):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
    document.save(str(HERE / "community.docx"))


def write_photo() -> None:
    """A 1600 × 1200 stand-in photo: a sky-to-ground gradient and a red marker high up,
    the point `focus` keeps in view when the frame crops it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200))
    draw = ImageDraw.Draw(image)
    for y in range(1200):
        t = y / 1199
        draw.line([(0, y), (1599, y)], fill=(int(90 + 100 * t), int(150 + 40 * t), int(220 - 150 * t)))
    draw.ellipse([700, 220, 900, 420], fill=(200, 30, 40))
    image.save(HERE.parent / "photos" / "community.jpg", quality=90)


if __name__ == "__main__":
    write_notice()
    write_community()
    write_photo()
