"""Every text the layout draws is listed before measuring: no font is prepared mid-layout."""

from __future__ import annotations

from conftest import SAMPLE
from edition_maker import body_text, edition_yaml

from layout.flow.engine import lay_out
from layout.flow.texts import text_by_role
from layout.fonts.book import FontBook
from layout.model.loader import load_edition

# outside the prepared base set (GB 2312): drawing one unasked would prepare it on the spot;
# a different one in each kind of text, so each listing is needed on its own
RARE = "堃喆昇玥珺琤晞瑢熹翀"


def _late_preparations(path) -> list[tuple[tuple[str, ...], tuple[str, ...] | None]]:
    edition = load_edition(str(path))
    book = FontBook.for_edition(edition)
    for role, chars in text_by_role(edition).items():
        book.ensure(chars, roles=[role])
    late: list[tuple[tuple[str, ...], tuple[str, ...] | None]] = []
    real = book.ensure

    def ensure(chars, roles=None):
        chars = tuple(chars)
        late.append((chars, tuple(roles) if roles is not None else None))
        return real(chars, roles=roles)

    book.ensure = ensure
    result = lay_out(edition, book)
    assert result.pages and all(p.slug for p in result.pages)      # the slug line is laid out too
    return late


def test_the_sample_prepares_nothing_while_laying_out():
    assert _late_preparations(SAMPLE) == []


def test_rare_characters_in_every_kind_of_text_are_prepared_before_layout(write_edition, tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 300), (90, 90, 90)).save(tmp_path / "p.png")
    body = "\n\n".join([body_text(300), f"## 王{RARE[0]}的小标题", body_text(300, offset=900)])
    pages = [{"section": f"要闻{RARE[1]}", "editor": f"李{RARE[2]}",
              "blocks": [{"article": "a", "columns": "1-4", "lines": "1-30", "headline": {"lines": 4}},
                         {"image": {"file": "p.png", "caption": f"图{RARE[3]}说", "credit": f"{RARE[4]}摄"},
                          "columns": "5-8", "lines": "1-20"}]},
             {"section": "综合", "blocks": [{"article": "a", "columns": "1-4", "lines": "1-30"}]}]
    arts = [{"id": "a", "kicker": f"引{RARE[5]}", "headline": f"标{RARE[6]}题", "subhead": f"副{RARE[7]}",
             "byline": f"记者 {RARE[8]}", "body": body + "\n\n" + body_text(4000, offset=2000)}]
    extra = {"jumps": {"to": f"（下转第{{page}}版{RARE[9]}）", "from": f"（上接第{{page}}版{RARE[9]}）"}}
    assert _late_preparations(write_edition(edition_yaml(pages, arts, extra=extra))) == []
