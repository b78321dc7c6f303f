"""Page furniture: the masthead (报头) on page 1 and the folio line (报眉) elsewhere."""

from __future__ import annotations

from typing import Any

from ..compose import Line
from ..model.edition import BLACK, Block, BlockKind, Edition, Page
from . import design as D
from .grid import Grid, Rect
from .kinds import TextRole
from .result import BlockArea, GlyphRun, ImagePlacement, Link, PageResult, QrCode, Rule
from .typeset import Typesetter


def issue_line(ed: Edition) -> str:
    return ed.edition.issue_line


def date_line(ed: Edition) -> str:
    return f"{ed.edition.date_cn} {ed.edition.weekday}"


def masthead_lines(ed: Edition) -> list[str]:
    """The information column beside the paper's name: issue, date, permit, e-paper."""
    info = ed.edition
    return [issue_line(ed), date_line(ed), info.permit, f"《{info.paper}》数字报 {info.url}"]


def folio_texts(ed: Edition, page: Page) -> tuple[str, str, str]:
    """报眉: (left, middle, right) — paper and date, 第N版 and section, editor ("" if none)."""
    left = f"{ed.edition.paper}  {date_line(ed)}"
    middle = f"第{page.number}版  {page.section}" if page.section else f"第{page.number}版"
    right = f"责任编辑  {page.editor}" if page.editor else ""
    return left, middle, right


def slug_text(ed: Edition, number: int, section: str | None) -> str:
    """The slug line: paper, issue, date and page, what a plant worker reads on a plate.
    Deliberately no build time: two builds of one edition must be byte-identical."""
    info = ed.edition
    parts = [info.paper, issue_line(ed), info.date_cn, info.weekday, f"第{number}版"]
    if section:
        parts.append(section)
    return " ".join(parts)


def set_slug_line(ed: Edition, ts: Typesetter, page: Page, result: PageResult) -> None:
    """The slug line's runs, origin at its start on its baseline (the print output puts it
    under the bottom-left crop mark). A character no face has is left out unreported: the
    slug is not content."""
    quiet = Typesetter(ts.book)
    text = slug_text(ed, page.number, page.section)
    role = ed.styles["folio"].font
    xs, _ = quiet.solid_xs(text, role, D.SLUG_SIZE)
    result.slug = quiet.runs(text, xs, role, D.SLUG_SIZE, 0.0, 0.0, kind=TextRole.LABEL, page=page.number)


def set_masthead(ed: Edition, grid: Grid, ts: Typesetter, page: Page, block: Block,
                 result: PageResult) -> None:
    """The paper's name very large at the left, the issue, date, permit and e-paper
    address beside it, a QR code per channel at the right, a double rule under all."""
    r: Rect = grid.block_rect(block)
    info = ed.edition
    opts = block.masthead
    st = ed.styles["masthead"]
    fst = ed.styles["folio"]
    label_size = max(D.LABEL_MIN_SIZE, grid.body_size * D.LABEL_OF_BODY)
    rule_room = D.RULE_ROOM
    inner_h = r.h - rule_room
    # QR codes at the right, labels under them
    qr_side = min(D.QR_MAX_SIDE, inner_h - label_size * D.QR_LABEL_ROOM, r.w * D.QR_OF_WIDTH)
    qr_gap = max(label_size * D.QR_GAP_OF_LABEL, D.QR_GAP_MIN)
    n = len(info.channels)
    labels: list[GlyphRun] = []
    qr_w = 0.0
    if n and qr_side > D.QR_MIN_SIDE:
        label_ws = [ts.width(c.label, fst.font, label_size) for c in info.channels]
        cell = [max(qr_side, lw) for lw in label_ws]
        qr_w = sum(cell) + qr_gap * (n - 1)
        x = r.right - qr_w
        qy = r.y + max(0.0, (inner_h - qr_side - label_size * D.QR_LABEL_BLOCK) / 2)   # centred beside the name
        for ch, cw in zip(info.channels, cell, strict=True):
            qx = x + (cw - qr_side) / 2
            result.qrcodes.append(QrCode(data=ch.url, x=qx, y=qy, size=qr_side))
            result.links.append(Link(qx, qy, qr_side, qr_side, url=ch.url))
            xs, w = ts.solid_xs(ch.label, fst.font, label_size)
            labels += ts.runs(ch.label, xs, fst.font, label_size, x + (cw - w) / 2,
                              qy + qr_side + label_size * D.QR_LABEL_BASELINE, kind=TextRole.LABEL, page=page.number)
            x += cw + qr_gap
    # the name, and beside it the information column, both fitted to the room the QR codes leave
    name = info.paper
    name_x = r.x
    lines = masthead_lines(ed)
    info_em = max(ts.width(t, fst.font, 1.0) for t in lines)
    info_max = max(grid.body_size, D.INFO_MAX_MIN)
    qr_gap = D.INFO_GAP if qr_w else 0.0
    if opts is not None and opts.logo_path:
        from ..model.edition import Image
        from .photos import natural_height, place_image

        logo = Image(file=opts.logo or opts.logo_path, path=opts.logo_path, fit="fit", loc=opts.locs.get("logo", opts.loc))
        name_w = min(inner_h * inner_h / natural_height(logo, inner_h), (r.w - qr_w) * D.LOGO_OF_WIDTH)
        result.images.append(place_image(logo, r.x, r.y, name_w, inner_h))
        gap = info_max * D.LOGO_GAP
        info_size = min(info_max, (r.w - qr_w - qr_gap - name_w - gap) / info_em)
    else:
        size = st.size or min(inner_h * D.NAME_OF_HEIGHT, (r.w - qr_w) * D.NAME_OF_WIDTH / max(1, len(name)))
        while True:
            tracking = size * D.NAME_TRACKING
            xs, name_w = ts.solid_xs(name, st.font, size, tracking)
            gap = size * D.NAME_GAP
            info_size = min(info_max, (r.w - qr_w - qr_gap - name_w - gap) / info_em)
            if info_size >= D.INFO_MIN_SIZE or size <= D.NAME_MIN_SIZE or st.size:
                break
            size *= D.NAME_SHRINK
        color = opts.color if opts is not None else st.color
        baseline = r.y + (inner_h - size) / 2 + D.ASCENT * size
        result.runs += ts.runs(name, xs, st.font, size, name_x, baseline, kind=TextRole.MASTHEAD,
                               page=page.number, color=color)
    ix = name_x + name_w + gap
    lead = min(info_size * D.INFO_LEAD, inner_h / len(lines))
    y0 = r.y + (inner_h - lead * len(lines)) / 2
    for i, text in enumerate(lines):
        xs, w = ts.solid_xs(text, fst.font, info_size)
        base = y0 + i * lead + D.ASCENT * info_size + (lead - info_size) / 2
        result.runs += ts.runs(text, xs, fst.font, info_size, ix, base, kind=TextRole.MASTHEAD_INFO, page=page.number)
        if info.url in text:
            uw = ts.width(info.url, fst.font, info_size)
            result.links.append(Link(ix + w - uw, base - D.ASCENT * info_size, uw, info_size, url=info.url))
    result.runs += labels      # read after the name and the issue line, as a reader would
    # double rule under the masthead: thick over thin
    y = r.bottom - D.RULE_FROM_FOOT
    result.rules.append(Rule(r.x, y, r.right, y, D.RULE_THICK, BLACK))
    result.rules.append(Rule(r.x, y + D.RULE_THIN_BELOW, r.right, y + D.RULE_THIN_BELOW, D.RULE_THIN, BLACK))
    result.blocks.append(BlockArea(kind=BlockKind.MASTHEAD, name=block.name, x=r.x, y=r.y, w=r.w, h=r.h, **_where(block)))


