"""Écrans Textual : ils affichent les définitions, sans règle de téléprocédure."""
