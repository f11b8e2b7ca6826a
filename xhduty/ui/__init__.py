"""The PySide6 GUI: main window, one view module per area, Qt models and dialogs.  Only this package imports Qt."""
