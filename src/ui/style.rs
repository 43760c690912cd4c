//! Look and feel: theme and a few spacing choices.

use crate::app::ThemeChoice;

/// Set up the context once at start.
pub fn install(ctx: &egui::Context, theme: ThemeChoice) {
    apply_theme(ctx, theme);
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(6.0, 3.0);
    });
}

/// Follow the system, or force light or dark.
pub fn apply_theme(ctx: &egui::Context, theme: ThemeChoice) {
    ctx.set_theme(match theme {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    });
}
