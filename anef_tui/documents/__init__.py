"""Printed documents (PDF): confirmations, list of supporting documents, case summary.

Runs without Textual. Import the renderers from their modules
(``anef_tui.documents.confirmation.render_confirmation`` …): fpdf2 is only
imported when a document is actually rendered, so the app starts fast.
"""
