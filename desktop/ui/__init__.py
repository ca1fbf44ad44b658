"""The Qt (PySide6) face of Union Desk: windows, screens, table models and the task runner."""
