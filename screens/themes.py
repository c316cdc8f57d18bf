"""The themes an operator can choose (--theme, ANEF_TUI_THEME).

« contraste » is a high-contrast theme (white and yellow on black, no muted grey);
« terminal » and « terminal-clair » use the terminal's own sixteen colours (Textual's
ANSI themes), so that a palette set for the operator's eyes applies here too. State is
never told by colour alone, whatever the theme (screens/toggles.py, « ⚠ » errors).
NO_COLOR is honoured by Textual itself (it renders without colour when it is set).
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="anef-contraste",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    warning="#FFC000",
    error="#FF6060",
    success="#40FF40",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#C0C0C0",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-selection-background": "#FFFF00 50%",
        "border": "#FFFF00",
        "border-blurred": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#202020",
    },
)

# The names of config.THEME_NAMES, as Textual knows them.
TEXTUAL_THEMES = {
    "sombre": "textual-dark",
    "clair": "textual-light",
    "contraste": HIGH_CONTRAST.name,
    "terminal": "ansi-dark",
    "terminal-clair": "ansi-light",
}
