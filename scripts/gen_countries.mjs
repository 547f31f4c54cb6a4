#!/usr/bin/env node
// gen_countries.mjs — generate kb/countries.tsv (countries and territories)
//
// Source: npm package `i18n-iso-countries` (MIT), pinned to version 7.14.0,
// names per ISO 3166-1 alpha-2 code in en fr de es it pt ru uk ar zh ja ko.
// kb/countries_extra.tsv (hand-curated, same format) is merged in: rows that
// share a canonical name are unioned; extra-only rows are appended.
//
// Run (from the repository root; nothing is installed into the repo):
//   mkdir -p /tmp/gencountries
//   npm install --prefix /tmp/gencountries i18n-iso-countries@7.14.0
//   node scripts/gen_countries.mjs            # writes kb/countries.tsv, then checks it
//   node scripts/gen_countries.mjs --check    # only validates kb/countries.tsv + extras
// The package directory can be overridden with
//   I18N_ISO_COUNTRIES_DIR=/path/to/node_modules/i18n-iso-countries
//
// Output format (tab-separated, UTF-8, '#' lines are comments):
//   canonical<TAB>kind<TAB>subkind<TAB>aliases<TAB>context
// canonical = common English Wikipedia title; kind = place;
// subkind = country | territory | region; aliases and context are '|'-separated.
// Every alias appears in exactly one row: cross-row collisions must be listed
// in RESOLVE below (else the run fails) and are printed when resolved.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PINNED_VERSION = "7.14.0";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "kb", "countries.tsv");
const EXTRA = path.join(ROOT, "kb", "countries_extra.tsv");
const PKG_DIR =
  process.env.I18N_ISO_COUNTRIES_DIR ||
  "/tmp/gencountries/node_modules/i18n-iso-countries";
const LANGS = ["en", "fr", "de", "es", "it", "pt", "ru", "uk", "ar", "zh", "ja", "ko"];

// ISO alpha-2 -> English Wikipedia title, where the package's first English
// name is not the common title.
const CANONICAL = {
  AX: "Åland", BN: "Brunei", BO: "Bolivia", BQ: "Caribbean Netherlands",
  BS: "The Bahamas", CD: "Democratic Republic of the Congo",
  CG: "Republic of the Congo", CI: "Ivory Coast", CN: "China",
  CV: "Cape Verde", CZ: "Czech Republic", FK: "Falkland Islands",
  FM: "Federated States of Micronesia", GB: "United Kingdom",
  GM: "The Gambia", IR: "Iran", KP: "North Korea", KR: "South Korea",
  LA: "Laos", MD: "Moldova", MF: "Collectivity of Saint Martin",
  MK: "North Macedonia", MO: "Macau", SX: "Sint Maarten", NL: "Netherlands", PN: "Pitcairn Islands",
  PS: "Palestine", RE: "Réunion", RU: "Russia",
  SH: "Saint Helena, Ascension and Tristan da Cunha",
  ST: "São Tomé and Príncipe", SY: "Syria", TF: "French Southern and Antarctic Lands",
  TL: "East Timor", TR: "Turkey", TW: "Taiwan", TZ: "Tanzania",
  US: "United States", VA: "Vatican City", VE: "Venezuela",
  VG: "British Virgin Islands", VI: "United States Virgin Islands", VN: "Vietnam",
};

// Not UN members/observers (nor Taiwan/Kosovo): dependent or associated territories.
const TERRITORIES = new Set(
  ("AS AI AW BM BV IO KY CX CC CK FK FO GF PF TF GI GL GP GU GG HM HK IM JE MO " +
   "MQ YT MS NC NU NF MP PN PR RE BL SH MF PM GS SX SJ TK TC UM VG VI WF EH AX " +
   "BQ CW").split(" "));
const REGIONS = new Set(["AQ"]);
const EXPECTED_COUNTRIES = 193 + 2 /* VA, PS */ + 2 /* TW, XK */;

