//! The key help overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;

const KEYS: [(&str, &str); 18] = [
    ("↑↓ / j k", "move"),
    ("PgUp PgDn g G", "page, top, bottom"),
    ("Enter / l", "open article"),
    ("Esc / q", "back; clear filters; quit"),
    ("Tab", "stream ⇄ entities pane"),
    ("Enter (entities)", "filter stream by entity"),
    ("t", "toggle tracked-only"),
    ("/", "text filter (Enter keeps, Esc clears)"),
    ("r", "refresh all feeds now"),
    ("o", "open link in browser (http/https)"),
    ("m", "mark read / unread"),
    ("s", "star / unstar"),
    ("n p", "next / previous article (detail)"),
    ("f", "feeds view (health, errors)"),
    ("?", "this help"),
    ("mouse", "wheel scrolls, click selects/opens"),
    ("Ctrl-C", "quit"),
    ("", "any key closes this help"),
];

pub fn render(f: &mut Frame, area: Rect) {
    let w = 62.min(area.width);
    let h = (KEYS.len() as u16 + 2).min(area.height);
    let r = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    let lines: Vec<Line> = KEYS
        .iter()
        .map(|(k, d)| Line::from(vec![Span::styled(format!(" {k:<18}"), Style::default().fg(theme::ACCENT)), Span::raw(*d)]))
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(lines).block(Block::bordered().title(Span::styled(" Keys ", theme::title()))), r);
}
