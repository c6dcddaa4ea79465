//! The simulation thread of a live session: runs the engine paced against the wall clock, applies
//! the requests the HTTP side sends it, and publishes snapshots.
//!
//! It never waits for a client. Requests come in over a bounded channel that it polls between
//! slices of work; snapshots go out through a [`Board`], which keeps only the latest one, so a
//! slow client misses snapshots instead of holding the engine back or making it buffer them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use serde::Serialize;

use super::monitor::{Monitor, Snapshot};
use crate::output::eventlog::{Segment, Written};
use crate::output::report::{Summary, Tables};
use crate::sim::engine::{Arrivals, Control, MAX_ARRIVAL_FACTOR, Pace, Simulation};
use crate::sim::id::TrafficId;
use crate::sim::model::Model;
use crate::sim::time::SimTime;

/// Calendar entries handled between two looks at the requests and the clock.
const SLICE: usize = 20_000;

/// What the HTTP side asks of the simulation: a control (the one enum of them, with its event
/// in [`Control::event`]), or a change of a dialed number's arrivals relative to its current
/// rate, which only the simulation thread can turn into the control's factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Request {
    /// Apply this control, unless it changes nothing (pausing a paused session, …).
    Control(Control),
    /// Arrivals on traffic entry `traffic` change by this many percent of their current rate.
    ArrivalsBy { traffic: TrafficId, percent: f64 },
}

/// What Ctrl-C asks of the session, shared with the simulation thread (which looks at it between
/// slices of work, so that a full request queue cannot lose it).
pub type Stop = std::sync::Arc<std::sync::atomic::AtomicU8>;
/// Ctrl-C once: run the rest unpaced, then end with complete reports and log.
pub const FINISH: u8 = 1;
/// Ctrl-C twice: stop now, with no report and no log.
pub const ABORT: u8 = 2;

/// The answer to a request: the simulated time it was applied at, and the event recorded.
pub type Reply = Result<Applied, Refusal>;

/// Why the simulation did not carry out a request (the API answers 409 Conflict).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    #[error("the simulation is over: arrivals have stopped and every call has ended")]
    Over,
    #[error("the session is finishing its run unpaced (Ctrl-C) and takes no more requests")]
    Finishing,
    #[error("arrivals on {dialed} are stopped, so a percentage changes nothing; give \"factor\" to set the rate again")]
    ArrivalsStopped { dialed: String },
    #[error(
        "arrivals on {dialed} would be {factor} × the scenario's rate; the factor goes from 0 to {MAX_ARRIVAL_FACTOR}"
    )]
    FactorOutOfRange { dialed: String, factor: f64 },
}

#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub applied_at_s: f64,
    /// The event recorded in the log (kebab-case name), if the request changed anything.
    pub event: Option<&'static str>,
}

/// A request with the channel its answer goes back on.
pub type Envelope = (Request, tokio::sync::oneshot::Sender<Reply>);

/// Where a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Running,
    Paused,
    /// Arrivals have stopped and every call has ended.
    Over,
}

/// A session's status, beside its snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub state: State,
    /// Simulated seconds per wall-clock second, or `"max"`.
    pub speed: serde_json::Value,
    pub scenario: String,
    pub seed: u64,
    pub horizon_s: f64,
    /// Each dialed number's arrival-rate factor (1: the scenario's rate).
    pub arrival_factors: Vec<ArrivalFactor>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrivalFactor {
    pub dialed: String,
    pub factor: f64,
}

/// One publication: the status, the snapshot, and the wallboard's JSON (status and queues, no
/// agents), serialised once for every client of the stream.
#[derive(Debug)]
pub struct Published {
    pub status: Status,
    pub snapshot: Snapshot,
    pub board: String,
    /// The board as one server-sent event, formatted once: every stream client sends these same
    /// bytes (a reference-counted clone, not a copy per client).
    pub frame: axum::body::Bytes,
}

/// The latest publication. Sending replaces it; nothing queues.
pub type Board = tokio::sync::watch::Sender<Arc<Published>>;

/// How the session starts.
#[derive(Debug, Clone)]
pub struct Options {
    pub scenario: String,
    pub pace: Pace,
    pub paused: bool,
    /// Wall-clock time between two publications while running.
    pub publish_every: Duration,
}