def set_folio(ed: Edition, grid: Grid, ts: Typesetter, page: Page, result: PageResult) -> None:
    """报眉 in the top margin: paper and date at the left, 第N版 and the section in the
    middle, the editor at the right, over a rule that spans the type area."""
    st = ed.styles["folio"]
    size = st.size or grid.body_size
    rule_y = grid.top - size * D.FOLIO_RULE_ABOVE
    base = rule_y - size * D.FOLIO_BASE_ABOVE
    left, middle, right = folio_texts(ed, page)
    for text, align in ((left, "left"), (middle, "centre"), (right, "right")):
        if not text:
            continue
        xs, w = ts.solid_xs(text, st.font, size)
        x = grid.left if align == "left" else grid.left + grid.width - w if align == "right" else grid.left + (grid.width - w) / 2
        result.runs += ts.runs(text, xs, st.font, size, x, base, kind=TextRole.FOLIO, page=page.number, color=st.color)
    result.rules.append(Rule(grid.left, rule_y, grid.left + grid.width, rule_y, D.FOLIO_RULE, BLACK))


def set_image_block(ed: Edition, grid: Grid, ts: Typesetter, page: Page, block: Block,
                    result: PageResult) -> None:
    """A photo block: the photo across the block, caption and credit in the last lines."""
    from .photos import place_image

    r = grid.block_rect(block)
    image = block.image
    assert image is not None
    cap = ed.styles["caption"]
    cred = ed.styles["credit"]
    cap_lines: list[Line] = []
    if image.caption:
        from ..compose import compose_paragraph

        cap_lines = compose_paragraph(image.caption, ts.stack(cap.font), cap.pt, r.w, indent=0.0, justify=False)
    n_cap = len(cap_lines) + (1 if image.credit else 0)
    photo_lines = max(1, block.lines.count - n_cap)
    h = photo_lines * grid.leading - (grid.leading * 0.3 if n_cap else 0)
    placement: ImagePlacement = place_image(image, r.x, r.y, r.w, h, article=block.article)
    result.images.append(placement)
    line = block.lines.first + photo_lines
    for ln in cap_lines:
        result.runs += ts.runs(ln.text, ln.xs, cap.font, cap.pt, r.x, grid.baseline(line), kind=TextRole.CAPTION,
                               page=page.number, color=cap.color)
        line += 1
    if image.credit:
        xs, w = ts.solid_xs(image.credit, cred.font, cred.pt)
        result.runs += ts.runs(image.credit, xs, cred.font, cred.pt, r.right - w, grid.baseline(line),
                               kind=TextRole.CREDIT, page=page.number, color=cred.color)
    result.blocks.append(BlockArea(kind=BlockKind.IMAGE, name=block.name, x=r.x, y=r.y, w=r.w, h=r.h,
                                   article=block.article, **_where(block)))


def _where(block: Block) -> dict[str, Any]:
    """Where a furniture block sits, for the fit report; its frame leaves no empty lines."""
    return {"index": block.index, "columns": (block.columns.first, block.columns.last),
            "lines": (block.lines.first, block.lines.last), "empty_lines": (0,) * block.columns.count}
