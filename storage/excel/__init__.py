"""Excel and CSV lists in and out: legacy Vietnamese encodings (TCVN3, VNI, mojibake),
reading .xlsx/.xls/.csv, finding the table, matching headers, parsing values, planning an
import row by row, and writing the lists the app shows as .xlsx. No Qt, no writes here
except through storage.records (the operation in operations/excel.py holds the
transaction)."""
