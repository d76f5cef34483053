"""The follow-up plan (rencana tindak lanjut) of a period's results: actions per unsur."""
