"""After the deposit: notifications, compléments, décision — the domain, without Textual."""
