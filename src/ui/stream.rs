//! The article stream: time, source, language, title, tracked actors as coloured tags.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{text, theme};
use crate::app::{App, Focus};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    if area.width < 10 || area.height < 4 {
        return;
    }
    let focused = app.focus == Focus::Stream;
    let s = &app.stream;
    let mut title = format!(" Stream {}/{} ", if s.visible_len() == 0 { 0 } else { s.cursor + 1 }, s.visible_len());
    if s.new_above > 0 {
        title.push_str(&format!("▲ {} new ", s.new_above));
    }
    let block = Block::bordered().title(Span::styled(title, theme::title())).border_style(theme::border(focused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    // Columns: mark(2) age(4) source(16) lang(3) title(flex) tags(≤ 34)
    let src_w = if w > 100 { 18 } else { 12 };
    let tags_w = (w / 4).clamp(12, 34);
    let title_w = w.saturating_sub(2 + 5 + src_w + 1 + 3 + tags_w + 1);
    let mut lines = Vec::with_capacity(inner.height as usize);
    lines.push(Line::from(Span::styled(
        format!("  {:<4} {} {:<3}{} {}", "age", text::pad("source", src_w), "ln", text::pad("title", title_w), "actors"),
        Style::default().fg(theme::DIM).add_modifier(Modifier::UNDERLINED),
    )));
    if s.visible_len() == 0 {
        let msg = if !s.is_empty() {
            "  nothing matches the filter (Esc clears, t toggles tracked-only)".to_string()
        } else if app.polling.is_some() || app.last_round.is_none() {
            "  no articles yet — polling…".to_string()
        } else {
            format!("  no articles yet — {} of {} feeds failing (f shows why)", app.failing(), app.feeds.len())
        };
        lines.push(Line::from(Span::styled(msg, Style::default().fg(theme::DIM))));
    }
    for i in s.scroll..(s.scroll + s.rows).min(s.visible_len()) {
        let Some(r) = s.visible_row(i) else { break };
        let mark = if r.starred {
            Span::styled("★ ", Style::default().fg(theme::WARN))
        } else if !r.read {
            Span::styled("● ", Style::default().fg(theme::ACCENT))
        } else {
            Span::raw("  ")
        };
        let title_style = if r.read { Style::default().fg(theme::DIM) } else { Style::default().add_modifier(Modifier::BOLD) };
        let mut spans = vec![
            mark,
            Span::styled(format!("{:<4} ", text::age(r.published, app.now)), Style::default().fg(theme::DIM)),
            Span::styled(text::pad(&r.feed, src_w), Style::default().fg(theme::ACCENT)),
            Span::styled(format!(" {:<3}", text::fit(&r.language, 2)), Style::default().fg(theme::DIM)),
            Span::styled(text::pad(&r.title, title_w), title_style),
            Span::raw(" "),
        ];
        let mut left = tags_w;
        for t in &r.tracked {
            let label = text::fit(app.label(t), left.saturating_sub(1).min(18));
            let lw = text::width(&label) + 1;
            if lw > left || label.is_empty() {
                break;
            }
            spans.push(Span::styled(label, Style::default().fg(theme::actor(t)).add_modifier(Modifier::BOLD)));
            spans.push(Span::raw(" "));
            left -= lw;
        }
        let mut line = Line::from(spans);
        if i == s.cursor {
            line = line.style(theme::selected(focused));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
