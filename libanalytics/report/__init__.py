"""Writers: every file the suite hands to a person (spreadsheets, PDFs, barcode lists).

Reports format; they never compute. Every figure comes from a public analysis function.
"""
