"""PDF/X-1a:2001 markers that ReportLab cannot write, added with pikepdf (qpdf).

ReportLab paints the pages; this pass adds the output intent (the press condition
and its embedded CMYK ICC profile), the PDF/X version keys, `/Trapped /False`,
fixed dates and an XMP packet, and saves deterministically so two builds of one
edition give the same bytes.

Without a profile from the plant, the project's newsprint profile is embedded
(layout/data/newsprint-tr002-240.icc: coldset newsprint after CGATS TR 002, 240 %
total ink), the same profile the photos are separated with. Give the plant's
profile as `page.print.icc` or `layout print --icc`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import uuid
import zlib
from dataclasses import dataclass
from html import escape as _html_escape
from pathlib import Path

# The characterisation the default profile was made from, as the ICC registry names it.
DEFAULT_CONDITION = "CGATS TR 002"
DEFAULT_CONDITION_NAME = "Coldset offset lithography on newsprint (CGATS/SNAP TR 002), 240% total ink"
REGISTRY = "http://www.color.org"
PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"
PDF_VERSION = "1.3"          # PDF/X-1a:2001 is based on PDF 1.3

DEFAULT_ICC = Path(__file__).resolve().parent.parent / "data" / "newsprint-tr002-240.icc"


class ProfileError(Exception):
    """The CMYK profile is missing or is not a CMYK output profile."""


@dataclass(frozen=True)
class PdfxInfo:
    """What the PDF says about itself; every value comes from the edition, none from the clock."""

    title: str
    author: str
    subject: str
    date: _dt.date
    creator: str = "newspaper-layout"
    icc: str | None = None              # the plant's profile; None: DEFAULT_ICC
    condition: str | None = None        # OutputConditionIdentifier; None: DEFAULT_CONDITION


def default_icc() -> Path:
    """The project's newsprint profile (made by layout/data/make-newsprint-profile.sh)."""
    if not DEFAULT_ICC.is_file():
        raise ProfileError(f"{DEFAULT_ICC}: the default CMYK profile is missing from the installation; "
                           "give the plant's profile with page.print.icc or --icc")
    return DEFAULT_ICC


def output_profile(icc: str | None) -> tuple[Path, bytes]:
    """The output intent's profile, path and checked bytes: the plant's or the default.
    The photos are separated with exactly these bytes."""
    path = Path(icc) if icc else default_icc()
    return path, read_profile(path)


def read_profile(path: str | Path) -> bytes:
    """The profile's bytes, after checking it is an ICC profile of CMYK data."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ProfileError(f"{path}: cannot read the ICC profile ({err.strerror})") from err
    if len(data) < 128 or data[36:40] != b"acsp":
        raise ProfileError(f"{path}: not an ICC profile")
    if data[16:20] != b"CMYK":
        space = data[16:20].decode("ascii", "replace").strip()
        raise ProfileError(f"{path}: a {space} profile; PDF/X-1a needs a CMYK output profile")
    return data


_DEFLATED: dict[bytes, bytes] = {}      # profile -> its Flate stream's bytes, for the run


def deflated_profile(profile: bytes) -> bytes:
    """The profile compressed as qpdf would (zlib level 6): the PDF/X pass embeds it
    already compressed, so qpdf copies it (paint/streams.py says why). ≈ 17 ms for the
    default profile, so it is kept on disk by content, like the font programs."""
    out = _DEFLATED.get(profile)
    if out is not None:
        return out
    from ..fonts.cache import keep_value, kept_value

    digest = hashlib.sha256(profile).hexdigest()
    name, key = digest[:32] + ".bin", f"{digest} zlib 6"
    out = kept_value("profiles", name, key)
    if not isinstance(out, bytes):
        out = zlib.compress(profile, 6)
        keep_value("profiles", name, key, out, keep=8)
    _DEFLATED[profile] = out
    return out


def profile_description(data: bytes, fallback: str) -> str:
    """The profile's own name (its 'desc' tag), for the output intent's /Info."""
    try:
        count = int.from_bytes(data[128:132], "big")
        for i in range(count):
            o = 132 + 12 * i
            sig, off, size = data[o:o + 4], int.from_bytes(data[o + 4:o + 8], "big"), \
                int.from_bytes(data[o + 8:o + 12], "big")
            if sig != b"desc":
                continue
            tag = data[off:off + size]
            if tag[:4] == b"desc":                      # ICC v2 textDescriptionType
                n = int.from_bytes(tag[8:12], "big")
                return tag[12:12 + n].rstrip(b"\0").decode("latin-1").strip() or fallback
            if tag[:4] == b"mluc":                      # ICC v4 multiLocalizedUnicodeType
                length = int.from_bytes(tag[20:24], "big")
                start = int.from_bytes(tag[24:28], "big")
                return tag[start:start + length].decode("utf-16-be").strip() or fallback
    except (ValueError, UnicodeDecodeError, IndexError):
        pass
    return fallback


def pdf_date(d: _dt.date) -> str:
    """The edition's date at midnight, Shanghai time, as a PDF date string."""
    return f"D:{d.year:04d}{d.month:02d}{d.day:02d}000000+08'00'"


