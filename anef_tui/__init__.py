"""anef-tui : assistant de guichet pour les téléprocédures ANEF « titre de séjour »."""

__version__ = "0.1.0"
