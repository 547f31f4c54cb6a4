//! `geowatch extract`: the entities of a text, with byte offsets into the input.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Largest input accepted, in bytes.
const MAX_INPUT: u64 = 64 << 20;

pub fn run(config: Option<&Path>, lang: Option<String>, json: bool, file: Option<PathBuf>) -> anyhow::Result<i32> {
    let mut bytes = Vec::new();
    match &file {
        Some(p) => {
            std::fs::File::open(p)
                .with_context(|| format!("cannot open {}", p.display()))?
                .take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {}", p.display()))?;
        }
        None => {
            std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut bytes).context("cannot read stdin")?;
        }
    }
    if bytes.len() as u64 > MAX_INPUT {
        anyhow::bail!("input larger than {} MiB", MAX_INPUT >> 20);
    }
    // Offsets refer to the input bytes; invalid UTF-8 would shift them, so refuse it.
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("input is not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()))?;
    let cfg = super::load_config(config)?;
    let ex = super::extractor_for(&cfg)?;
    let result = ex.extract(&text, lang.as_deref());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        let v = serde_json::json!({
            "language": result.language,
            "entities": result.entities.iter().map(|e| serde_json::json!({
                "name": e.name, "kind": e.kind, "subkind": e.subkind, "tracked": e.tracked,
                "origin": e.origin, "count": e.count,
                "mentions": e.mentions.iter().map(|m| serde_json::json!({
                    "start": m.start, "end": m.end, "text": m.text(&text),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{v}")?;
    } else {
        writeln!(out, "language: {}", result.language)?;
        for e in &result.entities {
            let forms: Vec<String> = e
                .mentions
                .iter()
                .map(|m| crate::sanitize::line(m.text(&text)))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            writeln!(
                out,
                "{} {:<34} {:<12} {:>3}  {}",
                if e.tracked { "*" } else { " " },
                e.name,
                e.kind.as_str(),
                e.count,
                forms.join(", ")
            )?;
        }
    }
    Ok(0)
}