// Exact package strings rewritten to natural forms (inversions, parenthetical
// names worth keeping, wrong or garbled entries). [] drops the string.
// Any package string with a comma or '、' must be listed here.
const REWRITE = {
  "Korea, Republic of": ["Republic of Korea"],
  "Micronesia, Federated States of": ["Federated States of Micronesia"],
  "Moldova, Republic of": ["Republic of Moldova"],
  "Taiwan, Province of China": [],
  "Тайвань, Провінція Китаю": ["Тайвань"],
  "Virgin Islands, British": ["British Virgin Islands"],
  "Virgin Islands, U.S.": ["U.S. Virgin Islands", "US Virgin Islands"],
  "Syrien, Arabische Republik": ["Arabische Republik Syrien"],
  "Tansania, Vereinigte Republik": ["Vereinigte Republik Tansania"],
  "Bonaire, Sint Eustatius and Saba": ["Bonaire, Sint Eustatius and Saba", "BES islands"],
  "Bonaire, Saint-Eustache et Saba": ["Bonaire, Saint-Eustache et Saba"],
  "Bonaire, San Eustaquio y Saba": ["Bonaire, San Eustaquio y Saba"],
  "Бонэйр, Синт-Эстатиус и Саба": ["Бонэйр, Синт-Эстатиус и Саба"],
  "ボネール、シント・ユースタティウスおよびサバ": ["ボネール、シント・ユースタティウスおよびサバ"],
  "보네르,신트유스타티우스,사바": ["카리브 네덜란드"],
  "Santa Helena, Ascensión y Tristán de Acuña": ["Santa Helena, Ascensión y Tristán de Acuña", "Santa Helena"],
  "Sant'Elena, Isola di Ascensione e Tristan da Cunha": ["Sant'Elena, Ascensione e Tristan da Cunha", "Sant'Elena"],
  "Острова Святой Елены, Вознесения и Тристан-да-Кунья": ["Острова Святой Елены, Вознесения и Тристан-да-Кунья", "Остров Святой Елены"],
  "圣赫勒拿、阿森松和特里斯坦-达库尼亚": ["圣赫勒拿、阿森松和特里斯坦-达库尼亚", "圣赫勒拿"],
  "세인트리에르도,미괘론도": ["생피에르 미클롱"],
  "스발바드, 잠마엔도": ["스발바르 얀마옌"],
  "Congo (República Democrática del)": ["República Democrática del Congo"],
  "Cocos (Keeling) Islands": ["Cocos (Keeling) Islands", "Cocos Islands", "Keeling Islands"],
  "Islas Cocos (Keeling)": ["Islas Cocos"],
  "Ilhas Cocos (Keeling)": ["Ilhas Cocos"],
  "Falkland Islands (Malvinas)": ["Falkland Islands", "Malvinas"],
  "Holy See (Vatican City State)": ["Holy See", "Vatican City State"],
  "Saint-Siège (Vatican)": ["Saint-Siège", "Vatican"],
  "Netherlands (Kingdom of the)": ["Kingdom of the Netherlands"],
  "The Netherlands": [],
  "The Republic of North Macedonia": ["Republic of North Macedonia"],
  "The Gambia": ["The Gambia"],
  "Birmania  Myanmar": ["Birmania", "Myanmar"],
  "Mianmar (Birmânia)": ["Mianmar", "Birmânia"],
  "КНДР (Корейская Народно-Демократическая Республика)": ["КНДР", "Корейская Народно-Демократическая Республика"],
  "КНР (Китайская Народная Республика)": ["КНР", "Китайская Народная Республика"],
  "Виргинские Острова (США)": ["Американские Виргинские Острова", "Виргинские Острова США"],
  "Виргинские Острова (Великобритания)": ["Британские Виргинские Острова"],
  "Віргінські Острови (США)": ["Американські Віргінські Острови", "Віргінські Острови США"],
  "Внешние малые острова (США)": ["Внешние малые острова США"],
  "Зовнішні Віддалені Острови (США)": ["Зовнішні Віддалені Острови США"],
  "刚果（金）": ["刚果（金）", "刚果金"],
  "刚果（布）": ["刚果（布）", "刚果布"],
  // pt entries of the two Congos are swapped/outdated in the package.
  "República Democrática do Congo@CG": [],
  "República Popular do Congo@CD": [],
  "Royaume d'Eswatini": ["Royaume d'Eswatini", "Eswatini"],
};

