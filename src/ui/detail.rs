//! One article: title, sources, date, link, the clean text with entity mentions
//! highlighted (tracked actors in their colour), and the entities with their surface forms.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{text, theme};
use crate::app::App;
use crate::model::ArticleDetail;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(d) = &app.detail else {
        let b = Block::bordered().title(Span::styled(" Article ", theme::title()));
        f.render_widget(Paragraph::new("loading…").block(b), area);
        return;
    };
    let side = if area.width >= 100 { 42 } else { 0 };
    let [main, right] = Layout::horizontal([Constraint::Min(20), Constraint::Length(side)]).areas(area);
    let title = format!(" {} ", if d.row.starred { "★ Article" } else { "Article" });
    let block = Block::bordered().title(Span::styled(title, theme::title())).border_style(theme::border(true));
    let mut lines = vec![
        Line::from(Span::styled(crate::sanitize::line(&d.row.title), Style::default().add_modifier(Modifier::BOLD))),
        Line::from(vec![
            Span::styled(d.sources.join(" · "), Style::default().fg(theme::ACCENT)),
            Span::styled(
                format!("  {}  [{}]", text::timestamp(d.row.published), d.row.language),
                Style::default().fg(theme::DIM),
            ),
        ]),
        Line::from(Span::styled(
            crate::sanitize::line(&d.row.link),
            Style::default().fg(theme::DIM).add_modifier(Modifier::UNDERLINED),
        )),
        Line::raw(""),
    ];
    lines.extend(body_lines(d));
    let p = Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((app.detail_scroll, 0));
    f.render_widget(p, main);
    if side > 0 {
        render_entities(d, f, right);
    }
}

/// The body with highlighted mentions; spans index `title + "\n\n" + body`.
fn body_lines(d: &ArticleDetail) -> Vec<Line<'static>> {
    let offset = d.row.title.len() + 2;
    let body = &d.text;
    let mut spans = d.spans.iter().filter(|s| s.start >= offset && s.end <= offset + body.len()).peekable();
    let mut lines = Vec::new();
    let mut pos = 0;
    for para in body.split('\n') {
        let start = pos;
        let end = pos + para.len();
        let mut cur = start;
        let mut parts: Vec<Span<'static>> = Vec::new();
        while let Some(s) = spans.peek() {
            let (ss, se) = (s.start - offset, s.end - offset);
            if ss >= end {
                break;
            }
            if ss >= cur && body.is_char_boundary(ss) && body.is_char_boundary(se.min(end)) {
                parts.push(Span::raw(crate::sanitize::clean(&body[cur..ss], false)));
                let style = if s.tracked {
                    Style::default().fg(theme::actor(&s.name)).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                } else {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                };
                parts.push(Span::styled(crate::sanitize::clean(&body[ss..se.min(end)], false), style));
                cur = se.min(end);
            }
            spans.next();
        }
        parts.push(Span::raw(crate::sanitize::clean(&body[cur..end], false)));
        lines.push(Line::from(parts));
        lines.push(Line::raw(""));
        pos = end + 1;
    }
    lines
}

fn render_entities(d: &ArticleDetail, f: &mut Frame, area: Rect) {
    let doc = format!("{}\n\n{}", d.row.title, d.text);
    let mut forms: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for s in &d.spans {
        if let Some(t) = doc.get(s.start..s.end) {
            let v = forms.entry(s.name.as_str()).or_default();
            let t = crate::sanitize::line(t);
            if !v.contains(&t) {
                v.push(t);
            }
        }
    }
    let w = area.width.saturating_sub(2) as usize;
    let mut lines = Vec::new();
    for e in &d.row.entities {
        let style =
            if e.tracked { Style::default().fg(theme::actor(&e.name)).add_modifier(Modifier::BOLD) } else { Style::default() };
        lines.push(Line::from(vec![
            Span::styled(text::pad(&e.name, w.saturating_sub(16)), style),
            Span::styled(format!(" {:<12}", e.kind.as_str()), Style::default().fg(theme::DIM)),
            Span::raw(format!("{:>3}", e.count)),
        ]));
        if let Some(v) = forms.get(e.name.as_str()).filter(|v| v.iter().any(|x| x != &e.name)) {
            lines.push(Line::from(Span::styled(
                format!("  {}", text::fit(&v.join(", "), w.saturating_sub(2))),
                Style::default().fg(theme::DIM),
            )));
        }
    }
    let block = Block::bordered()
        .title(Span::styled(format!(" Entities ({}) ", d.row.entities.len()), theme::title()))
        .border_style(theme::border(false));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
