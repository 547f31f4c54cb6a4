//! SQLite store (rusqlite, bundled): WAL, migrations by `PRAGMA user_version`, bound
//! parameters only. One connection per owner (poller, UI runner); SQLite does the locking.

mod articles;
mod checkpoint;
mod feeds;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use articles::{BatchItem, ListFilter, NewArticle, StoredMention, normalize_link};
pub use checkpoint::{Checkpointer, WRITER_LIMIT as CHECKPOINT_LIMIT};

/// Entity ids by kind, then name: looked up by `&str`, with no key to allocate per mention.
type EntityIds = std::collections::HashMap<crate::model::Kind, std::collections::HashMap<String, i64>>;
pub use feeds::PollRecord;

/// Store errors, with the database path for the message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("database {path}: cannot create directory: {source}")]
    Dir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database {path} has schema version {found}, newer than this geowatch ({supported}); upgrade geowatch")]
    TooNew { path: String, found: i64, supported: i64 },
}

/// A handle on the database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Entity row ids already known, so repeated names skip their upsert.
    entity_ids: EntityIds,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir { path: path.display().to_string(), source })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite { path: path.display().to_string(), source })?;
        let mut store = Store { conn, path: path.to_path_buf(), entity_ids: Default::default() };
        store.init()?;
        Ok(store)
    }

    fn init(&mut self) -> Result<(), StoreError> {
        // No checkpoint when the last connection closes: `poll --once` would spend its last
        // ~0.07 s copying the whole write-ahead log into the file. The log stays beside the
        // database (as safe as any committed transaction) and the next writer checkpoints it.
        let _ = self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        self.conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
                 PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4000;",
            )
            .map_err(|e| self.err(e))?;
        let path = self.path.display().to_string();
        schema::migrate(&mut self.conn).map_err(|e| match e {
            schema::MigrateError::Sqlite(source) => StoreError::Sqlite { path: path.clone(), source },
            schema::MigrateError::TooNew(found) => StoreError::TooNew { path: path.clone(), found, supported: schema::VERSION },
        })
    }

    /// Sets this connection's automatic checkpoint threshold (pages of log), raised for a
    /// writer whose log a [`Checkpointer`] keeps short.
    pub fn set_autocheckpoint(&self, pages: u32) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "wal_autocheckpoint", pages).map_err(|e| self.err(e))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self, source: rusqlite::Error) -> StoreError {
        sqlite_err(&self.path)(source)
    }
}

/// Maps SQLite errors to [`StoreError`] naming `path`; usable while a transaction borrows
/// the connection (where `Store::err` cannot be called).
pub(crate) fn sqlite_err(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Sqlite { path: path.display().to_string(), source }
}
