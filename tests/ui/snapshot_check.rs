//! Snapshots that explain themselves: when the window does not match its PNG, the failure says
//! where on the window the pixels differ and which widgets are drawn there, so a mismatch on
//! another machine can be understood from its log alone.

use std::fmt::Write as _;
use std::path::PathBuf;

use corpus_explorer::ui::CorpusWindow;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};

use super::snapshot_options;

/// The side of the squares the difference map is drawn in, in pixels.
const CELL: usize = 40;
/// A square counts as different above this many differing pixels (text antialiasing aside).
const CELL_PIXELS: usize = 20;
/// A pixel differs when a colour channel differs by more than this.
const CHANNEL: u8 = 48;

/// Compare the window with the snapshot `name`; on a mismatch, fail with a map of where the
/// pixels differ and the widgets drawn there.
pub fn snapshot(h: &mut Harness<'static, CorpusWindow>, name: &str) {
    let Err(err) = h.try_snapshot_options(name, &snapshot_options()) else {
        return;
    };
    let explained = explain(h, name).unwrap_or_else(|why| format!("(no map: {why})"));
    panic!("{err}\n{explained}");
}

/// Where the rendered window and the stored snapshot differ, and what is drawn there.
fn explain(h: &mut Harness<'static, CorpusWindow>, name: &str) -> Result<String, String> {
    let image = h.render()?;
    let (width, height) = (image.width() as usize, image.height() as usize);
    let (stored, stored_width) = read_png(&snapshot_path(name))?;
    if stored_width != width || stored.len() != image.as_raw().len() {
        return Err(format!(
            "the sizes differ ({stored_width} wide stored, {width} now)"
        ));
    }
    let columns = width.div_ceil(CELL);
    let mut cells = vec![0usize; columns * height.div_ceil(CELL)];
    for (i, (now, then)) in image
        .as_raw()
        .chunks_exact(4)
        .zip(stored.chunks_exact(4))
        .enumerate()
    {
        if now.iter().zip(then).any(|(a, b)| a.abs_diff(*b) > CHANNEL) {
            let (x, y) = (i % width, i / width);
            cells[y / CELL * columns + x / CELL] += 1;
        }
    }
    let mut out = format!("Where the window differs ({CELL}-pixel squares, # differs):\n");
    for row in cells.chunks(columns) {
        let line: String = row
            .iter()
            .map(|&n| if n > CELL_PIXELS { '#' } else { '.' })
            .collect();
        out.push_str(&line);
        out.push('\n');
    }
    let differs = |rect: egui::Rect| {
        let cell = |v: f32| (v.max(0.0) as usize) / CELL;
        let (x0, y0) = (cell(rect.min.x), cell(rect.min.y));
        let (x1, y1) = (cell(rect.max.x), cell(rect.max.y));
        (y0..=y1).any(|y| {
            (x0..=x1.min(columns - 1))
                .any(|x| cells.get(y * columns + x).is_some_and(|&n| n > CELL_PIXELS))
        })
    };
    out.push_str("What is drawn there now:\n");
    for node in h.query_all(by().predicate(|n| n.label().is_some() || n.value().is_some())) {
        let rect = node.rect();
        if differs(rect) {
            let access = node.accesskit_node();
            let text = access
                .label()
                .or_else(|| access.value())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:?} {:?} at ({:.0}, {:.0})–({:.0}, {:.0})",
                access.role(),
                text.chars().take(80).collect::<String>(),
                rect.min.x,
                rect.min.y,
                rect.max.x,
                rect.max.y
            );
        }
    }
    Ok(out)
}

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/{name}.png"))
}

/// The RGBA pixels of a PNG and its width.
fn read_png(path: &std::path::Path) -> Result<(Vec<u8>, usize), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let size = reader.output_buffer_size().ok_or("too large")?;
    let mut pixels = vec![0; size];
    let info = reader.next_frame(&mut pixels).map_err(|e| e.to_string())?;
    pixels.truncate(info.buffer_size());
    if info.color_type != png::ColorType::Rgba || info.bit_depth != png::BitDepth::Eight {
        return Err(format!("{:?} {:?}", info.color_type, info.bit_depth));
    }
    Ok((pixels, info.width as usize))
}
