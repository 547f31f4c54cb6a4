//! Folds every name of the built-in gazetteer (kb/*.tsv) into the forms the matcher looks
//! for, once, at build time: `$OUT_DIR/kb_forms.tsv`, compiled into the binary. The code
//! is the crate's own (src/extract/{fold,scan,wordtable,inflect,forms}.rs), so the table and the
//! run-time folding of user-added names cannot disagree.

// At the root, so the modules' `super::` paths resolve to one another as in the crate.
#[allow(dead_code)]
#[path = "src/extract/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/extract/forms.rs"]
mod forms;
#[allow(dead_code)]
#[path = "src/extract/inflect.rs"]
mod inflect;
#[allow(dead_code)]
#[path = "src/extract/scan.rs"]
mod scan;
#[allow(dead_code)]
#[path = "src/extract/wordtable.rs"]
mod wordtable;

use std::collections::BTreeSet;
use std::fmt::Write as _;

const KB: [&str; 5] = ["kb/countries.tsv", "kb/places.tsv", "kb/organizations.tsv", "kb/people_west.tsv", "kb/people_east.tsv"];

fn main() {
    for src in ["fold.rs", "forms.rs", "inflect.rs", "scan.rs"] {
        println!("cargo::rerun-if-changed=src/extract/{src}");
    }
    let mut names = BTreeSet::new();
    for file in KB {
        println!("cargo::rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = line.trim_end_matches('\r').split('\t').collect();
            // Malformed lines are reported by the gazetteer tests; here they are skipped.
            if cols.len() >= 4 {
                names.insert(cols[0].trim().to_string());
                names.extend(cols[3].split('|').map(str::trim).filter(|a| !a.is_empty()).map(String::from));
            }
        }
    }
    let mut out = String::new();
    for name in &names {
        let _ = writeln!(out, "{}", forms::encode(name, &forms::name_forms(name)));
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("kb_forms.tsv"), out).expect("write kb_forms.tsv");
}
