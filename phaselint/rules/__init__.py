"""The rules, one module per family (PL, CAL, CLR, PH, CZ …); see `phaselint.registry`."""
