"""The survey domain: questionnaires, the conversation engine, people, periods and responses."""
