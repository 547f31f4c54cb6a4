//! The feeds view: every feed's health, last and next poll, article count and last error.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{text, theme};
use crate::app::App;
use crate::model::FeedHealth;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let [list, info] = Layout::vertical([Constraint::Min(5), Constraint::Length(5)]).areas(area);
    let block = Block::bordered()
        .title(Span::styled(format!(" Feeds · {} ok · {} failing ", app.healthy(), app.failing()), theme::title()))
        .border_style(theme::border(true));
    let inner = block.inner(list);
    f.render_widget(block, list);
    let w = inner.width as usize;
    let name_w = 28.min(w / 3);
    let err_w = w.saturating_sub(name_w + 2 + 8 + 8 + 8 + 4);
    let rows = inner.height.saturating_sub(1) as usize;
    let first = app.feeds_cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = vec![Line::from(Span::styled(
        format!("  {} {:>7} {:>7} {:>7}  {}", text::pad("feed", name_w), "polled", "next", "items", "last result"),
        Style::default().fg(theme::DIM).add_modifier(Modifier::UNDERLINED),
    ))];
    for (i, fd) in app.feeds.iter().enumerate().skip(first).take(rows) {
        let (icon, col, msg) = match &fd.health {
            FeedHealth::Ok => ("●", theme::OK, "ok".to_string()),
            FeedHealth::NotModified => ("●", theme::OK, "not modified".to_string()),
            FeedHealth::Failed(e) => ("✖", theme::BAD, format!("{} (×{})", e, fd.consecutive_failures.max(1))),
            FeedHealth::Never => ("○", theme::DIM, "not polled yet".to_string()),
        };
        let polled = fd.last_poll.map(|t| text::age(t, app.now)).unwrap_or_else(|| "-".into());
        let next = fd
            .next_poll
            .map(|t| match t - app.now {
                d if d <= 0 => "due".to_string(),
                d if d < 60 => "soon".to_string(),
                _ => format!("in {}", text::age(app.now, t)),
            })
            .unwrap_or_else(|| "-".into());
        let mut line = Line::from(vec![
            Span::styled(format!("{icon} "), Style::default().fg(col)),
            Span::raw(text::pad(&fd.name, name_w)),
            Span::styled(format!(" {polled:>7} {next:>7} {:>7}  ", fd.articles), Style::default().fg(theme::DIM)),
            Span::styled(text::fit(&msg, err_w), Style::default().fg(col)),
        ]);
        if i == app.feeds_cursor {
            line = line.style(theme::selected(true));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
    if let Some(fd) = app.feeds.get(app.feeds_cursor) {
        let detail = match &fd.health {
            FeedHealth::Failed(e) => format!("{}\n{}", fd.url, e),
            _ => fd.url.clone(),
        };
        let b = Block::bordered()
            .title(Span::styled(format!(" {} ", text::fit(&fd.name, 40)), theme::title()))
            .border_style(theme::border(false));
        f.render_widget(Paragraph::new(crate::sanitize::clean(&detail, true)).block(b).wrap(Wrap { trim: true }), info);
    }
}
