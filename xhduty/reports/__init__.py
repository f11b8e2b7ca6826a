"""Printouts (PDF, reportlab).  Reports take plain data from the core and never import Qt."""
