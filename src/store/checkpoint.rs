//! Checkpoints off the writer's thread. A checkpoint copies the write-ahead log into the
//! database file and waits for the disk; done by the writer itself (SQLite's automatic
//! checkpoint every 16 MB of log) it stalls a polling round's only writer for ~0.1 s each
//! time, and a cold round of 25,000 articles writes ~35 MB of log. Here the poller's
//! writer raises its own threshold to a safety net ([`WRITER_LIMIT`]) and nudges this
//! thread (one for the poller's lifetime) after each commit; once the writer has been idle
//! a moment, the thread runs a PASSIVE checkpoint on its own connection, which never blocks
//! the writer and is safe to stop at any point, even by a kill. `poll --once` exits before
//! that moment: its log waits for the next run (or the safety net).

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use rusqlite::Connection;

/// How long the writer must have been idle before a checkpoint: rounds write in bursts.
const IDLE: Duration = Duration::from_millis(150);

/// The writer's own automatic checkpoint threshold (pages of log, 64 MB), for when this
/// thread never gets its turn (`poll --once` exits right after its round).
pub const WRITER_LIMIT: u32 = 16_000;

/// A handle on the checkpoint thread; dropping it stops the thread (after the checkpoint
/// it may be running).
pub struct Checkpointer {
    nudge: Sender<()>,
}

impl Checkpointer {
    /// Starts a thread checkpointing the database at `path`, or `None` when it cannot be
    /// opened (the writer then keeps its own automatic checkpoints).
    pub fn spawn(path: &Path) -> Option<Checkpointer> {
        let conn = Connection::open(path).ok()?;
        conn.busy_timeout(Duration::from_millis(50)).ok()?;
        let (nudge, rx) = channel();
        std::thread::Builder::new().name("checkpoint".into()).spawn(move || run(&conn, &rx)).ok()?;
        Some(Checkpointer { nudge })
    }

    /// Tells the thread a transaction was committed.
    pub fn committed(&self) {
        let _ = self.nudge.send(());
    }
}

fn run(conn: &Connection, rx: &Receiver<()>) {
    while rx.recv().is_ok() {
        // Wait for a pause in the commits (a poller that goes away takes its log along).
        loop {
            match rx.recv_timeout(IDLE) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::debug!(error = %e, "passive checkpoint");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of `t` in the database file alone, without its log: what checkpoints copied.
    fn rows_in_file(path: &Path, scratch: &Path) -> i64 {
        std::fs::copy(path, scratch).unwrap();
        let c = Connection::open(scratch).unwrap();
        c.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap_or(-1)
    }

    #[test]
    fn checkpoints_once_the_writer_pauses() {
        let dir = tempfile::tempdir().unwrap();
        let (path, scratch) = (dir.path().join("t.db"), dir.path().join("copy.db"));
        let w = Connection::open(&path).unwrap();
        w.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t(x);",
        )
        .unwrap();
        let c = Checkpointer::spawn(&path).unwrap();
        // The writer checkpoints nothing itself: whatever reaches the file is the thread's.
        for i in 0..50 {
            w.execute("INSERT INTO t VALUES (?1)", [i]).unwrap();
            c.committed();
        }
        let start = std::time::Instant::now();
        while rows_in_file(&path, &scratch) < 50 {
            assert!(start.elapsed() < Duration::from_secs(10), "no checkpoint after the writer paused");
            std::thread::sleep(Duration::from_millis(20));
        }
        // And again after the next burst.
        w.execute("INSERT INTO t VALUES (50)", []).unwrap();
        c.committed();
        while rows_in_file(&path, &scratch) < 51 {
            assert!(start.elapsed() < Duration::from_secs(10), "no checkpoint after the second burst");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
