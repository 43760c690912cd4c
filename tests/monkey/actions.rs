//! What the monkey does: clicks, keys, typing, scrolls, drags, drops, resizes.

use super::*;

impl Monkey {
    /// One random action.
    pub(crate) fn act(&mut self) {
        // A quiet frame first: a popup opened by the last click is drawn a frame later, and
        // must be in the layout looked at (a menu covers the widgets under it).
        self.frame();
        let layout = self.layout();
        let empty = self.h.state().state().view.ids.is_empty();
        let weights = [
            18,                        // click anywhere
            16,                        // click a widget
            5,                         // move the pointer
            7,                         // scroll
            16,                        // key
            8,                         // type
            7,                         // type into a text field
            5,                         // drag across the table
            5,                         // drag across the timeline
            3,                         // drag anywhere
            2,                         // drop
            1,                         // hover files
            1,                         // resize
            if empty { 8 } else { 1 }, // bring rows back
            2,                         // wait for the workers
        ];
        match self.rng.weighted(&weights) {
            0 => self.click_anywhere(&layout),
            1 => self.click_widget(&layout),
            2 => {
                let pos = self.point();
                self.note("move", format!("{pos:?}"));
                let event = if self.rng.chance(10) {
                    Event::PointerGone
                } else {
                    Event::PointerMoved(pos)
                };
                self.send(vec![event]);
            }
            3 => self.scroll(&layout),
            4 => self.key(&layout),
            5 => {
                let text = self.text();
                self.note("type", format!("{:?}", shorten(&text)));
                self.type_text(text);
            }
            6 => self.type_into_field(&layout),
            7 => match layout.table {
                Some(area) => self.drag("drag table", area, PointerButton::Primary, &layout),
                None => self.click_anywhere(&layout),
            },
            8 => match layout.timeline {
                Some(area) => {
                    let button = if self.rng.chance(75) {
                        PointerButton::Primary
                    } else {
                        PointerButton::Secondary
                    };
                    self.drag("drag timeline", area, button, &layout);
                }
                None => self.click_anywhere(&layout),
            },
            9 => {
                let area = Rect::from_min_size(Pos2::ZERO, self.size);
                self.drag("drag anywhere", area, PointerButton::Primary, &layout);
            }
            10 => self.drop_path(),
            11 => self.hover_files(),
            12 => self.resize(),
            13 => self.recover(&layout),
            _ => {
                self.note("wait", String::new());
                self.settle("waiting");
            }
        }
    }