/// What the session leaves when it is over: the report's tables and the log's segment.
#[derive(Debug)]
pub struct Ended {
    pub tables: Tables,
    pub segment: Option<Written>,
}

type Projections<'m> = (Monitor<'m>, (Summary<'m>, Option<Segment>));

/// Runs the session to its end (the simulation over), then returns its tables and log segment;
/// an error of kind `Interrupted` if `stop` said abort (the segment's temporary file removed).
pub fn run(
    model: &Model,
    options: &Options,
    segment: Option<Segment>,
    requests: &Receiver<Envelope>,
    board: &Board,
    stop: &Stop,
) -> std::io::Result<Ended> {
    let projections: Projections = (Monitor::new(model), (Summary::new(model), segment));
    let mut session = Session {
        sim: Simulation::new(model, 0, Arrivals::Poisson, projections),
        model,
        options,
        pace: options.pace,
        paused: options.paused,
        anchor: (Instant::now(), SimTime::ZERO),
        finishing: false,
    };
    session.publish(board);
    let mut published = Instant::now();
    // Between two looks at the requests and the stop signal, when there is nothing to do.
    let tick = options.publish_every.min(Duration::from_millis(50));
    loop {
        match stop.load(std::sync::atomic::Ordering::Relaxed) {
            ABORT => {
                let (_, (_, segment)) = session.sim.into_projection();
                drop(segment.map(Segment::finish)); // its temporary file goes with it
                return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "aborted"));
            }
            FINISH if !session.finishing => session.finish(board),
            _ => {}
        }
        // Requests first: each applies at the simulated instant reached.
        while let Ok(envelope) = requests.try_recv() {
            session.answer(envelope, board);
        }
        if session.sim.is_over() {
            break;
        }
        let idle = if session.paused && !session.finishing {
            true
        } else {
            let reached = session.sim.advance(session.target(), SLICE);
            if published.elapsed() >= options.publish_every {
                session.publish(board);
                published = Instant::now();
            }
            // Caught up with the wall clock: wait for the next tick, or a request.
            reached && !session.finishing && matches!(session.pace, Pace::Times(_))
        };
        if idle {
            match requests.recv_timeout(tick) {
                Ok(envelope) => session.answer(envelope, board),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => session.finishing = true, // the server is gone
            }
        }
    }
    session.publish(board);
    // Requests that came in too late.
    while let Ok((_, reply)) = requests.try_recv() {
        let _ = reply.send(Err(Refusal::Over));
    }
    let (_, (summary, segment)) = session.sim.finish();
    let segment = segment.map(Segment::finish).transpose()?;
    Ok(Ended { tables: summary.finish(), segment })
}

struct Session<'m, 'o> {
    sim: Simulation<'m, Projections<'m>>,
    model: &'m Model,
    options: &'o Options,
    pace: Pace,
    paused: bool,
    /// A wall-clock instant and the simulated time then: the pace counts from there.
    anchor: (Instant, SimTime),
    /// Ctrl-C: run the rest unpaced.
    finishing: bool,
}

impl Session<'_, '_> {
    /// The simulated time the wall clock says the session should be at.
    fn target(&self) -> SimTime {
        match self.pace {
            _ if self.finishing => SimTime::NEVER,
            Pace::Max => SimTime::NEVER,
            Pace::Times(speed) => {
                let elapsed = self.anchor.0.elapsed().as_secs_f64() * speed;
                self.anchor.1.plus(crate::sim::time::SimDuration::from_secs(elapsed))
            }
        }
    }

    /// Restarts the pace from now (after a pause or a change of speed).
    fn re_anchor(&mut self) {
        self.anchor = (Instant::now(), self.sim.now());
    }

    fn apply(&mut self, control: Control) -> Reply {
        self.sim.apply(control);
        Ok(Applied { applied_at_s: self.sim.now().secs(), event: Some(control.event().name()) })
    }

    /// Handles a request, publishes, then replies: a client that has its answer sees its effect.
    fn answer(&mut self, (request, reply): Envelope, board: &Board) {
        let answer = self.handle(request);
        self.publish(board);
        let _ = reply.send(answer);
    }

