"""Photos: read and checked once (probe), colour-managed with LittleCMS (colour),
cropped, downsampled and encoded for the press (prepare), kept on disk (cache).

The flow stage asks `probe` for a photo's pixel size (a photo that cannot be read is a
located input error); the print PDF asks `prepare` for a CMYK file per placed photo.
"""
