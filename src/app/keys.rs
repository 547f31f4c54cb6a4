//! Keyboard and mouse handling for each screen.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};

use super::{App, Effect, Focus, Screen};
use crate::sanitize;

pub(super) fn on_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if k.kind == KeyEventKind::Release {
        return vec![];
    }
    app.flash = None;
    if k.modifiers.contains(KeyModifiers::CONTROL) && matches!(k.code, KeyCode::Char('c')) {
        app.quit = true;
        return vec![Effect::Quit];
    }
    if app.editing_filter {
        return filter_key(app, k);
    }
    if app.help {
        app.help = false;
        return vec![];
    }
    match app.screen {
        Screen::Main => main_key(app, k),
        Screen::Detail => detail_key(app, k),
        Screen::Feeds => feeds_key(app, k),
    }
}

fn filter_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    match k.code {
        KeyCode::Enter => app.editing_filter = false,
        KeyCode::Esc => {
            app.editing_filter = false;
            app.stream.filter.text.clear();
            app.stream.refilter();
        }
        KeyCode::Backspace => {
            app.stream.filter.text.pop();
            app.stream.refilter();
        }
        KeyCode::Char(c) if !c.is_control() && app.stream.filter.text.chars().count() < 80 => {
            app.stream.filter.text.push(c);
            app.stream.refilter();
        }
        _ => {}
    }
    vec![]
}

/// Keys that work the same on every screen.
fn global_key(app: &mut App, k: KeyEvent) -> Option<Vec<Effect>> {
    Some(match k.code {
        KeyCode::Char('?') => {
            app.help = true;
            vec![]
        }
        KeyCode::Char('r') => {
            app.flash = Some("refreshing all feeds…".into());
            vec![Effect::RefreshNow]
        }
        KeyCode::Char('f') => {
            app.screen = if app.screen == Screen::Feeds { Screen::Main } else { Screen::Feeds };
            vec![Effect::LoadFeeds]
        }
        _ => return None,
    })
}

fn main_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if let Some(e) = global_key(app, k) {
        return e;
    }
    let page = app.stream.rows.max(1) as isize;
    match (app.focus, k.code) {
        (_, KeyCode::Char('q')) => {
            app.quit = true;
            vec![Effect::Quit]
        }
        (_, KeyCode::Esc) => {
            if app.stream.filter.entity.is_some() || !app.stream.filter.text.is_empty() {
                app.stream.filter.entity = None;
                app.stream.filter.text.clear();
                app.stream.refilter();
            } else if app.focus == Focus::Sidebar {
                app.focus = Focus::Stream;
            }
            vec![]
        }
        (_, KeyCode::Tab | KeyCode::BackTab) => {
            app.focus = if app.focus == Focus::Stream { Focus::Sidebar } else { Focus::Stream };
            vec![]
        }
        (_, KeyCode::Char('t')) => {
            app.stream.filter.tracked_only = !app.stream.filter.tracked_only;
            app.stream.refilter();
            vec![]
        }
        (_, KeyCode::Char('/')) => {
            app.editing_filter = true;
            vec![]
        }
        (Focus::Sidebar, code) => sidebar_key(app, code),
        (Focus::Stream, KeyCode::Down | KeyCode::Char('j')) => move_stream(app, 1),
        (Focus::Stream, KeyCode::Up | KeyCode::Char('k')) => move_stream(app, -1),
        (Focus::Stream, KeyCode::PageDown | KeyCode::Char(' ')) => move_stream(app, page),
        (Focus::Stream, KeyCode::PageUp) => move_stream(app, -page),
        (Focus::Stream, KeyCode::Home | KeyCode::Char('g')) => move_stream(app, isize::MIN / 2),
        (Focus::Stream, KeyCode::End | KeyCode::Char('G')) => move_stream(app, isize::MAX / 2),
        (Focus::Stream, KeyCode::Enter | KeyCode::Right | KeyCode::Char('l')) => open_selected(app),
        (Focus::Stream, KeyCode::Char('o')) => open_link(app),
        (Focus::Stream, KeyCode::Char('m')) => toggle_read(app),
        (Focus::Stream, KeyCode::Char('s')) => toggle_star(app),
        _ => vec![],
    }
}

fn move_stream(app: &mut App, delta: isize) -> Vec<Effect> {
    app.stream.move_by(delta);
    vec![]
}

fn sidebar_key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let n = app.stats.len();
    match code {
        KeyCode::Down | KeyCode::Char('j') if n > 0 => app.sidebar_cursor = (app.sidebar_cursor + 1).min(n - 1),
        KeyCode::Up | KeyCode::Char('k') => app.sidebar_cursor = app.sidebar_cursor.saturating_sub(1),
        KeyCode::Enter => {
            if let Some(s) = app.stats.get(app.sidebar_cursor) {
                let name = s.name.clone();
                app.stream.filter.entity = if app.stream.filter.entity.as_ref() == Some(&name) { None } else { Some(name) };
                app.stream.refilter();
                app.focus = Focus::Stream;
            }
        }
        _ => {}
    }
    vec![]
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.stream.selected_mut() else { return vec![] };
    let id = row.id;
    let mut fx = vec![Effect::LoadDetail(id)];
    if !row.read {
        row.read = true;
        fx.push(Effect::SetRead(id, true));
    }
    app.detail = None;
    app.screen = Screen::Detail;
    fx
}

