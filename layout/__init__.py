"""Print layout for a Chinese newspaper: YAML edition -> print PDF, preview, e-paper.

Stages, each a subpackage, data flowing one way:
  model   YAML -> validated, located edition model
  fonts   font catalogue, prepared faces, metrics
  compose CJK line composer (CLReq)
  flow    page layout: grid, blocks, headlines, continuation -> plain page data
  paint   draws page data with ReportLab
  output  print PDF (PDF/X), preview PNG, e-paper PDF and HTML
"""

__version__ = "0.1.0"

from . import classcode

classcode.install()     # before any record of ours is defined: see classcode's docstring
