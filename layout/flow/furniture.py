"""Page furniture: the masthead (报头) on page 1 and the folio line (报眉) elsewhere."""

from __future__ import annotations

from ..model.edition import BLACK, Block, Edition, Page
from .grid import Grid, Rect
from .result import BlockArea, ImagePlacement, Link, PageResult, QrCode, Rule
from .typeset import Typesetter


def issue_line(ed: Edition) -> str:
    return f"第{ed.edition.issue}期(总第{ed.edition.serial}期)"


def date_line(ed: Edition) -> str:
    return f"{ed.edition.date_cn} {ed.edition.weekday}"


def set_masthead(ed: Edition, grid: Grid, ts: Typesetter, page: Page, block: Block,
                 result: PageResult) -> None:
    """The paper's name very large at the left, the issue, date, permit and e-paper
    address beside it, a QR code per channel at the right, a double rule under all."""
    r: Rect = grid.block_rect(block)
    info = ed.edition
    opts = block.masthead
    st = ed.styles["masthead"]
    fst = ed.styles["folio"]
    label_size = max(7.0, grid.body_size * 0.8)
    rule_room = 6.0
    inner_h = r.h - rule_room
    # QR codes at the right, labels under them
    qr_side = min(72.0, inner_h - label_size * 2.2, r.w * 0.09)
    qr_gap = max(label_size * 1.2, 12.0)
    n = len(info.channels)
    labels: list = []
    qr_w = 0.0
    if n and qr_side > 24:
        label_ws = [ts.width(c.label, fst.font, label_size) for c in info.channels]
        cell = [max(qr_side, lw) for lw in label_ws]
        qr_w = sum(cell) + qr_gap * (n - 1)
        x = r.right - qr_w
        qy = r.y + max(0.0, (inner_h - qr_side - label_size * 1.6) / 2)   # centred beside the name
        for ch, cw in zip(info.channels, cell, strict=True):
            qx = x + (cw - qr_side) / 2
            result.qrcodes.append(QrCode(data=ch.url, x=qx, y=qy, size=qr_side))
            result.links.append(Link(qx, qy, qr_side, qr_side, url=ch.url))
            xs, w = ts.solid_xs(ch.label, fst.font, label_size)
            labels += ts.runs(ch.label, xs, fst.font, label_size, x + (cw - w) / 2,
                              qy + qr_side + label_size * 1.3, kind="label", page=page.number)
            x += cw + qr_gap
    # the name, and beside it the information column, both fitted to the room the QR codes leave
    name = info.paper
    name_x = r.x
    lines = [issue_line(ed), date_line(ed), info.permit, f"《{info.paper}》数字报 {info.url}"]
    info_em = max(ts.width(t, fst.font, 1.0) for t in lines)
    info_max = max(grid.body_size, 10.0)
    qr_gap = 12.0 if qr_w else 0.0
    if opts is not None and opts.logo_path:
        from ..model.edition import Image
        from .photos import natural_height, place_image

        logo = Image(file=opts.logo, path=opts.logo_path, fit="fit", loc=opts.locs.get("logo", opts.loc))
        name_w = min(inner_h * inner_h / natural_height(logo, inner_h), (r.w - qr_w) * 0.6)
        result.images.append(place_image(logo, r.x, r.y, name_w, inner_h))
        gap = info_max * 2
        info_size = min(info_max, (r.w - qr_w - qr_gap - name_w - gap) / info_em)
    else:
        size = st.size or min(inner_h * 0.82, (r.w - qr_w) * 0.45 / max(1, len(name)))
        while True:
            tracking = size * 0.08
            xs, name_w = ts.solid_xs(name, st.font, size, tracking)
            gap = size * 0.3
            info_size = min(info_max, (r.w - qr_w - qr_gap - name_w - gap) / info_em)
            if info_size >= 7.0 or size <= 12.0 or st.size:
                break
            size *= 0.92
        color = opts.color if opts is not None else st.color
        baseline = r.y + (inner_h - size) / 2 + 0.88 * size
        result.runs += ts.runs(name, xs, st.font, size, name_x, baseline, kind="masthead",
                               page=page.number, color=color)
    ix = name_x + name_w + gap
    lead = min(info_size * 1.7, inner_h / len(lines))
    y0 = r.y + (inner_h - lead * len(lines)) / 2
    for i, text in enumerate(lines):
        xs, w = ts.solid_xs(text, fst.font, info_size)
        base = y0 + i * lead + 0.88 * info_size + (lead - info_size) / 2
        result.runs += ts.runs(text, xs, fst.font, info_size, ix, base, kind="masthead-info", page=page.number)
        if info.url in text:
            uw = ts.width(info.url, fst.font, info_size)
            result.links.append(Link(ix + w - uw, base - 0.88 * info_size, uw, info_size, url=info.url))
    result.runs += labels      # read after the name and the issue line, as a reader would
    # double rule under the masthead: thick over thin
    y = r.bottom - 4.0
    result.rules.append(Rule(r.x, y, r.right, y, 2.0, BLACK))
    result.rules.append(Rule(r.x, y + 2.6, r.right, y + 2.6, 0.5, BLACK))
    result.blocks.append(BlockArea(kind="masthead", name=block.name, x=r.x, y=r.y, w=r.w, h=r.h, **_where(block)))


