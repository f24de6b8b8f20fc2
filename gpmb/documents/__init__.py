"""Generated documents: the per-household plan sheet (phương án chi tiết) and the batch
summary table, as XLSX (openpyxl) and DOCX (python-docx, Decree 30/2020 layout)."""