    /// Bring rows back, as a user facing an empty table would: open the sample folder again
    /// (when the folder has no articles), or click what clears the search or the date filter.
    pub(crate) fn recover(&mut self, layout: &Layout) {
        let app = self.h.state().state();
        if app.corpus.as_ref().is_some_and(|c| c.articles.is_empty()) {
            let sample = self.places.sample.clone();
            self.note("recover", format!("drop {}", sample.display()));
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(sample)));
            self.frame();
            return;
        }
        let labels: &[&str] = if app.view.hidden_by_search > 0 {
            &["Clear the search", "×"]
        } else {
            &["Clear the date filter", "Clear", "Reset", "Dismiss"]
        };
        let candidates: Vec<Widget> = layout
            .widgets
            .iter()
            .filter(|w| labels.contains(&w.label.as_str()) && self.safe(w.rect.center()))
            .cloned()
            .collect();
        if candidates.is_empty() {
            self.click_widget(layout);
            return;
        }
        let widget = self.rng.pick(&candidates).clone();
        self.note(
            "recover",
            format!("{:?} at {:?}", widget.label, widget.rect.center()),
        );
        self.click_at(
            widget.rect.center(),
            PointerButton::Primary,
            1,
            Modifiers::NONE,
        );
    }

    pub(crate) fn click_anywhere(&mut self, layout: &Layout) {
        let pos = self.point();
        let button = *self.rng.pick(&[
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Primary,
            PointerButton::Secondary,
            PointerButton::Middle,
        ]);
        let mut times = *self.rng.pick(&[1, 1, 1, 1, 1, 1, 2, 2, 3]);
        if button != PointerButton::Primary
            && layout
                .widgets
                .iter()
                .any(|w| w.role == Role::TextInput && w.rect.contains(pos))
        {
            times = 1; // egui's double-click bug: see the module's notes.
        }
        let modifiers = self.click_modifiers();
        let on = Self::under(layout, pos);
        self.note(
            "click",
            format!("{button:?} ×{times} {modifiers:?} at {pos:?}{on}"),
        );
        self.click_at(pos, button, times, modifiers);
    }

    pub(crate) fn click_modifiers(&mut self) -> Modifiers {
        match self.rng.below(20) {
            0 => Modifiers::SHIFT,
            1 => Modifiers::COMMAND,
            2 => Modifiers::ALT,
            _ => Modifiers::NONE,
        }
    }

    pub(crate) fn click_at(
        &mut self,
        pos: Pos2,
        button: PointerButton,
        times: usize,
        modifiers: Modifiers,
    ) {
        // The pointer moves in a frame of its own, and the press comes only if no dangerous
        // widget is there then: egui finds what a press is on in the widgets of the frame
        // before it, which a worker's answer may have moved since the monkey last looked.
        self.send(vec![Event::PointerMoved(pos)]);
        self.layout();
        if !self.safe(pos) {
            self.note(
                "click",
                format!("withheld at {pos:?}: a dangerous widget came there"),
            );
            return;
        }
        let mut events = Vec::new();
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(modifiers));
        }
        for _ in 0..times {
            for pressed in [true, false] {
                events.push(Event::PointerButton {
                    pos,
                    button,
                    pressed,
                    modifiers,
                });
            }
        }
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(Modifiers::NONE));
        }
        self.send(events);
    }

    pub(crate) fn click_widget(&mut self, layout: &Layout) {
        let window = Rect::from_min_size(Pos2::ZERO, self.size);
        // Mostly controls (buttons, boxes, links, tabs, headers…), else anything (labels, the
        // table's cells, the reader's paragraphs).
        let controls_only = self.rng.chance(60);
        let candidates: Vec<&Widget> = layout
            .widgets
            .iter()
            .filter(|w| {
                !w.dangerous()
                    && w.role != Role::Window
                    && w.rect.area() > 4.0
                    && window.contains(w.rect.center())
                    && self.safe(w.rect.center())
                    && (!controls_only || is_control(w.role))
            })
            .collect();
        if candidates.is_empty() {
            self.click_anywhere(layout);
            return;
        }
        let widget = (*self.rng.pick(&candidates)).clone();
        let button = if self.rng.chance(12) {
            PointerButton::Secondary
        } else {
            PointerButton::Primary
        };
        let mut times = if self.rng.chance(10) { 2 } else { 1 };
        if button != PointerButton::Primary && widget.role == Role::TextInput {
            times = 1; // egui's double-click bug: see the module's notes.
        }
        self.note(
            "click widget",
            format!(
                "{button:?} ×{times} on {:?} {:?} at {:?}",
                widget.role,
                shorten(&widget.label),
                widget.rect.center()
            ),
        );
        self.click_at(widget.rect.center(), button, times, Modifiers::NONE);
    }

    pub(crate) fn scroll(&mut self, layout: &Layout) {
        let area = match self.rng.below(4) {
            0 => layout.table,
            1 => layout.timeline,
            _ => None,
        };
        let pos = match area {
            Some(area) => self.point_in(area),
            None => self.point(),
        };
        let delta = if self.rng.chance(20) {
            vec2(self.rng.float(-400.0, 400.0), 0.0)
        } else {
            vec2(0.0, self.rng.float(-900.0, 900.0))
        };
        let unit = *self.rng.pick(&[
            egui::MouseWheelUnit::Point,
            egui::MouseWheelUnit::Point,
            egui::MouseWheelUnit::Line,
            egui::MouseWheelUnit::Page,
        ]);
        let modifiers = match self.rng.below(6) {
            0 => Modifiers::COMMAND,
            1 => Modifiers::SHIFT,
            _ => Modifiers::NONE,
        };
        self.note(
            "scroll",
            format!(
                "{delta:?} {unit:?} {modifiers:?} at {pos:?}{}",
                Self::under(layout, pos)
            ),
        );
        self.send(vec![
            Event::PointerMoved(pos),
            Event::ModifiersChanged(modifiers),
            Event::MouseWheel {
                unit,
                delta,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers,
            },
            Event::ModifiersChanged(Modifiers::NONE),
        ]);
    }

    pub(crate) fn key(&mut self, layout: &Layout) {
        const KEYS: [Key; 32] = [
            Key::Num1,
            Key::Num2,
            Key::Num2,
            Key::S,
            Key::S,
            Key::ArrowDown,
            Key::ArrowDown,
            Key::ArrowUp,
            Key::ArrowUp,
            Key::ArrowLeft,
            Key::ArrowRight,
            Key::PageDown,
            Key::PageUp,
            Key::Home,
            Key::End,
            Key::Enter,
            Key::Enter,
            Key::Escape,
            Key::Escape,
            Key::Tab,
            Key::Tab,
            Key::Space,
            Key::Delete,
            Key::Backspace,
            Key::Backspace,
            Key::F3,
            Key::F5,
            Key::A,
            Key::C,
            Key::V,
            Key::Z,
            Key::Insert,
        ];
        let (modifiers, key) = match self.rng.below(14) {
            0 => (Modifiers::COMMAND, Key::F),
            1 => (Modifiers::COMMAND, Key::A),
            2 => (
                Modifiers::SHIFT,
                *self.rng.pick(&[Key::Tab, Key::Enter, Key::F3]),
            ),
            3 => (
                Modifiers::COMMAND,
                *self.rng.pick(&[
                    Key::Plus,
                    Key::Minus,
                    Key::Num0,
                    Key::Num0,
                    Key::C,
                    Key::X,
                    Key::V,
                    Key::Z,
                    Key::Y,
                    Key::ArrowLeft,
                    Key::ArrowRight,
                    Key::Backspace,
                    Key::Delete,
                    Key::Home,
                    Key::End,
                ]),
            ),
            4 => (Modifiers::ALT, *self.rng.pick(&KEYS)),
            _ => (Modifiers::NONE, *self.rng.pick(&KEYS)),
        };
        let mut key = key;
        // A focused button is pressed by Enter or Space: never a dangerous one.
        if matches!(key, Key::Enter | Key::Space)
            && let Some(focused) = layout.widgets.iter().find(|w| w.focused && w.dangerous())
        {
            self.note(
                "key",
                format!("Escape instead of {key:?} on {:?}", focused.label),
            );
            key = Key::Escape;
        }
        assert!(
            !(modifiers.command || modifiers.ctrl) || key != Key::O,
            "Ctrl+O opens the folder dialog"
        );
        let repeat = if self.rng.chance(10) {
            self.rng.below(8) + 2
        } else {
            1
        };
        self.note("key", format!("{modifiers:?} {key:?} ×{repeat}"));
        let mut events = Vec::new();
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(modifiers));
        }
        for i in 0..repeat {
            events.push(Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: i > 0,
                modifiers,
            });
        }
        events.push(Event::Key {
            key,
            physical_key: None,
            pressed: false,
            repeat: false,
            modifiers,
        });
        if modifiers != Modifiers::NONE {
            events.push(Event::ModifiersChanged(Modifiers::NONE));
        }
        self.send(events);
    }

    /// Random text: words of the corpus and the search syntax, any script, odd characters.
    pub(crate) fn text(&mut self) -> String {
        const PIECES: [&str; 44] = [
            "bridge",
            "harbour",
            "Kestrel",
            "kestrel narrows",
            "Greyhaven",
            "trawler",
            "astrolabe",
            "quota",
            "ferry",
            "verdict",
            "contract*",
            "title:verdict",
            "title:\"bridge\"",
            "\"kestrel narrows\"",
            "\"open",
            " OR ",
            " AND ",
            "-",
            "(",
            ")",
            "\"",
            "*",
            ":",
            " ",
            "  ",
            "2021",
            "2021-06-03",
            "Félix",
            "FELIX",
            "盗まれた物は",
            "تبادل السجلات",
            "הזיכרון של הים",
            "जुने ते सोने",
            "ΣΊΣΥΦΟΣ",
            "straße",
            "İstanbul",
            "e\u{301}",
            "👩‍👩‍👧",
            "\u{202e}",
            "\u{feff}",
            "\t",
            "\u{0}",
            "\n",
            "\\",
        ];
        let mut text = String::new();
        match self.rng.below(10) {
            0 => {
                // Any characters at all.
                for _ in 0..self.rng.below(12) + 1 {
                    let c = char::from_u32(self.rng.below(0x3_0000) as u32).unwrap_or('?');
                    text.push(c);
                }
            }
            1 => {
                // A long run.
                let piece = *self.rng.pick(&PIECES);
                for _ in 0..self.rng.below(80) + 20 {
                    text.push_str(piece);
                    text.push(' ');
                }
            }
            _ => {
                for _ in 0..self.rng.below(4) + 1 {
                    let piece = PIECES[self.rng.below(PIECES.len())];
                    text.push_str(piece);
                    if self.rng.chance(60) {
                        text.push(' ');
                    }
                }
            }
        }
        text
    }

    /// Text into whatever has the keyboard: typed (sometimes in pieces) or pasted. Typed text
    /// holds only what a window backend delivers as typed (egui-winit drops control and
    /// private-use characters: Enter, Tab and the like come as keys); pasted text may hold
    /// anything.
    pub(crate) fn type_text(&mut self, text: String) {
        let typed: String = text.chars().filter(|&c| typeable(c)).collect();
        let events = match self.rng.below(5) {
            0 => vec![Event::Paste(text)],
            1 => typed.chars().map(|c| Event::Text(c.to_string())).collect(),
            _ if typed.is_empty() => Vec::new(),
            _ => vec![Event::Text(typed)],
        };
        self.send(events);
    }

    /// Focus one of the text fields (search box, From, To) and type into it.
    pub(crate) fn type_into_field(&mut self, layout: &Layout) {
        let fields: Vec<&Widget> = layout
            .widgets
            .iter()
            .filter(|w| w.role == Role::TextInput && self.safe(w.rect.center()))
            .collect();
        if fields.is_empty() {
            let text = self.text();
            self.note("type", format!("{:?} (no field)", shorten(&text)));
            self.type_text(text);
            return;
        }
        let field = (*self.rng.pick(&fields)).clone();
        let is_date = field.placeholder.as_deref() == Some("YYYY-MM-DD");
        let text = if !is_date && self.rng.chance(40) {
            // A query with hits in the sample.
            (*self.rng.pick(&[
                "bridge",
                "harbour",
                "kestrel narrows",
                "\"kestrel narrows\"",
                "bridge OR ferry",
                "title:verdict",
                "contract*",
                "Greyhaven -quota",
                "felix",
                "盗まれた",
            ]))
            .to_owned()
        } else if is_date && self.rng.chance(50) {
            // A day in the sample's span.
            format!(
                "{}-{:02}-{:02}",
                2010 + self.rng.below(16),
                1 + self.rng.below(12),
                1 + self.rng.below(28)
            )
        } else if is_date && self.rng.chance(70) {
            (*self.rng.pick(&[
                "2021-03-01",
                "2020-02-29",
                "2021-02-29",
                "2019-06-03",
                "2010-01-11",
                "2025-03-15",
                "2030-01-01",
                "1900-01-01",
                "0001-01-01",
                "0000-01-01",
                "9999-12-31",
                "-0001-01-01",
                "+10000-01-01",
                "2021-13-01",
                "2021-3-1",
                "20210301",
                " 2021-06-03 ",
                "２０２１-０１-０１",
                "x",
                "",
            ]))
            .to_owned()
        } else {
            self.text()
        };
        let focus_by_click = self.rng.chance(50);
        self.note(
            "field",
            format!(
                "{:?} (value {:?}) ← {:?}, focus by {}",
                field.placeholder.as_deref().unwrap_or(&field.label),
                field.value.as_deref().map(shorten),
                shorten(&text),
                if focus_by_click { "click" } else { "accesskit" }
            ),
        );
        if focus_by_click {
            self.click_at(
                field.rect.center(),
                PointerButton::Primary,
                1,
                Modifiers::NONE,
            );
        } else {
            let node = self
                .h
                .root()
                .children_recursive()
                .find(|n| {
                    let n = n.accesskit_node();
                    n.role() == Role::TextInput
                        && n.data().placeholder() == field.placeholder.as_deref()
                })
                .map(|n| n.accesskit_node().locate());
            if let Some((target_node, target_tree)) = node {
                self.send(vec![Event::AccessKitActionRequest(
                    egui::accesskit::ActionRequest {
                        action: egui::accesskit::Action::Focus,
                        target_node,
                        target_tree,
                        data: None,
                    },
                )]);
            }
        }
        if self.rng.chance(70) {
            // Select all and delete, as a user replacing the text.
            self.send(vec![
                Event::ModifiersChanged(Modifiers::COMMAND),
                Event::Key {
                    key: Key::A,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::COMMAND,
                },
                Event::ModifiersChanged(Modifiers::NONE),
                Event::Key {
                    key: Key::Backspace,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
            ]);
        }
        self.type_text(text);
        let end = *self.rng.pick(&[
            None,
            Some(Key::Enter),
            Some(Key::Tab),
            Some(Key::Escape),
            Some(Key::Enter),
        ]);
        if let Some(key) = end {
            self.send(vec![
                Event::Key {
                    key,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
                Event::Key {
                    key,
                    physical_key: None,
                    pressed: false,
                    repeat: false,
                    modifiers: Modifiers::NONE,
                },
            ]);
        }
    }

    /// Press in `area`, move in a few steps, release (inside the area or anywhere).
    pub(crate) fn drag(
        &mut self,
        kind: &'static str,
        area: Rect,
        button: PointerButton,
        layout: &Layout,
    ) {
        let from = self.point_in(area);
        let to = if self.rng.chance(80) {
            self.point_in(area)
        } else {
            self.point()
        };
        let modifiers = self.click_modifiers();
        let moves = self.rng.below(6) + 1;
        self.note(
            kind,
            format!(
                "{button:?} {modifiers:?} {from:?} → {to:?} in {moves} moves{}",
                Self::under(layout, from)
            ),
        );
        let mut events = vec![
            Event::PointerMoved(from),
            Event::ModifiersChanged(modifiers),
            Event::PointerButton {
                pos: from,
                button,
                pressed: true,
                modifiers,
            },
        ];
        for i in 1..=moves {
            let t = i as f32 / moves as f32;
            events.push(Event::PointerMoved(from + (to - from) * t));
        }
        events.push(Event::PointerButton {
            pos: to,
            button,
            pressed: false,
            modifiers,
        });
        events.push(Event::ModifiersChanged(Modifiers::NONE));
        self.send(events);
    }

    pub(crate) fn drop_path(&mut self) {
        let (what, path) = self.places.pick(&mut self.rng);
        let two = self.rng.chance(10);
        self.note(
            "drop",
            format!(
                "{what}: {}{}",
                path.display(),
                if two { " (+1)" } else { "" }
            ),
        );
        let input = self.h.input_mut();
        input.dropped_files.push(Arc::new(Dropped(path)));
        if two {
            let (_, other) = self.places.pick(&mut self.rng);
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(other)));
        }
        self.frame();
    }

    /// Now and then open the sample folder again (most drops lead elsewhere), so that most
    /// of the run has rows to act on.
    pub(crate) fn back_to_sample(&mut self) {
        let elsewhere = self.h.state().state().folder() != Some(self.places.sample.as_path());
        if elsewhere && self.rng.chance(40) {
            let sample = self.places.sample.clone();
            self.note(
                "drop",
                format!("the sample folder again: {}", sample.display()),
            );
            self.h
                .input_mut()
                .dropped_files
                .push(Arc::new(Dropped(sample)));
            self.frame();
        }
    }

    pub(crate) fn hover_files(&mut self) {
        let (what, path) = self.places.pick(&mut self.rng);
        self.note("hover files", format!("{what}: {}", path.display()));
        self.h.input_mut().hovered_files.push(egui::HoveredFile {
            path: Some(path),
            mime: String::new(),
        });
        for _ in 0..self.rng.below(3) + 1 {
            self.frame();
        }
        self.h.input_mut().hovered_files.clear();
        self.frame();
    }

    pub(crate) fn resize(&mut self) {
        let size = if self.size == WINDOW && self.rng.chance(70) {
            vec2(self.rng.float(500.0, 1700.0), self.rng.float(300.0, 1100.0)).round()
        } else {
            WINDOW
        };
        self.note("resize", format!("{size:?}"));
        self.size = size;
        self.h.set_size(size);
        self.frame();
    }
}
