"""ikm/cli."""
