"""Fonts: the catalogue, preparation and cache, metrics for the composer, coverage."""
