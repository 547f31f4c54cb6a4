//! Who is in the news: tracked actors and rising entities, counts over the current window
//! with the change against the window before.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{text, theme};
use crate::app::{App, Focus};
use crate::model::Kind;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    if area.width < 12 || area.height < 4 {
        return;
    }
    let focused = app.focus == Focus::Sidebar;
    let hours = app.window / 3600;
    let block = Block::bordered()
        .title(Span::styled(format!(" Entities · {hours}h "), theme::title()))
        .border_style(theme::border(focused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let name_w = w.saturating_sub(13);
    let rows = inner.height as usize;
    // Keep the cursor on screen.
    let first = app.sidebar_cursor.saturating_sub(rows.saturating_sub(3));
    let mut lines = Vec::with_capacity(rows);
    let mut in_tracked = None;
    for (i, s) in app.stats.iter().enumerate().skip(first) {
        if lines.len() >= rows {
            break;
        }
        if in_tracked != Some(s.tracked) {
            in_tracked = Some(s.tracked);
            let head = if s.tracked { "TRACKED" } else { "RISING" };
            lines.push(Line::from(Span::styled(head, Style::default().fg(theme::DIM).add_modifier(Modifier::BOLD))));
            if lines.len() >= rows {
                break;
            }
        }
        let icon = match s.kind {
            Kind::Person => "◆",
            Kind::Organization => "■",
            Kind::Place => "▲",
        };
        let delta = s.delta();
        let (arrow, col) = match delta {
            d if d > 0 => (format!("+{d}"), theme::OK),
            d if d < 0 => (format!("{d}"), theme::BAD),
            _ => (String::new(), theme::DIM),
        };
        let name_style =
            if s.tracked { Style::default().fg(theme::actor(&s.name)).add_modifier(Modifier::BOLD) } else { Style::default() };
        let mut line = Line::from(vec![
            Span::styled(format!("{icon} "), Style::default().fg(theme::DIM)),
            Span::styled(text::pad(&s.name, name_w), name_style),
            Span::raw(format!("{:>5}", s.now)),
            Span::styled(format!("{arrow:>5}"), Style::default().fg(col)),
        ]);
        if focused && i == app.sidebar_cursor {
            line = line.style(theme::selected(true));
        }
        if app.stream.filter.entity.as_deref() == Some(s.name.as_str()) {
            line = line.style(Style::default().add_modifier(Modifier::REVERSED));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
