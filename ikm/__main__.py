"""`python -m ikm` is the `ikm` command."""

from ikm.cli import main

main()
