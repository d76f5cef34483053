"""The application shell: settings, database, migrations and the `ikm` command."""