    fn handle(&mut self, request: Request) -> Reply {
        let unchanged = || Ok(Applied { applied_at_s: self.sim.now().secs(), event: None });
        if self.sim.is_over() {
            return Err(Refusal::Over);
        }
        if self.finishing {
            return Err(Refusal::Finishing);
        }
        match request {
            Request::Control(Control::Pause) if self.paused => unchanged(),
            Request::Control(Control::Pause) => {
                self.paused = true;
                self.apply(Control::Pause)
            }
            Request::Control(Control::Resume) if !self.paused => unchanged(),
            Request::Control(Control::Resume) => {
                self.paused = false;
                self.re_anchor();
                self.apply(Control::Resume)
            }
            Request::Control(Control::Speed(pace)) if pace == self.pace => unchanged(),
            Request::Control(Control::Speed(pace)) => {
                self.pace = pace;
                self.re_anchor();
                self.apply(Control::Speed(pace))
            }
            Request::Control(Control::ScaleArrivals { traffic, factor }) => self.scale_arrivals(traffic, factor),
            Request::ArrivalsBy { traffic, percent } => {
                let now = self.sim.arrival_factor(traffic);
                if now == 0.0 {
                    return Err(Refusal::ArrivalsStopped { dialed: self.model.traffic[traffic].dialed.clone() });
                }
                self.scale_arrivals(traffic, now * (1.0 + percent / 100.0))
            }
            Request::Control(control @ (Control::SignOut { .. } | Control::SignIn { .. })) => self.apply(control),
        }
    }

    /// A what-if on arrivals: `traffic` arrives at `factor` times the scenario's rate.
    fn scale_arrivals(&mut self, traffic: TrafficId, factor: f64) -> Reply {
        if !(factor.is_finite() && (0.0..=MAX_ARRIVAL_FACTOR).contains(&factor)) {
            return Err(Refusal::FactorOutOfRange { dialed: self.model.traffic[traffic].dialed.clone(), factor });
        }
        if factor == self.sim.arrival_factor(traffic) {
            return Ok(Applied { applied_at_s: self.sim.now().secs(), event: None });
        }
        self.apply(Control::ScaleArrivals { traffic, factor })
    }

    /// Ctrl-C: record the change to an unpaced run, and run the rest so.
    fn finish(&mut self, board: &Board) {
        if self.pace != Pace::Max && !self.sim.is_over() {
            self.pace = Pace::Max;
            let _ = self.apply(Control::Speed(Pace::Max));
        }
        self.finishing = true;
        self.publish(board);
    }

    fn state(&self) -> State {
        if self.sim.is_over() {
            State::Over
        } else if self.paused && !self.finishing {
            State::Paused
        } else {
            State::Running
        }
    }

    fn publish(&mut self, board: &Board) {
        let factors: Vec<f64> = self.model.traffic.ids().map(|t| self.sim.arrival_factor(t)).collect();
        let status = status(self.model, self.options, self.state(), self.pace, &factors);
        let now = self.sim.now();
        let snapshot = self.sim.projection_mut().0.snapshot(now);
        board.send_replace(publication(status, snapshot));
    }
}

fn status(model: &Model, options: &Options, state: State, pace: Pace, factors: &[f64]) -> Status {
    let speed = match pace {
        Pace::Max => serde_json::Value::from("max"),
        Pace::Times(speed) => serde_json::Value::from(speed),
    };
    Status {
        state,
        speed,
        scenario: options.scenario.clone(),
        seed: model.seed,
        horizon_s: model.horizon.secs(),
        arrival_factors: model
            .traffic
            .iter()
            .zip(factors)
            .map(|(traffic, &factor)| ArrivalFactor { dialed: traffic.dialed.clone(), factor })
            .collect(),
    }
}

fn publication(status: Status, snapshot: Snapshot) -> Arc<Published> {
    let board = serde_json::json!({
        "status": &status,
        "time_s": snapshot.time_s,
        "clock": &snapshot.clock,
        "window_start_s": snapshot.window_start_s,
        "window_end_s": snapshot.window_end_s,
        "queues": &snapshot.queues,
    })
    .to_string();
    let frame = axum::body::Bytes::from(format!("event: board\ndata: {board}\n\n"));
    Arc::new(Published { status, snapshot, board, frame })
}

/// What the board shows before the simulation thread publishes: time zero, nobody signed in.
pub fn first_publication(model: &Model, options: &Options) -> Arc<Published> {
    let state = if options.paused { State::Paused } else { State::Running };
    let status = status(model, options, state, options.pace, &vec![1.0; model.traffic.len()]);
    publication(status, Monitor::new(model).snapshot(SimTime::ZERO))
}
