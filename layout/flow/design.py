"""Design constants of the page furniture, named in one place.

The proportions of the masthead (报头), the folio line (报眉), the slug line and the
rules under them: what a designer would change to restyle the paper, kept apart from
the code that places things. Lengths are points; "of" values are fractions.
"""

from __future__ import annotations

# Where a glyph's ideographic em box sits on its baseline: 0.88 em above, 0.12 em below.
ASCENT = 0.88
DESCENT = 0.12

# -- articles -------------------------------------------------------------------------------
BODY_INDENT = 2.0           # em, a paragraph's first line
HEADLINE_ROOM = 0.8         # grid leadings of air a headline group gets beyond its height
CONTINUED_LINE = 1.25       # 转版标题 line spacing, in its size ...
CONTINUED_HALF_GAP = 0.125  # ... of which this above and below each line
CONTINUED_ROOM = 0.5        # grid leadings of air around the 转版标题

# -- masthead: the QR codes and their labels at the right --------------------------------
LABEL_MIN_SIZE = 7.0        # pt, the channel labels under the QR codes
LABEL_OF_BODY = 0.8         # label size as a fraction of the body size
RULE_ROOM = 6.0             # pt kept at the masthead's foot for the double rule
QR_MAX_SIDE = 72.0          # pt
QR_LABEL_ROOM = 2.2         # label sizes kept under a QR code for its label
QR_OF_WIDTH = 0.09          # a QR code's side at most this fraction of the masthead's width
QR_MIN_SIDE = 24.0          # pt: below this no QR code is drawn
QR_GAP_MIN = 12.0           # pt between QR codes (at least QR_GAP_OF_LABEL label sizes)
QR_GAP_OF_LABEL = 1.2
QR_LABEL_BLOCK = 1.6        # label sizes of the label block, for centring QR + label
QR_LABEL_BASELINE = 1.3     # label sizes from the QR code's foot to the label's baseline

# -- masthead: the paper's name and the information column beside it ---------------------
INFO_MAX_MIN = 10.0         # pt: the information column is set at most max(body size, this)
INFO_MIN_SIZE = 7.0         # pt: the name shrinks until the information column gets this
INFO_GAP = 12.0             # pt between the information column and the QR codes
INFO_LEAD = 1.7             # line spacing of the information column, in its size
NAME_OF_HEIGHT = 0.82       # the name's size at most this fraction of the masthead's height
NAME_OF_WIDTH = 0.45        # ... and its characters at most this fraction of the free width
NAME_TRACKING = 0.08        # em between the name's characters
NAME_GAP = 0.3              # em of the name between the name and the information column
NAME_MIN_SIZE = 12.0        # pt
NAME_SHRINK = 0.92          # step when the name must shrink
LOGO_OF_WIDTH = 0.6          # a logo at most this fraction of the width the QR codes leave
LOGO_GAP = 2.0              # information sizes between a logo and the information column

# -- the double rule under the masthead: thick over thin ---------------------------------
RULE_FROM_FOOT = 4.0        # pt above the masthead's foot, the thick rule
RULE_THICK = 2.0            # pt
RULE_THIN_BELOW = 2.6       # pt between the two rules
RULE_THIN = 0.5             # pt

# -- folio line (报眉) in the top margin ---------------------------------------------------
FOLIO_RULE_ABOVE = 0.8      # folio sizes from the type area's top up to the rule
FOLIO_BASE_ABOVE = 0.6      # folio sizes from the rule up to the baseline
FOLIO_RULE = 0.75           # pt

# -- slug line (outside the bleed, print only) ---------------------------------------------
SLUG_SIZE = 7.0             # pt
