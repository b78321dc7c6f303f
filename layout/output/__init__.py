"""Outputs: the print PDF, the preview PNG, the e-paper PDF and HTML."""
