//! The article stream: all loaded articles newest first, the filtered view of them, the
//! selection and the scroll position — kept stable when new articles arrive.

use crate::model::{ArticleId, ArticleRow};

/// Filters on the stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub tracked_only: bool,
    /// Case-insensitive words that must all appear in title, source or entities.
    pub text: String,
    /// Only articles mentioning this entity (canonical name).
    pub entity: Option<String>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        self.tracked_only || !self.text.is_empty() || self.entity.is_some()
    }
}

struct Entry {
    row: ArticleRow,
    key: String,
}

/// Articles and the view on them.
#[derive(Default)]
pub struct Stream {
    entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter.
    visible: Vec<usize>,
    pub cursor: usize,
    pub scroll: usize,
    /// Rows the list shows (from the terminal size).
    pub rows: usize,
    pub filter: Filter,
    /// Articles that arrived above the viewport while the user was scrolled down.
    pub new_above: usize,
}

fn search_key(r: &ArticleRow) -> String {
    let mut k = String::with_capacity(r.title.len() + r.feed.len() + 64);
    k.push_str(&r.title.to_lowercase());
    k.push('\u{1f}');
    k.push_str(&r.feed.to_lowercase());
    for e in &r.entities {
        k.push('\u{1f}');
        k.push_str(&e.name.to_lowercase());
    }
    k
}

impl Stream {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    /// The visible article at view position `i`.
    pub fn visible_row(&self, i: usize) -> Option<&ArticleRow> {
        self.visible.get(i).map(|&e| &self.entries[e].row)
    }

    pub fn all(&self) -> impl Iterator<Item = &ArticleRow> {
        self.entries.iter().map(|e| &e.row)
    }

    pub fn selected(&self) -> Option<&ArticleRow> {
        self.visible_row(self.cursor)
    }

    pub fn selected_mut(&mut self) -> Option<&mut ArticleRow> {
        let i = *self.visible.get(self.cursor)?;
        Some(&mut self.entries[i].row)
    }

    pub fn find_mut(&mut self, id: ArticleId) -> Option<&mut ArticleRow> {
        self.entries.iter_mut().find(|e| e.row.id == id).map(|e| &mut e.row)
    }

    /// Takes the start-up loads (newest first, then all). The selected article and the top
    /// row stay where they are when they are still there.
    /// Articles already here but missing from `rows` (a poll raced the load) are kept.
    pub fn set_all(&mut self, rows: Vec<ArticleRow>) {
        let sel = self.selected().map(|r| r.id);
        let top = self.visible_row(self.scroll).map(|r| r.id);
        // Read/starred flags set while the load ran are newer than the loaded rows.
        let mut current: std::collections::HashMap<ArticleId, Entry> =
            std::mem::take(&mut self.entries).into_iter().map(|e| (e.row.id, e)).collect();
        let mut entries: Vec<Entry> = Vec::with_capacity(rows.len() + current.len());
        for mut row in rows {
            if let Some(old) = current.remove(&row.id) {
                row.read = old.row.read;
                row.starred = old.row.starred;
            }
            entries.push(Entry { key: search_key(&row), row });
        }
        entries.extend(current.into_values());
        self.entries = entries;
        self.sort();
        self.refilter_keeping(sel, top);
    }

    /// Adds new articles without moving what the user looks at. At the very top the view
    /// follows the news; scrolled down, the same rows stay put and `new_above` counts.
    pub fn insert(&mut self, rows: Vec<ArticleRow>) {
        if rows.is_empty() {
            return;
        }
        let following = self.cursor == 0 && self.scroll == 0;
        let sel = self.selected().map(|r| r.id);
        let top = self.visible_row(self.scroll).map(|r| r.id);
        let before = self.visible.len();
        self.entries.extend(rows.into_iter().map(|row| Entry { key: search_key(&row), row }));
        self.sort();
        if following {
            self.refilter_keeping(None, None);
        } else {
            self.refilter_keeping(sel, top);
            self.new_above += self.visible.len().saturating_sub(before).min(self.scroll.max(self.cursor));
        }
    }

    fn sort(&mut self) {
        self.entries.sort_by(|a, b| b.row.published.cmp(&a.row.published).then(b.row.id.cmp(&a.row.id)));
    }

    /// Re-applies the filter, keeping the selected article selected when it stays visible.
    pub fn refilter(&mut self) {
        let sel = self.selected().map(|r| r.id);
        self.refilter_keeping(sel, None);
    }

    fn refilter_keeping(&mut self, sel: Option<ArticleId>, top: Option<ArticleId>) {
        let words: Vec<String> = self.filter.text.to_lowercase().split_whitespace().map(String::from).collect();
        let f = &self.filter;
        self.visible = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !f.tracked_only || !e.row.tracked.is_empty())
            .filter(|(_, e)| f.entity.as_ref().is_none_or(|n| e.row.entities.iter().any(|x| &x.name == n)))
            .filter(|(_, e)| words.iter().all(|w| e.key.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect();
        let pos = |id: Option<ArticleId>| id.and_then(|id| self.visible.iter().position(|&i| self.entries[i].row.id == id));
        let old_offset = self.cursor.saturating_sub(self.scroll);
        match (pos(sel), pos(top)) {
            (Some(c), Some(t)) => {
                self.cursor = c;
                self.scroll = t;
            }
            (Some(c), None) => {
                self.cursor = c;
                self.scroll = c.saturating_sub(old_offset);
            }
            _ => {
                self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
            }
        }
        self.ensure_visible();
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() - 1;
        self.cursor = (self.cursor as isize + delta).clamp(0, max as isize) as usize;
        self.ensure_visible();
    }

    pub fn select(&mut self, view_index: usize) {
        if view_index < self.visible.len() {
            self.cursor = view_index;
            self.ensure_visible();
        }
    }

    pub fn ensure_visible(&mut self) {
        let rows = self.rows.max(1);
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + rows {
            self.scroll = self.cursor + 1 - rows;
        }
        let max_scroll = self.visible.len().saturating_sub(rows);
        self.scroll = self.scroll.min(max_scroll.max(self.cursor.saturating_sub(rows - 1)));
        if self.scroll == 0 {
            self.new_above = 0;
        }
    }
}
