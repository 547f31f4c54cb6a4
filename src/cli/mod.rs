//! Command line: argument definitions, shared setup, and the headless commands — the
//! twins of the dashboard, printing JSON for scripts.

mod check;
mod eval_cmd;
mod extract_cmd;
mod list;
mod poll_cmd;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::{self, Config};
use crate::extract::Extractor;
use crate::extract::kb::Kb;
use crate::fetch::HttpFetcher;
use crate::poll::PollContext;
use crate::store::Store;

/// The repository's feeds.toml, used when no config file is found.
pub const DEFAULT_CONFIG: &str = include_str!("../../feeds.toml");

#[derive(Parser, Debug)]
#[command(name = "geowatch", version, about = "Watch the world's news feeds for the actors you track, live, in the terminal.")]
pub struct Args {
    /// Config file (default: ./feeds.toml, else the platform config dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database file (default: [settings] database, else the platform data dir).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Run the dashboard on built-in sample feeds, with no network.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Poll every enabled feed once; print new articles.
    Poll {
        /// One round, then exit (the only mode for now; the dashboard polls continuously).
        #[arg(long)]
        once: bool,
        /// One JSON object per new article on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Find the entities of a text (FILE, or stdin).
    Extract {
        /// Language hint (ISO 639-1); detected when absent.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long)]
        json: bool,
        file: Option<PathBuf>,
    },
    /// List stored articles.
    List {
        /// Only articles mentioning a tracked actor.
        #[arg(long)]
        tracked: bool,
        /// Only articles mentioning this entity (canonical name).
        #[arg(long)]
        actor: Option<String>,
        /// Only articles published within this duration ("24h", "7d").
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Validate the config (and extra gazetteer) and exit.
    Check,
    /// Score the entity engine on an annotated corpus.
    Eval {
        /// Directory of corpus TOML files.
        #[arg(long, default_value = "eval/corpus")]
        corpus: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also list each document's misses and false hits (off by default, so that a
        /// held-out set can be scored without its errors being read).
        #[arg(long)]
        errors: bool,
    },
}

/// Loads the config: explicit path, ./feeds.toml, the platform dir, else the built-in one.
pub fn load_config(explicit: Option<&Path>) -> anyhow::Result<Config> {
    match config::locate(explicit) {
        Ok(p) => Ok(Config::load(&p)?),
        Err(why) if explicit.is_none() => {
            eprintln!("geowatch: {why}; using the built-in default feeds");
            Ok(Config::parse(DEFAULT_CONFIG, "(built-in feeds.toml)")?)
        }
        Err(why) => anyhow::bail!(why),
    }
}

/// The extractor for a config: built-in knowledge base, extra gazetteer, tracked actors.
pub fn extractor_for(cfg: &Config) -> anyhow::Result<Extractor> {
    Ok(Extractor::new(kb_for(cfg)?))
}

/// The knowledge base of `cfg`: built-in gazetteers, the extra one, the actors.
pub fn kb_for(cfg: &Config) -> anyhow::Result<Kb> {
    let mut kb = Kb::builtin();
    if let Some(g) = &cfg.settings.gazetteer {
        let text = std::fs::read_to_string(g).with_context(|| format!("cannot read gazetteer {}", g.display()))?;
        kb.add_tsv(&g.display().to_string(), &text)?;
    }
    kb.add_actors(&cfg.actors);
    Ok(kb)
}

/// Opens the store and builds the poll context for `feeds`.
pub fn poll_context(
    cfg: &Config,
    db: &Path,
    feeds: &[crate::config::FeedConfig],
) -> anyhow::Result<(Arc<PollContext>, HashMap<String, crate::model::FeedId>)> {
    // First: the gazetteer compiles in the background while the database opens.
    let extractor = Arc::new(extractor_for(cfg)?);
    let mut store = Store::open(db)?;
    let ids = store.sync_feeds(feeds.iter())?;
    let http =
        HttpFetcher::with_pool(&cfg.settings.user_agent, cfg.settings.timeout, cfg.settings.max_response, cfg.settings.per_host)?;
    let ctx = PollContext {
        http,
        store: Arc::new(Mutex::new(store)),
        extractor,
        feed_ids: ids.clone(),
        settings: cfg.settings.clone(),
        checkpoints: crate::store::Checkpointer::spawn(db),
    };
    Ok((Arc::new(ctx), ids))
}

/// Runs the parsed command line; returns the process exit code.
pub fn run(args: Args) -> anyhow::Result<i32> {
    match args.command {
        Some(Command::Check) => check::run(args.config.as_deref()),
        Some(Command::Extract { lang, json, file }) => extract_cmd::run(args.config.as_deref(), lang, json, file),
        Some(Command::Eval { corpus, json, errors }) => eval_cmd::run(&corpus, json, errors),
        Some(Command::Poll { once, json }) => {
            if !once {
                anyhow::bail!("`poll` runs one round with --once; the dashboard (no subcommand) polls continuously");
            }
            let cfg = load_config(args.config.as_deref())?;
            poll_cmd::run(&cfg, &config::database_path(args.db.as_deref(), &cfg.settings), json)
        }
        Some(Command::List { tracked, actor, since, limit, json }) => {
            let cfg = load_config(args.config.as_deref())?;
            let actor = actor.map(|a| list::canonical_actor(&cfg, &a));
            list::run(&config::database_path(args.db.as_deref(), &cfg.settings), tracked, actor, since, limit, json)
        }
        None => dashboard(args),
    }
}

fn dashboard(args: Args) -> anyhow::Result<i32> {
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "geowatch: stdout is not a terminal, so the dashboard is off. Use a subcommand for headless output, e.g. `geowatch poll --once --json` or `geowatch list --json` (see --help)."
        );
        return Ok(2);
    }
    let (cfg, feeds, db, _tmp) = if args.demo {
        let mut cfg = match args.config.as_deref() {
            Some(p) => Config::load(p)?,
            None => Config::parse(DEFAULT_CONFIG, "(built-in feeds.toml)")?,
        };
        cfg.feeds = crate::demo::feeds();
        let dir = tempfile_dir()?;
        let db = args.db.clone().unwrap_or_else(|| dir.join("demo.db"));
        (cfg.clone(), cfg.feeds.clone(), db, Some(TempDir(dir)))
    } else {
        let cfg = load_config(args.config.as_deref())?;
        let db = config::database_path(args.db.as_deref(), &cfg.settings);
        let feeds: Vec<_> = cfg.enabled_feeds().cloned().collect();
        (cfg, feeds, db, None)
    };
    init_file_log(&db);
    let (ctx, _) = poll_context(&cfg, &db, &feeds)?;
    let tracked = ctx.extractor.kb().entities.iter().filter(|e| e.tracked).map(|e| (e.canonical.clone(), e.kind)).collect();
    let labels = ctx.extractor.kb().short_labels();
    let store = Store::open(&db)?;
    crate::tui::run(crate::tui::Launch { ctx, feeds, store, tracked, labels })?;
    Ok(0)
}

/// A private temporary directory for the demo database, removed on exit.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("geowatch-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// While the dashboard owns the terminal, logs go to `geowatch.log` beside the database.
fn init_file_log(db: &Path) {
    let path = db.with_file_name("geowatch.log");
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new().create(true).append(true).open(&path) else { return };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GEOWATCH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Mutex::new(file)).try_init();
}

/// True when stderr is a terminal (progress lines are only drawn then).
pub fn stderr_is_tty() -> bool {
    std::io::stderr().is_terminal()
}