fn open_link(app: &mut App) -> Vec<Effect> {
    let link = match app.screen {
        Screen::Detail => app.detail.as_ref().map(|d| d.row.link.clone()),
        _ => app.stream.selected().map(|r| r.link.clone()),
    };
    match link.as_deref().and_then(sanitize::safe_link) {
        Some(l) => vec![Effect::OpenLink(l)],
        None => {
            app.flash = Some("not opening: the link is not a plain http(s) URL".into());
            vec![]
        }
    }
}

fn toggle_read(app: &mut App) -> Vec<Effect> {
    match app.stream.selected_mut() {
        Some(r) => {
            r.read = !r.read;
            vec![Effect::SetRead(r.id, r.read)]
        }
        None => vec![],
    }
}

fn toggle_star(app: &mut App) -> Vec<Effect> {
    let id = match app.screen {
        Screen::Detail => app.detail.as_ref().map(|d| d.row.id),
        _ => app.stream.selected().map(|r| r.id),
    };
    let Some(id) = id else { return vec![] };
    let Some(r) = app.stream.find_mut(id) else { return vec![] };
    r.starred = !r.starred;
    let starred = r.starred;
    if let Some(d) = app.detail.as_mut().filter(|d| d.row.id == id) {
        d.row.starred = starred;
    }
    vec![Effect::SetStarred(id, starred)]
}

fn detail_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if let Some(e) = global_key(app, k) {
        return e;
    }
    match k.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Left | KeyCode::Char('h') | KeyCode::Backspace => {
            app.screen = Screen::Main;
            vec![]
        }
        KeyCode::Down | KeyCode::Char('j') => {
            app.detail_scroll = app.detail_scroll.saturating_add(1);
            vec![]
        }
        KeyCode::Up | KeyCode::Char('k') => {
            app.detail_scroll = app.detail_scroll.saturating_sub(1);
            vec![]
        }
        KeyCode::PageDown | KeyCode::Char(' ') => {
            app.detail_scroll = app.detail_scroll.saturating_add(app.size.1.saturating_sub(6));
            vec![]
        }
        KeyCode::PageUp => {
            app.detail_scroll = app.detail_scroll.saturating_sub(app.size.1.saturating_sub(6));
            vec![]
        }
        // Next / previous article without leaving the detail view.
        KeyCode::Char('n') | KeyCode::Char('J') => {
            app.stream.move_by(1);
            open_selected(app)
        }
        KeyCode::Char('p') | KeyCode::Char('K') => {
            app.stream.move_by(-1);
            open_selected(app)
        }
        KeyCode::Char('o') => open_link(app),
        KeyCode::Char('s') => toggle_star(app),
        KeyCode::Char('m') => toggle_read(app),
        _ => vec![],
    }
}

fn feeds_key(app: &mut App, k: KeyEvent) -> Vec<Effect> {
    if let Some(e) = global_key(app, k) {
        return e;
    }
    let n = app.feeds.len();
    match k.code {
        KeyCode::Esc | KeyCode::Char('q') => app.screen = Screen::Main,
        KeyCode::Down | KeyCode::Char('j') if n > 0 => app.feeds_cursor = (app.feeds_cursor + 1).min(n - 1),
        KeyCode::Up | KeyCode::Char('k') => app.feeds_cursor = app.feeds_cursor.saturating_sub(1),
        KeyCode::Home | KeyCode::Char('g') => app.feeds_cursor = 0,
        KeyCode::End | KeyCode::Char('G') => app.feeds_cursor = n.saturating_sub(1),
        _ => {}
    }
    vec![]
}

pub(super) fn on_mouse(app: &mut App, m: MouseEvent) -> Vec<Effect> {
    let (w, h) = app.size;
    match (app.screen, m.kind) {
        (Screen::Main, MouseEventKind::ScrollDown) => app.stream.move_by(3),
        (Screen::Main, MouseEventKind::ScrollUp) => app.stream.move_by(-3),
        (Screen::Detail, MouseEventKind::ScrollDown) => app.detail_scroll = app.detail_scroll.saturating_add(3),
        (Screen::Detail, MouseEventKind::ScrollUp) => app.detail_scroll = app.detail_scroll.saturating_sub(3),
        (Screen::Feeds, MouseEventKind::ScrollDown) => {
            app.feeds_cursor = (app.feeds_cursor + 3).min(app.feeds.len().saturating_sub(1))
        }
        (Screen::Feeds, MouseEventKind::ScrollUp) => app.feeds_cursor = app.feeds_cursor.saturating_sub(3),
        (Screen::Main, MouseEventKind::Down(_)) => {
            if let Some(i) = crate::ui::layout::stream_hit(w, h, m.column, m.row, app.stream.scroll) {
                app.focus = Focus::Stream;
                if i == app.stream.cursor {
                    return open_selected(app);
                }
                app.stream.select(i);
            }
        }
        _ => {}
    }
    vec![]
}
