//! Turning feed bytes into clean items: charset decoding, repair, parsing, HTML to text, dates.

pub mod dates;
pub mod decode;
pub mod html;
pub mod parse;
mod repair;

pub use parse::{ParsedFeed, ParsedItem, parse_feed};