def xmp_date(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T00:00:00+08:00"


def escape(text: str) -> str:
    """XML character data: & < > escaped (html's escape; xml.sax.saxutils would pull in
    urllib.request, http.client and email at start-up, ~10 ms, for the same three)."""
    return _html_escape(text, quote=False)


def _uuid(seed: bytes, salt: str) -> str:
    return "uuid:" + str(uuid.UUID(bytes=hashlib.sha256(salt.encode() + seed).digest()[:16], version=4))


def xmp_packet(info: PdfxInfo, seed: bytes) -> bytes:
    """The XMP metadata mirroring the info dictionary (PDF/X readers look at both)."""
    t, a, s = (escape(v) for v in (info.title, info.author, info.subject))
    d = xmp_date(info.date)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{a}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{s}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>{d}</xmp:CreateDate>
   <xmp:ModifyDate>{d}</xmp:ModifyDate>
   <xmp:MetadataDate>{d}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{escape(info.creator)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfx:GTS_PDFXVersion>{PDFX_VERSION}</pdfx:GTS_PDFXVersion>
   <pdfx:GTS_PDFXConformance>{PDFX_CONFORMANCE}</pdfx:GTS_PDFXConformance>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
   <xmpMM:DocumentID>{_uuid(seed, "document")}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{_uuid(seed, "instance")}</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()


def make_pdfx(data: bytes, info: PdfxInfo) -> bytes:
    """Add the PDF/X-1a markers to a painted PDF and save it deterministically."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    icc_path, profile = output_profile(info.icc)
    seed = hashlib.sha256(data + profile).digest()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        icc = pikepdf.Stream(pdf, deflated_profile(profile))
        icc.Filter = Name.FlateDecode
        icc.N = 4
        icc.Alternate = Name.DeviceCMYK
        # a plant's profile without a registered condition name is a "Custom" condition
        condition = info.condition or ("Custom" if info.icc else DEFAULT_CONDITION)
        desc = profile_description(profile, icc_path.name)
        intent = Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX,
            OutputConditionIdentifier=String(condition),
            OutputCondition=String(DEFAULT_CONDITION_NAME if condition == DEFAULT_CONDITION and not info.icc
                                   else desc if condition == "Custom" else condition),
            RegistryName=String(REGISTRY),
            Info=String(desc),
            DestOutputProfile=pdf.make_indirect(icc),
        )
        pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])
        meta = pikepdf.Stream(pdf, xmp_packet(info, seed))
        meta.Type = Name.Metadata
        meta.Subtype = Name.XML
        pdf.Root.Metadata = pdf.make_indirect(meta)
        for page in pdf.pages:
            if "/Trans" in page.obj and len(page.obj.Trans) == 0:
                del page.obj.Trans          # ReportLab's empty transition: no use in print
        date = pdf_date(info.date)
        docinfo = Dictionary(
            Title=String(info.title), Author=String(info.author), Subject=String(info.subject),
            Creator=String(info.creator), Producer=String(info.creator),
            CreationDate=String(date), ModDate=String(date), Trapped=Name("/False"),
            GTS_PDFXVersion=String(PDFX_VERSION), GTS_PDFXConformance=String(PDFX_CONFORMANCE),
        )
        pdf.trailer.Info = pdf.make_indirect(docinfo)
        out = io.BytesIO()
        pdf.save(out, force_version=PDF_VERSION, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable, encryption=False,
                 compress_streams=True)
    return out.getvalue()
