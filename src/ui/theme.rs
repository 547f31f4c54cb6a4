//! Colours and styles in one place.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;
pub const DIM: Color = Color::DarkGray;
pub const OK: Color = Color::Green;
pub const WARN: Color = Color::Yellow;
pub const BAD: Color = Color::Red;

const PALETTE: [Color; 8] = [
    Color::LightRed,
    Color::LightGreen,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightMagenta,
    Color::LightCyan,
    Color::Magenta,
    Color::Yellow,
];

/// A stable colour per actor, so "Kim Jong Un" looks the same everywhere.
pub fn actor(name: &str) -> Color {
    let h = name.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    PALETTE[(h as usize) % PALETTE.len()]
}

pub fn title() -> Style {
    Style::default().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn selected(focused: bool) -> Style {
    if focused { Style::default().bg(Color::Blue).fg(Color::White) } else { Style::default().bg(Color::DarkGray) }
}

pub fn border(focused: bool) -> Style {
    if focused { Style::default().fg(ACCENT) } else { Style::default().fg(DIM) }
}
