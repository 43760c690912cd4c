//! Keyboard shortcuts, dropped files and the overlay shown while files are dragged over the
//! window: input that belongs to no single panel.

use crate::app::{AppState, CentralTab, Command};

/// Keyboard shortcuts and dropped files; returns true when Ctrl+F asks for the search box.
pub(super) fn handle_input(
    ctx: &egui::Context,
    state: &AppState,
    page_rows: usize,
    commands: &mut Vec<Command>,
) -> bool {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    if let Some(file) = dropped.first() {
        commands.push(Command::Open(file.path().to_path_buf()));
    }
    ctx.input_mut(|i| {
        if i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O)) {
            commands.push(Command::PickFolder);
        }
        if i.consume_key(Modifiers::NONE, Key::F5) {
            commands.push(Command::Reload);
        }
        if i.consume_key(Modifiers::SHIFT, Key::F3) {
            commands.push(Command::PreviousHit);
        }
        if i.consume_key(Modifiers::NONE, Key::F3) {
            commands.push(Command::NextHit);
        }
        if i.consume_shortcut(&KeyboardShortcut::new(
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::C,
        )) {
            commands.push(Command::CopyCitation);
        }
    });
    let find =
        ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F)));
    if ctx.egui_wants_keyboard_input() || state.reader.focused {
        if state.reader.focused {
            ctx.input(|i| {
                if i.key_pressed(Key::Escape) {
                    commands.push(Command::FocusReader(false));
                } else if i.key_pressed(Key::Enter) {
                    commands.push(if i.modifiers.shift {
                        Command::PreviousHit
                    } else {
                        Command::NextHit
                    });
                }
            });
        }
        return find;
    }
    let rows = state.view.ids.len();
    if rows == 0 || state.tab == CentralTab::Concordance && state.search.results.is_some() {
        return find;
    }
    let last = rows - 1;
    let current = state.selected_row();
    let page = page_rows.max(1);
    let target = ctx.input(|i| {
        if i.key_pressed(Key::ArrowDown) {
            Some(current.map_or(0, |r| (r + 1).min(last)))
        } else if i.key_pressed(Key::ArrowUp) {
            Some(current.map_or(0, |r| r.saturating_sub(1)))
        } else if i.key_pressed(Key::PageDown) {
            Some(current.map_or(0, |r| (r + page).min(last)))
        } else if i.key_pressed(Key::PageUp) {
            Some(current.map_or(0, |r| r.saturating_sub(page)))
        } else if i.key_pressed(Key::Home) {
            Some(0)
        } else if i.key_pressed(Key::End) {
            Some(last)
        } else {
            None
        }
    });
    if let Some(row) = target {
        commands.push(Command::SelectRow(row));
    }
    if ctx.input(|i| i.key_pressed(Key::Enter)) && state.selection.is_some() {
        commands.push(Command::FocusReader(true));
    }
    marking_keys(ctx, commands);
    find
}

/// Keys 1–9 toggle the tags they belong to on the chosen rows, S stars them, Ctrl+A chooses
/// every row shown (the table has the keyboard).
fn marking_keys(ctx: &egui::Context, commands: &mut Vec<Command>) {
    use egui::{Key, Modifiers};
    const DIGITS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    ctx.input_mut(|i| {
        for (n, key) in (1u8..).zip(DIGITS) {
            if i.consume_key(Modifiers::NONE, key) {
                commands.push(Command::ToggleTagKey(n));
            }
        }
        if i.consume_key(Modifiers::NONE, Key::S) {
            commands.push(Command::ToggleStar);
        }
        if i.consume_key(Modifiers::COMMAND, Key::A) {
            commands.push(Command::ChooseAllShown);
        }
    });
}

/// While files are dragged over the window, say what a drop will do.
pub(super) fn drop_overlay_ui(ctx: &egui::Context) {
    let hovered = ctx.input(|i| i.raw.hovered_files.clone());
    let Some(first) = hovered.first() else { return };
    let name = first.path.as_ref().and_then(|p| p.file_name()).map_or_else(
        || "the dropped item".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_overlay"),
    ));
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(190));
    painter.text(
        screen.center() - egui::vec2(0.0, 16.0),
        egui::Align2::CENTER_CENTER,
        format!("Drop to open “{name}”"),
        egui::FontId::proportional(26.0),
        egui::Color32::WHITE,
    );
    painter.text(
        screen.center() + egui::vec2(0.0, 20.0),
        egui::Align2::CENTER_CENTER,
        "A folder opens with all its articles; a file opens its folder and shows that article.",
        egui::FontId::proportional(15.0),
        egui::Color32::LIGHT_GRAY,
    );
}
