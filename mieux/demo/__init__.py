"""The demo data set: cases drawn from the programme's ten-year report's case studies.

The cases are data files (`cases/*.json`, `experts.json`) checked by
`shape.py`; `loader.py` drives each one through the real services.
"""
