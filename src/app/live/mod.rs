//! Live mode (`callsim serve`): one replication run paced against the wall clock, watched through
//! an HTTP monitoring API shaped like the platform's real-time interfaces and a wallboard page,
//! and steered through a control API (pause, resume, speed, what-ifs). See `docs/live.md`.
//!
//! ```text
//!  simulation thread ──snapshots──► Board (latest only) ──► HTTP handlers, SSE stream (tokio)
//!        ▲                                                          │
//!        └──────────── requests (bounded channel, polled) ◄─────────┘
//! ```
//!
//! tokio lives here only: the engine is the same synchronous [`crate::sim::engine::Simulation`] that
//! offline runs use, driven by [`session`] on its own thread.

mod http;
pub mod monitor;
pub mod session;

use std::sync::Arc;
use std::sync::atomic::Ordering;

pub use session::{Ended, Options, State};

use super::error::Result;
use crate::output::eventlog::EventLog;
use crate::sim::model::Model;

/// Requests waiting for the simulation thread at most; more get a 503.
const REQUESTS: usize = 64;

/// What `serve` does once the simulation is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtEnd {
    /// Keep serving the final state until Ctrl-C.
    KeepServing,
    /// Stop serving and return.
    Exit,
}

/// Serves a live session of `model` on `listener` until the simulation is over (with
/// [`AtEnd::Exit`], or after a Ctrl-C) or Ctrl-C. The first Ctrl-C before the end runs the rest
/// unpaced, so the session still ends with complete reports and log; a second one aborts.
///
/// The log's first segment is opened before anything is announced, so an unwritable log fails
/// here. `on_end` runs on the simulation thread as soon as the simulation is over (or aborted:
/// an error of kind `Interrupted`), with its tables and log segment, to write the log and the
/// reports; `Err` from it ends the session at once. What it returns is what `serve` returns.
pub fn serve(
    model: Arc<Model>,
    listener: std::net::TcpListener,
    options: Options,
    log: Option<EventLog>,
    at_end: AtEnd,
    on_end: impl FnOnce(std::io::Result<Ended>, Option<EventLog>) -> Result<()> + Send + 'static,
) -> std::io::Result<Result<()>> {
    let segment = log.as_ref().map(|log| log.segment(0)).transpose()?;
    let address = listener.local_addr()?;
    listener.set_nonblocking(true)?;
    // One worker: HTTP clients get one core at most, and the simulation thread keeps its own.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    let (requests, inbox) = crossbeam_channel::bounded(REQUESTS);
    let (board, watchers) = tokio::sync::watch::channel(session::first_publication(&model, &options));
    let (done, mut finished) = tokio::sync::oneshot::channel();
    let stop = session::Stop::default();
    let simulation = {
        let (model, stop) = (Arc::clone(&model), Arc::clone(&stop));
        std::thread::Builder::new().name("simulation".into()).spawn(move || {
            let ended = session::run(&model, &options, segment, &inbox, &board, &stop);
            drop(inbox); // requests from now on are refused at once
            let result = on_end(ended, log);
            // The board goes back with the result, so that the stream keeps its last state.
            let _ = done.send((result, board));
        })?
    };
    eprintln!("callsim: live at http://{address}/ (wallboard; API under /api/); Ctrl-C finishes the run");
    let app = http::App { model, board: watchers, requests };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let server = tokio::spawn(axum::serve(listener, http::router(app)).into_future());
        let mut result = None;
        let mut _board = None;
        let mut stopping = false;
        loop {
            tokio::select! {
                ended = &mut finished, if result.is_none() => {
                    let Ok((ended, board)) = ended else { break };
                    let failed = ended.is_err();
                    result = Some(ended);
                    _board = Some(board);
                    if failed || stopping || at_end == AtEnd::Exit {
                        break;
                    }
                    eprintln!("the simulation is over; serving its final state until Ctrl-C");
                }
                signal = tokio::signal::ctrl_c() => {
                    signal?;
                    if result.is_some() {
                        break;
                    }
                    if stopping {
                        eprintln!("aborting: no report and no log");
                        stop.store(session::ABORT, Ordering::Relaxed);
                    } else {
                        stopping = true;
                        eprintln!("finishing the simulation unpaced for its reports and log (Ctrl-C again aborts)");
                        stop.store(session::FINISH, Ordering::Relaxed);
                    }
                }
            }
        }
        server.abort();
        Ok::<_, std::io::Error>(result)
    })?;
    let _ = simulation.join();
    match result {
        Some(result) => Ok(result),
        None => Err(std::io::Error::other("the simulation thread stopped without a result")),
    }
}
