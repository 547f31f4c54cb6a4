//! The CPU side of a polling round (parsing, cleaning, tagging) on a small pool of threads
//! of lower priority than the database writer. The writer is the round's long pole; on a
//! machine with few cores, workers at equal priority took turns with it and left it
//! waiting. At a lower priority they use every core the writer does not need.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

type Job = Box<dyn FnOnce() + Send>;

/// Niceness of the workers (Unix): the scheduler gives the writer most of a contended core.
const NICE: i32 = 10;

/// Worker threads fed from one queue; dropping the pool lets them finish and exit.
pub struct CpuPool {
    jobs: Sender<Job>,
}

impl CpuPool {
    /// Starts `n` workers (at least one).
    pub fn new(n: usize) -> CpuPool {
        let (tx, rx) = channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for i in 0..n.max(1) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("poll-cpu-{i}")).spawn(move || work(&rx));
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "could not start a poll worker");
            }
        }
        CpuPool { jobs: tx }
    }

    /// Runs `f` on a worker; its result comes back through the returned future, `None` if
    /// it panicked or no worker runs.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(out.ok());
        });
        self.jobs.send(job).ok()?;
        rx.await.ok().flatten()
    }
}

fn work(rx: &Mutex<Receiver<Job>>) {
    lower_priority();
    loop {
        let job = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: a plain syscall wrapper taking integers; `who = 0` is the calling thread on
    // Linux (nice values are per thread there). Failure only leaves the priority as it was.
    let r = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, NICE) };
    if r != 0 {
        tracing::debug!("could not lower the poll workers' priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {
    let _ = NICE;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_and_survives_a_panicking_one() {
        let pool = CpuPool::new(2);
        let results = futures_join(&pool).await;
        assert_eq!(results, [Some(1), None, Some(3)]);
    }

    async fn futures_join(pool: &CpuPool) -> [Option<i32>; 3] {
        let a = pool.run(|| 1);
        let b = pool.run(|| -> i32 { panic!("feed-rs") });
        let c = pool.run(|| 3);
        [a.await, b.await, c.await]
    }
}
