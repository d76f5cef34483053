"""Chat channels: thin adapters from channel events to survey services."""
