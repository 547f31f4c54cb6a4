//! Screen geometry, shared by rendering and by the app core (visible rows, mouse hits).

use ratatui::layout::Rect;

/// The regions of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub stream: Rect,
    /// Zero-sized when the terminal is too narrow for it.
    pub sidebar: Rect,
    pub status: Rect,
}

/// Splits a terminal of `width` × `height`.
pub fn areas(width: u16, height: u16) -> Areas {
    let header = Rect::new(0, 0, width, 1.min(height));
    let status = Rect::new(0, height.saturating_sub(1), width, 1.min(height));
    let body_h = height.saturating_sub(2);
    let side_w = if width >= 100 { (width * 3 / 10).clamp(30, 48) } else { 0 };
    let stream = Rect::new(0, 1, width.saturating_sub(side_w), body_h);
    let sidebar = Rect::new(width.saturating_sub(side_w), 1, side_w, body_h);
    Areas { header, stream, sidebar, status }
}

/// Article rows the stream list shows (inside borders, below its column header).
pub fn stream_rows(width: u16, height: u16) -> usize {
    areas(width, height).stream.height.saturating_sub(3) as usize
}

/// The view row under a terminal cell in the stream, if any (`scroll` is the first row shown).
pub fn stream_hit(width: u16, height: u16, col: u16, row: u16, scroll: usize) -> Option<usize> {
    let s = areas(width, height).stream;
    let first = s.y + 2;
    let rows = stream_rows(width, height) as u16;
    (col >= s.x && col < s.x + s.width && row >= first && row < first + rows).then(|| scroll + (row - first) as usize)
}
