//! Work on many items in parallel with one writer: rayon runs `work` on the items on a
//! pool of threads, and the calling thread receives the results through a bounded
//! channel and hands them to `store` in groups, so that a slow store holds the workers
//! back instead of letting results pile up in memory.

use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Results handed to the store at once, at most.
const GROUP_SIZE: usize = 64;
/// The longest a result waits for its group to be stored.
const GROUP_WAIT: Duration = Duration::from_millis(500);

/// How many threads a parallel run takes.
#[derive(Debug, Clone, Copy)]
pub struct Parallel {
    /// Worker threads.
    pub jobs: usize,
}

impl Parallel {
    /// Runs `work` on every item on `jobs` threads, and `store` on the results, in groups
    /// of up to `GROUP_SIZE`, on the calling thread, in the order they finish. A group
    /// is stored when it is full, when its first result has waited `GROUP_WAIT`, and at
    /// the end. An error from `store` stops the workers (the items under way finish) and
    /// is returned; so is a failure to start the threads.
    pub fn run<'a, T, R, E>(
        &self,
        items: &'a [T],
        work: impl Fn(&'a T) -> R + Sync,
        mut store: impl FnMut(Vec<R>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: Sync,
        R: Send,
        E: From<rayon::ThreadPoolBuildError>,
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.max(1))
            .build()?;
        let (sender, receiver) = sync_channel::<R>(2 * self.jobs.max(1));
        std::thread::scope(|scope| {
            scope.spawn(|| {
                pool.install(|| {
                    // A send fails only once the receiver is gone: stop taking items.
                    let _ = items
                        .par_iter()
                        .with_max_len(1)
                        .try_for_each_with(sender, |sender, item| sender.send(work(item)));
                });
            });
            // Owned here, so that returning early drops it and the workers stop.
            let receiver = receiver;
            let mut group = Vec::new();
            let mut first_waiting = Instant::now();
            loop {
                let wait = GROUP_WAIT.saturating_sub(first_waiting.elapsed());
                let done = match receiver.recv_timeout(wait) {
                    Ok(result) => {
                        if group.is_empty() {
                            first_waiting = Instant::now();
                        }
                        group.push(result);
                        false
                    }
                    Err(RecvTimeoutError::Timeout) => false,
                    Err(RecvTimeoutError::Disconnected) => true,
                };
                let due = group.len() >= GROUP_SIZE
                    || (!group.is_empty() && first_waiting.elapsed() >= GROUP_WAIT);
                if (due || done) && !group.is_empty() {
                    store(std::mem::take(&mut group))?;
                }
                if done {
                    return Ok(());
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_worked_on_and_stored_once() {
        let items: Vec<u32> = (0..500).collect();
        let mut stored = Vec::new();
        let mut groups = 0;
        Parallel { jobs: 2 }
            .run(
                &items,
                |&i| i * 2,
                |group| {
                    assert!(group.len() <= GROUP_SIZE);
                    groups += 1;
                    stored.extend(group);
                    Ok::<_, anyhow::Error>(())
                },
            )
            .unwrap();
        stored.sort_unstable();
        assert_eq!(stored, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(groups >= 500 / GROUP_SIZE);
    }

    #[test]
    fn a_store_error_stops_the_run() {
        let items: Vec<u32> = (0..10_000).collect();
        let mut calls = 0;
        let result = Parallel { jobs: 2 }.run(
            &items,
            |&i| i,
            |_| {
                calls += 1;
                Err(anyhow::anyhow!("disk full"))
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(calls, 1);
    }
}
