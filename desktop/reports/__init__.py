"""Printed reports: official-layout PDFs (reportlab) and Excel workbooks (openpyxl). Qt-free."""
