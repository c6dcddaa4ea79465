//! Running replications: each on its own random streams, spread over threads, merged in
//! replication order so the report does not depend on the thread count.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::engine;
use crate::model::Model;
use crate::report::{Summary, Table};

/// Runs every replication of `model` on up to `threads` threads and returns each one's summary
/// tables, in replication order.
pub fn replications(model: &Model, threads: usize) -> Vec<(Table, Table)> {
    let count = model.replications;
    let next = AtomicU32::new(0);
    let results: Mutex<Vec<Option<(Table, Table)>>> = Mutex::new(vec![None; count as usize]);
    let threads = threads.clamp(1, count.max(1) as usize);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let replication = next.fetch_add(1, Ordering::Relaxed);
                    if replication >= count {
                        break;
                    }
                    let tables = engine::run(model, replication, Summary::new(model)).finish();
                    if let Ok(mut results) = results.lock() {
                        results[replication as usize] = Some(tables);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default().into_iter().flatten().collect()
}
