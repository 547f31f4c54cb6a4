#!/usr/bin/env python3
"""Generate N synthetic RSS 2.0 feeds x M items for the poll benchmark.

usage: gen.py OUTDIR N_FEEDS ITEMS PORT REPO_FEEDS_TOML

Writes into OUTDIR:
  feeds/feed-NNNN.xml   the documents (served by serve.py)
  gen.toml              geowatch config (per_host = 64, concurrency = 64, the repo's [[actor]]s)
  urls                  newsboat urls file
  newsboat.conf         newsboat config (reload-threads 16)
Deterministic (fixed seed), so two runs generate the same bytes.
"""
import os
import random
import sys
import time
from email.utils import formatdate
from xml.sax.saxutils import escape

ACTORS = ["Kim Jong Un", "Sergey Lavrov", "Vladimir Putin", "NATO", "North Korea", "Ukraine"]
PLACES = ["Kyiv", "Moscow", "Pyongyang", "Seoul", "Beijing", "Washington", "Brussels", "Berlin",
          "Paris", "Tokyo", "Warsaw", "Ankara", "Tehran", "Geneva", "Vilnius", "Helsinki"]
PEOPLE = ["Volodymyr Zelenskyy", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Antonio Guterres",
          "Mark Rutte", "Recep Tayyip Erdogan", "Fumio Kishida", "Yoon Suk Yeol", "Kim Yo Jong"]
ORGS = ["the United Nations", "the European Union", "the IAEA", "the G7", "the Kremlin",
        "the Pentagon", "the Security Council", "the World Bank", "the OSCE", "KCNA"]
VERBS = ["warns", "rejects", "welcomes", "condemns", "signals", "denies", "weighs", "backs",
         "questions", "calls for", "pushes", "vows"]
TOPICS = ["new sanctions", "ceasefire talks", "missile tests", "grain exports", "energy prices",
          "border security", "a prisoner exchange", "nuclear talks", "air defence aid",
          "trade restrictions", "naval drills", "election observers", "peace proposal",
          "drone strikes", "troop deployments", "humanitarian corridors"]
SENT = [
    "{a} {v} {t} after talks in {p}, officials said on {d}.",
    "Speaking in {p}, {b} said the issue of {t} would be raised with {o}.",
    "Analysts say the move by {a} could complicate {t} for months.",
    "{o} said it was monitoring the situation closely and urged restraint.",
    "State media reported that {a} had inspected units near {p}.",
    "Diplomats in {p} expect {b} to discuss {t} with {a} later this week.",
    "The statement came hours after {o} published new figures on {t}.",
    "Markets in {p} reacted cautiously to the news, with the currency slipping.",
    "Critics accused {a} of using {t} as leverage ahead of the summit.",
    "A spokesperson for {b} declined to comment on reports from {p}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def actor(rng):
    # About 40% of mentions are one of the tracked actors the brief asks for.
    return rng.choice(ACTORS) if rng.random() < 0.4 else rng.choice(PEOPLE)


def item(rng, f, i, now):
    a = actor(rng)
    title = f"{a} {rng.choice(VERBS)} {rng.choice(TOPICS)} as {rng.choice(PLACES)} {rng.choice(['reacts', 'waits', 'responds', 'looks on'])}"
    sents = []
    for _ in range(rng.randint(2, 4)):
        sents.append(rng.choice(SENT).format(a=actor(rng), b=rng.choice(PEOPLE + ACTORS[:3]), v=rng.choice(VERBS),
                                             t=rng.choice(TOPICS), p=rng.choice(PLACES), o=rng.choice(ORGS),
                                             d=rng.choice(DAYS)))
    desc = " ".join(s[0].upper() + s[1:] for s in sents)
    # Unique guid/link per item; pubDates spread over the last two days.
    pub = formatdate(now - (f * 37 + i * 613) % 172800, usegmt=True)
    link = f"https://news{f:04d}.example.com/world/{f:04d}-{i:05d}-story.html"
    return (f"    <item>\n      <title>{escape(title)}</title>\n      <link>{link}</link>\n"
            f"      <guid isPermaLink=\"false\">gw-bench-{f:04d}-{i:05d}</guid>\n"
            f"      <pubDate>{pub}</pubDate>\n      <description>{escape(desc)}</description>\n    </item>\n")


def main():
    out, n, m, port, repo_toml = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    rng = random.Random(20240601)
    now = int(time.time()) - 3600
    os.makedirs(os.path.join(out, "feeds"), exist_ok=True)
    total = 0
    for f in range(n):
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
                f"    <title>Bench Wire {f:04d}</title>\n    <link>https://news{f:04d}.example.com/</link>\n"
                f"    <description>Synthetic world news feed {f:04d}</description>\n    <language>en</language>\n"
                f"    <lastBuildDate>{formatdate(now, usegmt=True)}</lastBuildDate>\n")
        body = "".join(item(rng, f, i, now) for i in range(m))
        doc = (head + body + "  </channel>\n</rss>\n").encode()
        total += len(doc)
        with open(os.path.join(out, "feeds", f"feed-{f:04d}.xml"), "wb") as fh:
            fh.write(doc)
    urls = [f"http://127.0.0.1:{port}/feed-{f:04d}.xml" for f in range(n)]
    # The repo's tracked actors, so the tracked flags get exercised as in real use.
    actors = ""
    try:
        text = open(repo_toml, encoding="utf-8").read()
        k = text.find("\n[[actor]]")
        if k >= 0:
            actors = text[k:]
    except OSError:
        pass
    with open(os.path.join(out, "gen.toml"), "w", encoding="utf-8") as fh:
        fh.write('[settings]\ninterval = "10m"\nconcurrency = 64\nper_host = 64\ntimeout = "30s"\n'
                 'max_response = "8MiB"\nuser_agent = "geowatch-bench/0.1"\n\n')
        for f, u in enumerate(urls):
            fh.write(f'[[feed]]\nname = "Bench Wire {f:04d}"\nurl = "{u}"\nlang = "en"\n\n')
        fh.write(actors)
    with open(os.path.join(out, "urls"), "w") as fh:
        fh.write("\n".join(urls) + "\n")
    with open(os.path.join(out, "newsboat.conf"), "w") as fh:
        fh.write("reload-threads 16\nauto-reload no\nshow-read-feeds yes\nmax-items 0\nsuppress-first-reload no\n")
    print(f"{n} feeds x {m} items, {total / 1e6:.1f} MB of XML")


if __name__ == "__main__":
    main()
