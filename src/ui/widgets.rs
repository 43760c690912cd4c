//! Small widgets and formatting the panels share.

use crate::app::{ColumnVisibility, Command};

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 1 → "1 hit", 1234 → "1,234 hits": a count with its noun in the right number.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// 2048 → "2.0 KB".
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `text` at the right edge of the cell (numbers).
pub fn right_aligned(ui: &mut egui::Ui, text: &str) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(text);
    });
}

/// A small triangle pointing up (ascending) or down (descending), painted so it needs no font.
pub fn sort_arrow_ui(ui: &mut egui::Ui, descending: bool) {
    let size = egui::vec2(10.0, 10.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if descending {
        (c.y + 3.5, c.y - 3.5)
    } else {
        (c.y - 3.5, c.y + 3.5)
    };
    let points = vec![
        egui::pos2(c.x, tip),
        egui::pos2(c.x - 4.5, base),
        egui::pos2(c.x + 4.5, base),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
    response.on_hover_text(if descending {
        "Sorted descending"
    } else {
        "Sorted ascending"
    });
}

/// Checkboxes for the optional columns (also the table header's context menu).
pub fn columns_ui(ui: &mut egui::Ui, current: ColumnVisibility, commands: &mut Vec<Command>) {
    let mut columns = current;
    ui.checkbox(&mut columns.date, "Date");
    ui.add_enabled(false, egui::Checkbox::new(&mut true, "Title"));
    ui.checkbox(&mut columns.source, "Source");
    ui.checkbox(&mut columns.words, "Words");
    ui.checkbox(&mut columns.file, "File");
    ui.checkbox(&mut columns.dateline, "Dateline");
    ui.checkbox(&mut columns.size, "Size");
    ui.checkbox(&mut columns.modified, "Modified");
    ui.checkbox(&mut columns.authors, "Authors");
    ui.checkbox(&mut columns.url, "URL");
    ui.checkbox(&mut columns.language, "Language");
    ui.checkbox(&mut columns.format, "Format");
    ui.checkbox(&mut columns.tags, "Tags");
    if columns != current {
        commands.push(Command::SetColumns(columns));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn counted_nouns_agree_with_their_number() {
        assert_eq!(counted(0, "hit", "hits"), "0 hits");
        assert_eq!(counted(1, "hit", "hits"), "1 hit");
        assert_eq!(counted(1200, "hit", "hits"), "1,200 hits");
    }
}
