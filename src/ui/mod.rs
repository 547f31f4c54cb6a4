//! Rendering: a function of [`App`] state onto a ratatui frame, one file per screen region.
//! No IO and no state changes here.

mod detail;
mod feeds;
mod header;
mod help;
pub mod layout;
mod sidebar;
mod status;
mod stream;
pub mod text;
pub mod theme;

use ratatui::Frame;

use crate::app::{App, Screen};

/// Draws the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    let a = layout::areas(area.width, area.height);
    header::render(app, f, a.header);
    match app.screen {
        Screen::Main => {
            stream::render(app, f, a.stream);
            sidebar::render(app, f, a.sidebar);
        }
        Screen::Detail => detail::render(app, f, ratatui::layout::Rect::new(0, 1, area.width, area.height.saturating_sub(2))),
        Screen::Feeds => feeds::render(app, f, ratatui::layout::Rect::new(0, 1, area.width, area.height.saturating_sub(2))),
    }
    status::render(app, f, a.status);
    if app.help {
        help::render(f, area);
    }
}
