//! The bottom line: polling progress, feed health, last poll, database, hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{text, theme};
use crate::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    if let Some(flash) = &app.flash {
        spans.push(Span::styled(format!(" {} ", text::fit(flash, 60)), Style::default().fg(theme::WARN)));
        spans.push(Span::raw("│"));
    }
    match app.polling {
        Some(p) => {
            let bar_w = 10;
            let filled = (p.done * bar_w).checked_div(p.total).unwrap_or(0).min(bar_w);
            spans.push(Span::styled(
                format!(" ⟳ polling {}/{} {}{} ", p.done, p.total, "█".repeat(filled), "░".repeat(bar_w - filled)),
                Style::default().fg(theme::ACCENT),
            ));
        }
        None => spans.push(Span::styled(" ● idle ", Style::default().fg(theme::DIM))),
    }
    spans.push(Span::raw("│"));
    spans.push(Span::styled(format!(" {} ok ", app.healthy()), Style::default().fg(theme::OK)));
    let failing = app.failing();
    let fail_style = Style::default().fg(if failing > 0 { theme::BAD } else { theme::DIM });
    spans.push(Span::styled(format!("{failing} failing "), fail_style));
    spans.push(Span::styled(format!("of {} feeds ", app.feeds.len()), Style::default().fg(theme::DIM)));
    spans.push(Span::raw("│"));
    match &app.last_round {
        Some((at, sum)) => spans.push(Span::raw(format!(" last poll {} (+{}) ", text::clock(*at), sum.new_articles))),
        None => spans.push(Span::styled(" not polled yet ", Style::default().fg(theme::DIM))),
    }
    spans.push(Span::raw("│"));
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let hint = " f feeds  ? help  q quit";
    let db_w = (area.width as usize).saturating_sub(used + hint.len() + 5);
    if db_w > 8 {
        spans.push(Span::styled(format!(" db {} ", text::fit(&app.db_path, db_w)), Style::default().fg(theme::DIM)));
    }
    spans.push(Span::styled(hint, Style::default().fg(theme::DIM)));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
