//! `geowatch eval`: precision, recall and F1 of the entity engine on an annotated corpus.

use std::path::Path;

pub fn run(corpus: &Path, json: bool, errors: bool) -> anyhow::Result<i32> {
    let docs = crate::eval::load_corpus(corpus)?;
    let cfg = crate::config::Config::parse(super::DEFAULT_CONFIG, "(built-in feeds.toml)")?;
    let ex = super::extractor_for(&cfg)?;
    let mut report = crate::eval::evaluate(&ex, &docs);
    if !errors {
        report.errors.clear();
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
        for e in &report.errors {
            println!("  {}: missed {:?}, spurious {:?}", e.id, e.false_negatives, e.false_positives);
        }
    }
    Ok(0)
}