// Aliases dropped everywhere: ordinary words in one of the 12 languages, or
// too ambiguous to match (see also the context column for kept ambiguous ones).
const DROP = new Set([
  "Island",       // de Iceland = English "Island"
  "Gana",         // pt Ghana = es "gana" (wins), headline-initial
  "Granada",      // es/pt Grenada = Granada (Spain)
  "Grenade",      // fr Grenada = grenade / Granada
  "Guadalupe",    // es/pt Guadeloupe = Guadalupe (Mexico, Spain, name)
  "Reunión",      // es: "meeting"
  "Reunião",      // pt: "meeting"
  "Dominique",    // fr Dominica = common first name
  "Того",         // ru/uk Togo = "того" (that, gen.)
  "Малі",         // uk Mali = "малі" (small, pl.)
  "중앙 아프리카", // ko CAR = "Central Africa" (region)
  "中非",         // zh CAR = China-Africa
  "수단",         // ko Sudan = "means"
  "저지",         // ko Jersey = "blocking"
  "건지",         // ko Guernsey = colloquial ending
  "ジャージー",   // ja Jersey = sports jersey
  "泽西",         // zh Jersey, substring of 新泽西 (New Jersey)
]);

// Cross-row collisions: alias -> canonical that keeps it (null = drop everywhere).
const RESOLVE = {
  "Congo": "Democratic Republic of the Congo",      // AP usage; context column disambiguates
  "Kongo": "Democratic Republic of the Congo",
  "Конго": "Democratic Republic of the Congo",
  "콩고": "Democratic Republic of the Congo",
  "Saint-Martin": "Collectivity of Saint Martin",
  "São Martinho": "Collectivity of Saint Martin",
  "سانت مارتن": "Collectivity of Saint Martin",
  "Saint Martin": "Collectivity of Saint Martin",
};

// All-caps aliases of <= 3 letters allowed (the matcher is case-sensitive for
// all-caps aliases of <= 6 letters; short codes must be genuinely used in news).
const SHORT_CAPS_OK = new Set(["US", "UK", "USA", "UAE", "DRC", "PRC", "ROC", "ROK", "KSA",
  "RDC", "РФ", "США", "КНР", "ОАЭ", "ОАЕ", "ЦАР", "ЮАР", "ПАР", "ДРК", "ПМР", "ФРГ", "EUA", "BiH"]);

// ---------------------------------------------------------------------------

function readPackage() {
  const pkgJson = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "package.json"), "utf8"));
  if (pkgJson.name !== "i18n-iso-countries") throw new Error(`not i18n-iso-countries: ${PKG_DIR}`);
  if (pkgJson.version !== PINNED_VERSION) {
    console.warn(`warning: package version ${pkgJson.version}, script pinned to ${PINNED_VERSION}`);
  }
  const langs = {};
  for (const l of LANGS) {
    langs[l] = JSON.parse(fs.readFileSync(path.join(PKG_DIR, "langs", `${l}.json`), "utf8")).countries;
  }
  return { version: pkgJson.version, langs };
}

const norm = (s) => s.normalize("NFC").replace(/\s+/g, " ").trim();

// Package string -> cleaned aliases.
function clean(raw, code) {
  const key = `${raw}@${code}`;
  if (key in REWRITE) return REWRITE[key];
  if (raw in REWRITE) return REWRITE[raw];
  if (/[,、，]/.test(raw)) throw new Error(`unhandled comma/inversion in package name: ${code} ${JSON.stringify(raw)}`);
  // strip parenthetical qualifiers: "Saint Martin (French part)" -> "Saint Martin"
  const s = raw.replace(/\s*[(（][^)）]*[)）]\s*/g, " ");
  return [s];
}

