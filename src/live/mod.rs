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
//! tokio lives here only: the engine is the same synchronous [`crate::engine::Simulation`] that
//! offline runs use, driven by [`session`] on its own thread.

mod http;
pub mod monitor;
pub mod session;

use std::net::SocketAddr;
use std::sync::Arc;

pub use session::{Ended, Options, State};

use crate::eventlog::EventLog;
use crate::model::Model;

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
/// [`AtEnd::Exit`]) or Ctrl-C. The first Ctrl-C before the end runs the rest unpaced, so the
/// session still ends with complete reports and log; a second one aborts.
///
/// `on_end` runs on the simulation thread as soon as the simulation is over, with its tables and
/// log segment (to write the log and the reports); what it returns is what `serve` returns.
pub fn serve<R: Send + 'static>(
    model: Arc<Model>,
    listener: std::net::TcpListener,
    options: Options,
    log: Option<EventLog>,
    at_end: AtEnd,
    on_end: impl FnOnce(std::io::Result<Ended>, Option<EventLog>) -> R + Send + 'static,
) -> std::io::Result<R> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let (requests, inbox) = crossbeam_channel::bounded(REQUESTS);
    let first = session::first_publication(&model, &options);
    let (board, watchers) = tokio::sync::watch::channel(first);
    let (done, mut finished) = tokio::sync::oneshot::channel();
    let simulation = {
        let model = Arc::clone(&model);
        std::thread::Builder::new().name("simulation".into()).spawn(move || {
            let ended = session::run(&model, &options, log.as_ref(), &inbox, &board);
            let result = on_end(ended, log);
            // The board goes back with the result, so that the stream keeps its last state.
            let _ = done.send((result, board));
        })?
    };
    listener.set_nonblocking(true)?;
    let app = http::App { model, board: watchers, requests: requests.clone() };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let server = tokio::spawn(axum::serve(listener, http::router(app)).into_future());
        let mut result = None;
        let mut _board = None;
        let mut finishing = false;
        loop {
            tokio::select! {
                ended = &mut finished, if result.is_none() => {
                    let Ok((ended, board)) = ended else { break };
                    result = Some(ended);
                    _board = Some(board);
                    if at_end == AtEnd::Exit {
                        break;
                    }
                    eprintln!("the simulation is over; serving its final state until Ctrl-C");
                }
                signal = tokio::signal::ctrl_c() => {
                    signal?;
                    if result.is_some() {
                        break;
                    }
                    if finishing {
                        eprintln!("aborted: no report and no log");
                        std::process::exit(130);
                    }
                    finishing = true;
                    eprintln!("finishing the simulation unpaced for its reports and log (Ctrl-C again aborts)");
                    let (reply, _) = tokio::sync::oneshot::channel();
                    let _ = requests.try_send((session::Request::Finish, reply));
                }
            }
        }
        server.abort();
        Ok::<_, std::io::Error>(result)
    })?;
    let _ = simulation.join();
    result.ok_or_else(|| std::io::Error::other("the simulation thread stopped without a result"))
}

/// The address a `--listen` value names, for the CLI.
pub fn listen_address(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| format!("--listen {text}: give an address and port such as 127.0.0.1:8080"))
}
