#!/bin/sh
# Builds layout/data/newsprint-tr002-240.icc, the default output intent of the print PDF.
#
# Source: the ANSI CGATS/SNAP TR 002-2007 characterisation data for coldset printing on
# newsprint (TR002.ti3, the average of 102 measured press runs), as shipped by Debian's
# icc-profiles-free; profiled with ArgyllCMS's colprof (Debian's argyll).
#   -qm           medium quality tables (higher gains nothing measurable on this data)
#   -kr           black generation: a ramp from 0 K at paper white to full K at black
#   -l240 -L100   total ink limit 240 % (newsprint), black up to 100 %
#   -S sRGB.icc   the perceptual table gamut-maps sRGB (camera photos) into newsprint
#   -cmt -dpp     viewing: photos judged on a monitor, the page read as a reflection print
#   -nc           do not copy the measurement data into the profile (smaller PDFs)
# Run from the repository root: sh layout/data/make-newsprint-profile.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=/usr/share/color/icc
for f in "$data/TR002.ti3" "$data/sRGB.icc"; do
  [ -e "$f" ] || { echo "missing $f: apt-get install icc-profiles-free" >&2; exit 1; }
done
command -v colprof >/dev/null || { echo "missing colprof: apt-get install argyll" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$data/TR002.ti3" "$work/TR002.ti3"
(cd "$work" && colprof -qm -kr -l240 -L100 -S "$data/sRGB.icc" -cmt -dpp -nc \
  -A "newspaper-layout" -M "Coldset offset on newsprint" \
  -D "Coldset newsprint (CGATS TR 002), 240% TAC" \
  -C "Made with ArgyllCMS from ANSI CGATS/SNAP TR 002-2007 characterisation data (NPES); zlib licence" \
  -O newsprint.icc TR002 >colprof.log)
cp "$work/newsprint.icc" "$here/newsprint-tr002-240.icc"
echo "wrote $here/newsprint-tr002-240.icc"
