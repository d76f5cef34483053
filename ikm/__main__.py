"""`python -m ikm` is the `ikm` command."""

from ikm.entry import main

main()
