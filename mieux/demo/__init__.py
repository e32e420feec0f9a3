"""The demo data set: cases from the report, driven through the real services."""
