"""`python -m phaselint`."""

from phaselint.entry import main

main()