// Apostrophe variants: ' <-> ’ (and Ukrainian ʼ).
function variants(a) {
  const out = [a];
  if (/['’ʼ]/.test(a)) {
    out.push(a.replace(/['’ʼ]/g, "'"), a.replace(/['’ʼ]/g, "’"));
    if (/[\u0400-\u04FF]/.test(a)) out.push(a.replace(/['’ʼ]/g, "ʼ"));
  }
  return out;
}

function parseTsv(text, file) {
  const rows = [];
  text.split("\n").forEach((line, i) => {
    if (line === "" || line.startsWith("#")) return;
    const f = line.split("\t");
    if (f.length < 4 || f.length > 5) throw new Error(`${file}:${i + 1}: ${f.length} fields`);
    rows.push({
      line: i + 1, canonical: f[0], kind: f[1], subkind: f[2],
      aliases: f[3] === "" ? [] : f[3].split("|"),
      context: f.length === 5 && f[4] !== "" ? f[4].split("|") : [],
    });
  });
  return rows;
}

function uniq(xs) {
  const seen = new Set(), out = [];
  for (const x of xs) if (!seen.has(x)) { seen.add(x); out.push(x); }
  return out;
}

function generate() {
  const { version, langs } = readPackage();
  const rows = new Map(); // canonical -> row
  let nCountry = 0;
  for (const code of Object.keys(langs.en)) {
    const en = [].concat(langs.en[code]);
    const canonical = CANONICAL[code] || en.find((n) => !/[,(]/.test(n)) || en[0];
    const subkind = REGIONS.has(code) ? "region" : TERRITORIES.has(code) ? "territory" : "country";
    if (subkind === "country") nCountry++;
    const aliases = [canonical];
    for (const l of LANGS) {
      const v = langs[l][code];
      if (v === undefined) continue;
      for (const raw of [].concat(v)) for (const a of clean(norm(raw), code)) aliases.push(norm(a));
    }
    if (rows.has(canonical)) throw new Error(`duplicate canonical ${canonical}`);
    rows.set(canonical, { code, canonical, kind: "place", subkind, aliases, context: [] });
  }
  if (nCountry !== EXPECTED_COUNTRIES) throw new Error(`expected ${EXPECTED_COUNTRIES} countries, got ${nCountry}`);

  // merge hand-curated extras
  for (const x of parseTsv(fs.readFileSync(EXTRA, "utf8"), "countries_extra.tsv")) {
    const r = rows.get(x.canonical);
    if (r) {
      if (x.subkind !== r.subkind) throw new Error(`extra ${x.canonical}: subkind ${x.subkind} != ${r.subkind}`);
      r.aliases.push(...x.aliases.map(norm));
      r.context.push(...x.context.map(norm));
    } else {
      rows.set(x.canonical, { code: "", canonical: x.canonical, kind: x.kind, subkind: x.subkind,
        aliases: [x.canonical, ...x.aliases.map(norm)], context: x.context.map(norm) });
    }
  }

  // expand, filter, dedupe within row
  for (const r of rows.values()) {
    r.aliases = uniq(r.aliases.flatMap(variants).filter((a) => a && !DROP.has(a)));
    r.context = uniq(r.context.filter(Boolean));
  }

  // cross-row collisions
  const owners = new Map();
  for (const r of rows.values()) for (const a of r.aliases) {
    if (!owners.has(a)) owners.set(a, []);
    owners.get(a).push(r.canonical);
  }
  const unresolved = [];
  for (const [a, who] of owners) {
    if (who.length < 2) continue;
    if (!(a in RESOLVE)) { unresolved.push(`${a}: ${who.join(" / ")}`); continue; }
    const keep = RESOLVE[a];
    if (keep !== null && !who.includes(keep)) throw new Error(`RESOLVE ${a} -> ${keep} not among ${who}`);
    for (const c of who) if (c !== keep) {
      const r = rows.get(c);
      r.aliases = r.aliases.filter((x) => x !== a);
    }
    console.log(`resolved collision: "${a}" [${who.join(" / ")}] -> ${keep ?? "dropped"}`);
  }
  if (unresolved.length) throw new Error("unresolved alias collisions:\n  " + unresolved.join("\n  "));

  const sorted = [...rows.values()].sort((a, b) =>
    a.canonical.localeCompare(b.canonical, "en", { sensitivity: "base" }));
  const lines = [
    "# countries.tsv — countries and territories (GENERATED, do not edit by hand)",
    `# generator: scripts/gen_countries.mjs; source: npm i18n-iso-countries@${version} (MIT)`,
    `#   languages: ${LANGS.join(" ")}; merged with kb/countries_extra.tsv (hand-curated)`,
    "# canonical\tkind\tsubkind\taliases\tcontext",
  ];
  for (const r of sorted) {
    lines.push([r.canonical, r.kind, r.subkind, r.aliases.join("|"), r.context.join("|")].join("\t"));
  }
  fs.writeFileSync(OUT, lines.join("\n") + "\n");
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}

// Validation of the committed files (also run after generation).
function check() {
  let ok = true;
  const fail = (m) => { ok = false; console.error("FAIL " + m); };
  const stats = {};
  for (const file of [OUT, EXTRA]) {
    const name = path.relative(ROOT, file);
    const text = fs.readFileSync(file, "utf8");
    let rows;
    try { rows = parseTsv(text, name); } catch (e) { fail(e.message); continue; }
    const canon = new Set(), owner = new Map();
    let nAliases = 0;
    for (const r of rows) {
      const at = `${name}:${r.line} ${r.canonical}`;
      if (r.kind !== "place") fail(`${at}: kind ${r.kind}`);
      if (!["country", "territory", "region"].includes(r.subkind)) fail(`${at}: subkind ${r.subkind}`);
      if (canon.has(r.canonical)) fail(`${at}: duplicate canonical`);
      canon.add(r.canonical);
      if (r.aliases.length === 0 && file === OUT) fail(`${at}: no aliases`);
      const seen = new Set();
      for (const a of r.aliases) {
        nAliases++;
        if (a.trim() === "" || a !== a.trim()) fail(`${at}: empty/padded alias ${JSON.stringify(a)}`);
        if (seen.has(a)) fail(`${at}: duplicate alias ${a}`);
        seen.add(a);
        if (file === OUT && owner.has(a) && owner.get(a) !== r.canonical) {
          fail(`${at}: alias "${a}" also in ${owner.get(a)}`);
        }
        owner.set(a, r.canonical);
        if (/^[\p{Lu}.]{1,3}$/u.test(a.replace(/\./g, "")) && !SHORT_CAPS_OK.has(a.replace(/\./g, "")) &&
            !/^[\p{Lu}]\p{Ll}/u.test(a)) {
          fail(`${at}: short all-caps alias "${a}" not allowlisted`);
        }
        if (/\(/.test(a) && !/[（(][^)）]+[)）]/.test(a)) fail(`${at}: unbalanced paren in ${a}`);
        if (DROP.has(a)) fail(`${at}: dropped alias present: ${a}`);
      }
      for (const c of r.context) if (c.trim() === "") fail(`${at}: empty context word`);
    }
    stats[name] = { rows: rows.length, aliases: nAliases };
  }
  for (const [n, s] of Object.entries(stats)) console.log(`${n}: ${s.rows} rows, ${s.aliases} aliases`);
  console.log(ok ? "check: OK" : "check: FAILED");
  if (!ok) process.exit(1);
}

if (!process.argv.includes("--check")) generate();
check();
