"""`python -m ikm` is the `ikm` command."""

from ikm.cli.entry import main

main()
