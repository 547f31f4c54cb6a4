//! Terminal setup and guaranteed restore: on normal exit (Drop), on error, and on panic.

use std::io::{Stdout, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::App;

/// Owns the terminal while the dashboard runs; restores it when dropped.
pub struct Guard {
    term: Terminal<CrosstermBackend<Stdout>>,
}

impl Guard {
    pub fn enter() -> anyhow::Result<Guard> {
        enable_raw_mode()?;
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e.into());
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(term) => Ok(Guard { term }),
            Err(e) => {
                restore();
                Err(e.into())
            }
        }
    }

    pub fn size(&self) -> anyhow::Result<(u16, u16)> {
        let s = self.term.size()?;
        Ok((s.width, s.height))
    }

    pub fn draw(&mut self, app: &App) -> anyhow::Result<()> {
        self.term.draw(|f| crate::ui::render(app, f))?;
        Ok(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
        let _ = self.term.show_cursor();
    }
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, crossterm::cursor::Show);
}

/// Restores the terminal before the panic message is printed. Panics contained inside the
/// feed parser (per-feed errors) are logged and leave the screen alone.
pub fn install_panic_hook() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::feed::parse::in_guarded_parse() {
            tracing::warn!("feed parser panicked (contained): {info}");
            return;
        }
        restore();
        prev(info);
    }));
}
