"""Painting a layout result into PDF with ReportLab."""
