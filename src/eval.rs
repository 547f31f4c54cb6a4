//! Scoring the entity engine on an annotated corpus: precision, recall and F1 per language
//! and overall, where a prediction counts only when its canonical name is annotated.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::extract::Extractor;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    doc: Vec<Doc>,
}

/// One annotated document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doc {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub entities: Vec<Gold>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One annotated entity.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    pub name: String,
    pub kind: crate::model::Kind,
}

/// Counts of one slice of the corpus.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Score {
    pub docs: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// True positives whose kind also matches.
    pub kind_ok: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, o: &Score) {
        self.docs += o.docs;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.kind_ok += o.kind_ok;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A document's mistakes, for reading.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocErrors {
    pub id: String,
    pub false_positives: Vec<String>,
    pub false_negatives: Vec<String>,
}

/// The whole evaluation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub by_language: BTreeMap<String, Score>,
    pub overall: Score,
    /// Restricted to the tracked actors.
    pub tracked: Score,
    pub errors: Vec<DocErrors>,
    pub seconds: f64,
    pub bytes: usize,
}

/// Reads every `*.toml` corpus file of a directory.
pub fn load_corpus(dir: &Path) -> anyhow::Result<Vec<Doc>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("cannot read corpus directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let c: CorpusFile = toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        docs.extend(c.doc);
    }
    Ok(docs)
}

/// Runs the extractor over `docs` and scores it.
pub fn evaluate(ex: &Extractor, docs: &[Doc]) -> Report {
    let tracked: HashSet<&str> = ex.kb().entities.iter().filter(|e| e.tracked).map(|e| e.canonical.as_str()).collect();
    let mut by_language: BTreeMap<String, Score> = BTreeMap::new();
    let mut tracked_score = Score::default();
    let mut errors = Vec::new();
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for d in docs {
        bytes += d.text.len();
        let got = ex.extract(&d.text, None);
        let pred: BTreeMap<&str, crate::model::Kind> = got.entities.iter().map(|e| (&*e.name, e.kind)).collect();
        let gold: BTreeMap<&str, crate::model::Kind> = d.entities.iter().map(|g| (g.name.as_str(), g.kind)).collect();
        let p: BTreeSet<&str> = pred.keys().copied().collect();
        let g: BTreeSet<&str> = gold.keys().copied().collect();
        let s = Score {
            docs: 1,
            tp: p.intersection(&g).count(),
            fp: p.difference(&g).count(),
            fn_: g.difference(&p).count(),
            kind_ok: p.intersection(&g).filter(|n| pred[*n] == gold[*n]).count(),
        };
        by_language.entry(d.lang.clone()).or_default().add(&s);
        let pt: BTreeSet<&str> = p.iter().copied().filter(|n| tracked.contains(n)).collect();
        let gt: BTreeSet<&str> = g.iter().copied().filter(|n| tracked.contains(n)).collect();
        tracked_score.add(&Score {
            docs: 1,
            tp: pt.intersection(&gt).count(),
            fp: pt.difference(&gt).count(),
            fn_: gt.difference(&pt).count(),
            kind_ok: 0,
        });
        if s.fp + s.fn_ > 0 {
            errors.push(DocErrors {
                id: d.id.clone(),
                false_positives: p.difference(&g).map(|s| s.to_string()).collect(),
                false_negatives: g.difference(&p).map(|s| s.to_string()).collect(),
            });
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut overall = Score::default();
    for s in by_language.values() {
        overall.add(s);
    }
    Report { by_language, overall, tracked: tracked_score, errors, seconds, bytes }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<8} {:>5} {:>5} {:>5} {:>5} {:>7} {:>7} {:>7} {:>6}",
            "lang", "docs", "tp", "fp", "fn", "P", "R", "F1", "kind"
        )?;
        let line = |f: &mut std::fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "{:<8} {:>5} {:>5} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3} {:>6.3}",
                name,
                s.docs,
                s.tp,
                s.fp,
                s.fn_,
                s.precision(),
                s.recall(),
                s.f1(),
                ratio(s.kind_ok, s.tp)
            )
        };
        for (l, s) in &self.by_language {
            line(f, l, s)?;
        }
        line(f, "overall", &self.overall)?;
        writeln!(
            f,
            "tracked actors: P {:.3} R {:.3} F1 {:.3} ({} tp, {} fp, {} fn)",
            self.tracked.precision(),
            self.tracked.recall(),
            self.tracked.f1(),
            self.tracked.tp,
            self.tracked.fp,
            self.tracked.fn_
        )
    }
}
