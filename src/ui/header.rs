//! The top line: product name, counts and the active filters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let tracked = app.stream.all().filter(|r| !r.tracked.is_empty()).count();
    let unread = app.stream.all().filter(|r| !r.read).count();
    let mut spans = vec![
        Span::styled(
            " geowatch ",
            Style::default().fg(ratatui::style::Color::Black).bg(theme::ACCENT).add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!("  {} articles · {} tracked · {} unread", app.stream.len(), tracked, unread)),
    ];
    let fl = &app.stream.filter;
    if fl.is_active() || app.editing_filter {
        spans.push(Span::styled("   filter:", Style::default().fg(theme::WARN)));
        if fl.tracked_only {
            spans.push(Span::styled(" tracked-only", Style::default().fg(theme::WARN)));
        }
        if let Some(e) = &fl.entity {
            spans.push(Span::styled(format!(" entity={}", super::text::fit(e, 30)), Style::default().fg(theme::actor(e))));
        }
        if !fl.text.is_empty() || app.editing_filter {
            let cursor = if app.editing_filter { "▏" } else { "" };
            spans.push(Span::styled(format!(" /{}{cursor}", super::text::fit(&fl.text, 40)), Style::default().fg(theme::WARN)));
        }
        spans.push(Span::styled(format!("  ({} shown)", app.stream.visible_len()), Style::default().fg(theme::DIM)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
