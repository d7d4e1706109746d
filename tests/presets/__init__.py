"""Test repositories for the five policy presets (see tests/test_presets.py).

``builder`` turns compact Python data into a real records repository; one module per preset
(``xrzy``, ``mwy``, ``wf``, ``jjy``, ``hebei``) holds that preset's rosters and its table of
rule → good records, bad records, period.
"""
