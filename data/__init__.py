"""Package de données : définitions déclaratives des téléprocédures et référentiels."""