def set_folio(ed: Edition, grid: Grid, ts: Typesetter, page: Page, result: PageResult) -> None:
    """报眉 in the top margin: paper and date at the left, 第N版 and the section in the
    middle, the editor at the right, over a rule that spans the type area."""
    st = ed.styles["folio"]
    size = st.size or grid.body_size
    rule_y = grid.top - size * 0.8
    base = rule_y - size * 0.6
    left = f"{ed.edition.paper}  {date_line(ed)}"
    middle = f"第{page.number}版  {page.section}" if page.section else f"第{page.number}版"
    right = f"责任编辑  {page.editor}" if page.editor else ""
    for text, align in ((left, "left"), (middle, "centre"), (right, "right")):
        if not text:
            continue
        xs, w = ts.solid_xs(text, st.font, size)
        x = grid.left if align == "left" else grid.left + grid.width - w if align == "right" else grid.left + (grid.width - w) / 2
        result.runs += ts.runs(text, xs, st.font, size, x, base, kind="folio", page=page.number, color=st.color)
    result.rules.append(Rule(grid.left, rule_y, grid.left + grid.width, rule_y, 0.75, BLACK))


def set_image_block(ed: Edition, grid: Grid, ts: Typesetter, page: Page, block: Block,
                    result: PageResult) -> None:
    """A photo block: the photo across the block, caption and credit in the last lines."""
    from .photos import place_image

    r = grid.block_rect(block)
    image = block.image
    cap = ed.styles["caption"]
    cred = ed.styles["credit"]
    cap_lines = []
    if image.caption:
        from ..compose import compose_paragraph

        cap_lines = compose_paragraph(image.caption, ts.stack(cap.font), cap.size, r.w, indent=0.0, justify=False)
    n_cap = len(cap_lines) + (1 if image.credit else 0)
    photo_lines = max(1, block.lines.count - n_cap)
    h = photo_lines * grid.leading - (grid.leading * 0.3 if n_cap else 0)
    placement: ImagePlacement = place_image(image, r.x, r.y, r.w, h, article=block.article)
    result.images.append(placement)
    line = block.lines.first + photo_lines
    for ln in cap_lines:
        result.runs += ts.runs(ln.text, ln.xs, cap.font, cap.size, r.x, grid.baseline(line), kind="caption",
                               page=page.number, color=cap.color)
        line += 1
    if image.credit:
        xs, w = ts.solid_xs(image.credit, cred.font, cred.size)
        result.runs += ts.runs(image.credit, xs, cred.font, cred.size, r.right - w, grid.baseline(line),
                               kind="credit", page=page.number, color=cred.color)
    result.blocks.append(BlockArea(kind="image", name=block.name, x=r.x, y=r.y, w=r.w, h=r.h,
                                   article=block.article, **_where(block)))


def _where(block: Block) -> dict[str, object]:
    """Where a furniture block sits, for the fit report; its frame leaves no empty lines."""
    return {"index": block.index, "columns": (block.columns.first, block.columns.last),
            "lines": (block.lines.first, block.lines.last), "empty_lines": (0,) * block.columns.count}
