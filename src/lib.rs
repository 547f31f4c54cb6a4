//! geowatch: a terminal dashboard for geopolitical news monitoring.
//!
//! Data flows one way: the poller fetches and parses feeds, the extractor tags
//! entities, the store persists, and messages reach the pure [`app::App`] state
//! machine whose effects are run by the TUI runtime or the headless commands.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod eval;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod model;
pub mod poll;
pub mod sanitize;
pub mod store;
pub mod tui;
pub mod ui;
