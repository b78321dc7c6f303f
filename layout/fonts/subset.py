"""Cutting the glyphs a PDF uses out of prepared faces, at the byte level.

fontTools would take seconds per face; this takes milliseconds because the
prepared fonts are already small and desubroutinized: a CFF subset is the used
charstrings copied into a new CharStrings INDEX with a charset that keeps each
glyph's CID, and a TrueType subset keeps glyph ids and empties unused glyphs.
Glyph codes are CIDs (CFF) or glyph ids (TrueType) of the source font, so glyphs
may come from several prepared parts of one face.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

# -- sfnt --------------------------------------------------------------------------------


def sfnt_tables(data: bytes, index: int = 0) -> dict[str, bytes]:
    """The tables of an OpenType/TrueType file, or of face `index` of a collection."""
    base = 0
    if data[:4] == b"ttcf":
        (base,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (num,) = struct.unpack_from(">H", data, base + 4)
    out = {}
    for i in range(num):
        tag, _, off, length = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        out[tag.decode("latin-1")] = data[off:off + length]
    return out


def _checksum(data: bytes) -> int:
    words = array("I", data + b"\0" * (-len(data) % 4))
    if sys.byteorder == "little":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def build_sfnt(tables: dict[str, bytes]) -> bytes:
    """An sfnt file from tables, with checksums and head.checkSumAdjustment."""
    tags = sorted(tables)
    n = len(tags)
    es = max(k for k in range(16) if 2 ** k <= n)
    header = struct.pack(">IHHHH", 0x00010000, n, 16 * 2 ** es, es, 16 * n - 16 * 2 ** es)
    offset = 12 + 16 * n
    records, body, sums = [], [], []
    tables = dict(tables)
    if "head" in tables:
        tables["head"] = tables["head"][:8] + b"\0\0\0\0" + tables["head"][12:]
    for tag in tags:
        t = tables[tag]
        cs = _checksum(t)
        sums.append(cs)
        records.append(struct.pack(">4sIII", tag.encode("latin-1"), cs, offset, len(t)))
        body.append(t + b"\0" * (-len(t) % 4))
        offset += len(body[-1])
    directory = header + b"".join(records)
    if "head" in tables:   # the whole file's checksum is the directory's plus every table's
        adj = (0xB1B0AFBA - (_checksum(directory) + sum(sums))) & 0xFFFFFFFF
        i = tags.index("head")
        body[i] = body[i][:8] + struct.pack(">I", adj) + body[i][12:]
    return directory + b"".join(body)


def hmtx_advance(tables: dict[str, bytes], gid: int) -> int:
    (nhm,) = struct.unpack_from(">H", tables["hhea"], 34)
    (adv,) = struct.unpack_from(">H", tables["hmtx"], 4 * min(gid, nhm - 1))
    return int(adv)


# -- CFF ---------------------------------------------------------------------------------


def _read_index(data: bytes, pos: int) -> tuple[list[int], int, int]:
    """(offsets relative to the data start, data start, end) of the INDEX at pos."""
    (count,) = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [1], pos + 2, pos + 2
    osz = data[pos + 2]
    base = pos + 3
    offs = [int.from_bytes(data[base + i * osz: base + (i + 1) * osz], "big") for i in range(count + 1)]
    start = base + (count + 1) * osz - 1
    return offs, start, start + offs[-1]


def _index_items(data: bytes, pos: int) -> tuple[list[bytes], int]:
    offs, start, end = _read_index(data, pos)
    return [data[start + offs[i]:start + offs[i + 1]] for i in range(len(offs) - 1)], end


def make_index(items: list[bytes]) -> bytes:
    if not items:
        return b"\0\0"
    total = sum(len(i) for i in items) + 1
    osz = 1 if total < 1 << 8 else 2 if total < 1 << 16 else 3 if total < 1 << 24 else 4
    offs = bytearray((1).to_bytes(osz, "big"))
    o = 1
    for it in items:
        o += len(it)
        offs += o.to_bytes(osz, "big")
    return struct.pack(">HB", len(items), osz) + bytes(offs) + b"".join(items)


def parse_dict(d: bytes) -> list[tuple[int, list[float], bytes]]:
    """DICT entries as (operator, operands, raw operand bytes); two-byte ops are 1200+b1."""
    out = []
    ops: list[float] = []
    start = i = 0
    n = len(d)
    while i < n:
        b0 = d[i]
        if b0 <= 21:
            if b0 == 12:
                op, j = 1200 + d[i + 1], i + 2
            else:
                op, j = b0, i + 1
            out.append((op, ops, d[start:i]))
            ops, start, i = [], j, j
        elif b0 == 28:
            ops.append(struct.unpack_from(">h", d, i + 1)[0])
            i += 3
        elif b0 == 29:
            ops.append(struct.unpack_from(">i", d, i + 1)[0])
            i += 5
        elif b0 == 30:
            i += 1
            while True:
                b = d[i]
                i += 1
                if (b & 0x0F) == 0x0F or (b >> 4) == 0x0F:
                    break
            ops.append(0.0)   # reals are copied raw, never interpreted here
        elif b0 <= 246:
            ops.append(b0 - 139)
            i += 1
        elif b0 <= 250:
            ops.append((b0 - 247) * 256 + d[i + 1] + 108)
            i += 2
        elif b0 <= 254:
            ops.append(-(b0 - 251) * 256 - d[i + 1] - 108)
            i += 2
        else:
            raise ValueError("bad CFF DICT byte 255")
    return out


def _op_bytes(op: int) -> bytes:
    return bytes((12, op - 1200)) if op >= 1200 else bytes((op,))


def _int32(v: int) -> bytes:
    return b"\x1d" + struct.pack(">i", v)


CHARSET, ENCODING, CHARSTRINGS, PRIVATE, SUBRS = 15, 16, 17, 18, 19
UNIQUEID, XUID = 13, 14
ROS, FDARRAY, FDSELECT, FONTNAME = 1230, 1236, 1237, 1238


@dataclass
class CffPart:
    """A prepared CID-keyed CFF, parsed just enough to copy glyphs out of it."""

    data: bytes
    top: list[tuple[int, list[float], bytes]]
    name: bytes
    strings: bytes                # the raw String INDEX
    gsubrs: bytes                 # the raw Global Subr INDEX
    cs_pos: int                   # the CharStrings INDEX; offsets are read per glyph
    cs_osz: int
    cs_start: int
    gid_of_cid: dict[int, int]
    fd_starts: list[int]          # FDSelect ranges: first gid of each range
    fd_values: list[int]
    fds: list[list[tuple[int, list[float], bytes]]]
    privates: list[bytes]
    advances: dict[int, int] = field(default_factory=dict)   # by gid, from hmtx
    tables: dict[str, bytes] = field(default_factory=dict)

    def charstring(self, gid: int) -> bytes:
        d, osz = self.data, self.cs_osz
        p = self.cs_pos + 3 + gid * osz
        a = int.from_bytes(d[p:p + osz], "big")
        b = int.from_bytes(d[p + osz:p + 2 * osz], "big")
        return d[self.cs_start + a:self.cs_start + b]

    def fd_of(self, gid: int) -> int:
        return self.fd_values[bisect_right(self.fd_starts, gid) - 1]


def parse_cff_part(font_file: bytes) -> CffPart:
    tables = sfnt_tables(font_file)
    data = tables["CFF "]
    pos = data[2]
    names, pos = _index_items(data, pos)
    tops, pos = _index_items(data, pos)
    _, _, str_end = _read_index(data, pos)
    strings = data[pos:str_end]
    _, _, gs_end = _read_index(data, str_end)
    gsubrs = data[str_end:gs_end]
    top = parse_dict(tops[0])
    td = {op: ops for op, ops, _ in top}
    if ROS not in td:
        raise ValueError("prepared CFF is not CID-keyed")
    cs_pos = int(td[CHARSTRINGS][0])
    (n,) = struct.unpack_from(">H", data, cs_pos)
    cs_osz = data[cs_pos + 2]
    cs_start = cs_pos + 3 + (n + 1) * cs_osz - 1
    # charset: gid -> CID
    p = int(td[CHARSET][0])
    fmt = data[p]
    p += 1
    cids = [0]
    if fmt == 0:
        cids += list(struct.unpack_from(f">{n - 1}H", data, p))
    else:
        while len(cids) < n:
            first = struct.unpack_from(">H", data, p)[0]
            left = data[p + 2] if fmt == 1 else struct.unpack_from(">H", data, p + 2)[0]
            p += 3 if fmt == 1 else 4
            cids.extend(range(first, first + left + 1))
    gid_of_cid = {c: g for g, c in enumerate(cids[:n])}
    # FDSelect
    p = int(td[FDSELECT][0])
    fmt = data[p]
    starts, values = [], []
    if fmt == 0:
        for g in range(n):
            starts.append(g)
            values.append(data[p + 1 + g])
    elif fmt == 3:
        (nr,) = struct.unpack_from(">H", data, p + 1)
        for r in range(nr):
            first, fd = struct.unpack_from(">HB", data, p + 3 + 3 * r)
            starts.append(first)
            values.append(fd)
    else:
        raise ValueError(f"FDSelect format {fmt}")
    fd_dicts, _ = _index_items(data, int(td[FDARRAY][0]))
    fds, privates = [], []
    for raw in fd_dicts:
        fd = parse_dict(raw)
        fds.append(fd)
        priv = {op: ops for op, ops, _ in fd}[PRIVATE]
        size, off = int(priv[0]), int(priv[1])
        pdata = data[off:off + size]
        if any(op == SUBRS for op, _, _ in parse_dict(pdata)):
            raise ValueError("prepared CFF still has local subroutines")
        privates.append(pdata)
    return CffPart(data=data, top=top, name=names[0], strings=strings, gsubrs=gsubrs, cs_pos=cs_pos,
                   cs_osz=cs_osz, cs_start=cs_start, gid_of_cid=gid_of_cid, fd_starts=starts, fd_values=values,
                   fds=fds, privates=privates, tables=tables)


def cff_glyph(parts: list[CffPart], cid: int, part_of: dict[int, int]) -> tuple[CffPart, int]:
    """(part, gid in it) of a CID: from the part it was prepared in, else the first that has it."""
    i = part_of.get(cid)
    if i is not None and cid in parts[i].gid_of_cid:
        return parts[i], parts[i].gid_of_cid[cid]
    for part in parts:
        if cid in part.gid_of_cid:
            return part, part.gid_of_cid[cid]
    raise KeyError(f"CID {cid} is in no prepared part")


def build_cff(parts: list[CffPart], cids: list[int], font_name: bytes, part_of: dict[int, int]) -> bytes:
    """A CID-keyed CFF with `cids` and .notdef; each glyph keeps its CID (charset)."""
    base = parts[0]
    glyphs: list[tuple[int, CffPart, int]] = [(0, base, 0)]   # (cid, part, gid in part)
    for cid in sorted(set(cids) - {0}):
        glyphs.append((cid, *cff_glyph(parts, cid, part_of)))
    # the Font DICTs actually used, in first-use order
    fd_index: dict[tuple[int, int], int] = {}
    fdsel: list[int] = []
    for _, part, g in glyphs:
        k = (id(part), part.fd_of(g))
        if k not in fd_index:
            fd_index[k] = len(fd_index)
        fdsel.append(fd_index[k])
    part_by_id = {id(p): p for p in parts}

    charset = b"\x00" + struct.pack(f">{len(glyphs) - 1}H", *[c for c, _, _ in glyphs[1:]])
    ranges: list[tuple[int, int]] = []
    for gid, fd in enumerate(fdsel):
        if not ranges or ranges[-1][1] != fd:
            ranges.append((gid, fd))
    fdselect = struct.pack(">BH", 3, len(ranges)) + b"".join(struct.pack(">HB", g, f) for g, f in ranges)
    fdselect += struct.pack(">H", len(glyphs))
    charstrings = make_index([part.charstring(g) for _, part, g in glyphs])

    keep = bytearray()
    for op, _, raw in base.top:
        if op not in (CHARSET, ENCODING, CHARSTRINGS, PRIVATE, FDARRAY, FDSELECT, UNIQUEID, XUID):
            keep += raw + _op_bytes(op)
    name_index = make_index([font_name])

    def top_dict(cs_off: int, fsel_off: int, chs_off: int, fda_off: int) -> bytes:
        return (bytes(keep) + _int32(cs_off) + _op_bytes(CHARSET) + _int32(fsel_off) + _op_bytes(FDSELECT)
                + _int32(chs_off) + _op_bytes(CHARSTRINGS) + _int32(fda_off) + _op_bytes(FDARRAY))

    top_len = len(make_index([top_dict(0, 0, 0, 0)]))
    header = bytes((1, 0, 4, 4))
    o_charset = len(header) + len(name_index) + top_len + len(base.strings) + len(base.gsubrs)
    o_fdselect = o_charset + len(charset)
    o_charstrings = o_fdselect + len(fdselect)
    o_fdarray = o_charstrings + len(charstrings)

    def fd_dicts(priv_offs: list[int]) -> list[bytes]:
        out = []
        for (pid, fdi), po in zip(fd_index, priv_offs, strict=True):
            part = part_by_id[pid]
            raw = bytearray()
            for op, _, r in part.fds[fdi]:
                if op not in (PRIVATE, FONTNAME):   # FontName is an SID of another part's strings
                    raw += r + _op_bytes(op)
            raw += _int32(len(part.privates[fdi])) + _int32(po) + _op_bytes(PRIVATE)
            out.append(bytes(raw))
        return out

    fdarray_len = len(make_index(fd_dicts([0] * len(fd_index))))
    priv_offs, o = [], o_fdarray + fdarray_len
    privs = []
    for pid, fdi in fd_index:
        priv_offs.append(o)
        pdata = part_by_id[pid].privates[fdi]
        privs.append(pdata)
        o += len(pdata)
    out = b"".join([header, name_index, make_index([top_dict(o_charset, o_fdselect, o_charstrings, o_fdarray)]),
                    base.strings, base.gsubrs, charset, fdselect, charstrings,
                    make_index(fd_dicts(priv_offs)), *privs])
    return out


# -- TrueType ----------------------------------------------------------------------------


@dataclass
class TtPart:
    tables: dict[str, bytes]
    loca: list[int]
    nhm: int = 0                  # hhea.numberOfHMetrics

    def __post_init__(self) -> None:
        (self.nhm,) = struct.unpack_from(">H", self.tables["hhea"], 34)

    @classmethod
    def from_tables(cls, tables: dict[str, bytes]) -> TtPart:
        (fmt,) = struct.unpack_from(">h", tables["head"], 50)
        (n,) = struct.unpack_from(">H", tables["maxp"], 4)
        loca = tables["loca"]
        if fmt == 0:
            offs = [2 * v for v in struct.unpack_from(f">{n + 1}H", loca)]
        else:
            offs = list(struct.unpack_from(f">{n + 1}I", loca))
        return cls(tables, offs)

    def glyph(self, gid: int) -> bytes:
        if gid + 1 >= len(self.loca):
            return b""
        return self.tables["glyf"][self.loca[gid]:self.loca[gid + 1]]

    def hmetric(self, gid: int) -> tuple[int, int]:
        nhm = self.nhm
        hm = self.tables["hmtx"]
        if gid < nhm:
            return struct.unpack_from(">Hh", hm, 4 * gid)
        adv = struct.unpack_from(">H", hm, 4 * (nhm - 1))[0]
        return adv, struct.unpack_from(">h", hm, 4 * nhm + 2 * (gid - nhm))[0]


def parse_tt_part(font_file: bytes) -> TtPart:
    return TtPart.from_tables(sfnt_tables(font_file))


def _components(glyph: bytes) -> list[int]:
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    out, p = [], 10
    while True:
        flags, gid = struct.unpack_from(">HH", glyph, p)
        out.append(gid)
        p += 4 + (4 if flags & 0x0001 else 2)
        p += 8 if flags & 0x0080 else 4 if flags & 0x0040 else 2 if flags & 0x0008 else 0
        if not flags & 0x0020:
            return out


def glyph_tables(glyphs: dict[int, tuple[bytes, int, int]], n: int) -> dict[str, bytes]:
    """`glyf`, `loca` (long offsets) and `hmtx` for `n` glyph ids from {gid: (glyf data,
    advance, left side bearing)}: the ids not given are empty, with advance 0."""
    glyf = bytearray()
    loca = array("I", bytes(4 * (n + 1)))   # unused glyphs: empty, offsets repeat
    hmtx = bytearray(4 * n)                 # unused glyphs: advance 0
    last = 0
    for g in sorted(glyphs):
        data, advance, lsb = glyphs[g]
        loca[last + 1:g + 1] = array("I", [len(glyf)]) * (g - last)
        glyf += data + b"\0" * (-len(data) % 4)
        struct.pack_into(">Hh", hmtx, 4 * g, advance, lsb)
        last = g
    loca[last + 1:] = array("I", [len(glyf)]) * (n - last)
    if sys.byteorder == "little":
        loca.byteswap()
    return {"loca": loca.tobytes(), "glyf": bytes(glyf), "hmtx": bytes(hmtx)}


def build_truetype(parts: list[TtPart], gids: list[int], part_of: dict[int, int]) -> bytes:
    """A TrueType font keeping glyph ids: used glyphs (and their components), others empty."""
    base = parts[0]
    chosen: dict[int, tuple[TtPart, bytes]] = {}
    todo = [0, *gids]
    while todo:
        g = todo.pop()
        if g in chosen:
            continue
        i = part_of.get(g)
        if i is not None:
            part = parts[i]
        else:   # .notdef or a component: the first part that has an outline for it
            part = next((p for p in parts if p.glyph(g)), base)
        data = part.glyph(g)
        chosen[g] = (part, data)
        todo.extend(_components(data))
    n = max(chosen) + 1
    tables = glyph_tables({g: (data, *part.hmetric(g)) for g, (part, data) in chosen.items()}, n)
    t = base.tables
    head = bytearray(t["head"])
    struct.pack_into(">h", head, 50, 1)
    hhea = bytearray(t["hhea"])
    struct.pack_into(">H", hhea, 34, n)
    maxp = bytearray(t["maxp"])
    struct.pack_into(">H", maxp, 4, n)
    post = bytearray(t["post"][:32]) if "post" in t else bytearray(32)
    struct.pack_into(">I", post, 0, 0x00030000)
    tables.update({"head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp), "post": bytes(post)})
    for tag in ("cvt ", "fpgm", "prep", "OS/2", "name"):
        if tag in t:
            tables[tag] = t[tag]
    return build_sfnt(tables)
