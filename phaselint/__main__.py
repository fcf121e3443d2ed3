"""`python -m phaselint`."""

from phaselint.cli import main

main()
