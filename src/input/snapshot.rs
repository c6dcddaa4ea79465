//! Snapshot files (`run --from FILE`, written by `run --snapshot FILE --snapshot-at TIME`): the
//! state of a center at one instant — callers waiting per queue with their waits so far, each
//! agent's state and time in it — read and checked against the model it is to start, every
//! problem reported at its file, line and field. The format is in `docs/snapshot.md`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::input::diagnostic::line_column;
use crate::input::platform::JsonPath;
use crate::input::platform::json_path::syntax_tree;
use crate::input::scenario::{TextError, read_text};
use crate::sim::id::{AgentId, QueueId, Table, TrafficId};
use crate::sim::model::{AgentStart, DeviceId, Model, Waiter, WarmStart};
use crate::sim::time::{SimDuration, SimTime};

/// The snapshot format's version; a reader refuses others rather than misread them.
pub const SNAPSHOT_VERSION: u32 = 1;

/// The largest snapshot read, in bytes: about a million waiting callers and agents.
pub const MAX_SNAPSHOT_BYTES: u64 = 64 * 1024 * 1024;

/// A snapshot as written in its file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// [`SNAPSHOT_VERSION`], first, so a reader knows the file at once.
    pub callsim_snapshot: u32,
    /// The instant, in seconds from the start of the run (00:00 of the first day).
    pub at_s: f64,
    #[serde(default)]
    pub queues: Vec<QueueState>,
    #[serde(default)]
    pub agents: Vec<AgentState>,
}

/// The callers waiting in one skill queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueState {
    pub queue: String,
    #[serde(default)]
    pub waiting: Vec<Caller>,
}

/// A caller waiting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caller {
    /// How long the caller has waited in the queue, s.
    pub waited_s: f64,
    /// The number the caller dialed; default: the first traffic entry routed to the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialed: Option<String>,
}

/// One agent's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentState {
    pub agent: String,
    pub state: State,
    /// How long the agent has been in the state, s.
    #[serde(default)]
    pub for_s: f64,
    /// The queue of the call talked on or wrapped up (`talking`, `wrap-up`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// The number its caller dialed (`talking`, `wrap-up`); default: as for a waiting caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialed: Option<String>,
    /// How long a `busy` or `rest` agent stays away from now, s, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_s: Option<f64>,
}

/// An agent's state, in the platform's words where it has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Idle,
    Talking,
    WrapUp,
    Busy,
    Rest,
    Out,
}

/// A problem with a snapshot file, placed at its line and column when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotError {
    pub path: PathBuf,
    /// 1-based line and column; (0, 0) for the file as a whole.
    pub line: usize,
    pub column: usize,
    /// The field at fault (`$.agents[3].queue`), if any.
    pub at: Option<String>,
    pub message: String,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match (self.line, &self.at) {
            (0, _) => write!(f, "{path}: error: {}", self.message),
            (line, Some(at)) => write!(f, "{path}:{line}:{}: error: {at}: {}", self.column, self.message),
            (line, None) => write!(f, "{path}:{line}:{}: error: {}", self.column, self.message),
        }
    }
}

/// Reads the snapshot at `path` and checks it against `model`: the snapshot and the warm start
/// it describes, or every problem found.
pub fn read(path: &Path, model: &Model) -> Result<(Snapshot, WarmStart), Vec<SnapshotError>> {
    let whole = |message: String| vec![SnapshotError { path: path.to_owned(), line: 0, column: 0, at: None, message }];
    let text = read_text(path, MAX_SNAPSHOT_BYTES).map_err(|e| {
        whole(match e {
            TextError::Unreadable(e) => format!("cannot read the snapshot: {e}"),
            TextError::TooLarge(size) => {
                format!("the snapshot is {size} bytes; callsim reads snapshots of at most {MAX_SNAPSHOT_BYTES} bytes")
            }
            TextError::NotUtf8 { line, column, byte } => {
                format!("line {line}, column {column}: byte {byte:#04x} is not UTF-8 text")
            }
        })
    })?;
    let snapshot = parse(path, &text)?;
    let warm = compile(&snapshot, model).map_err(|misfits| {
        let tree = syntax_tree(&text);
        misfits
            .into_iter()
            .map(|(at, message)| {
                let start = tree.as_ref().and_then(|tree| at.span_in(tree)).map_or(0, |span| span.start);
                let (line, column) = line_column(&text, start);
                SnapshotError { path: path.to_owned(), line, column, at: Some(at.to_string()), message }
            })
            .collect::<Vec<_>>()
    })?;
    Ok((snapshot, warm))
}

/// Deserializes a snapshot's text, a type error placed at the value at fault.
pub fn parse(path: &Path, text: &str) -> Result<Snapshot, Vec<SnapshotError>> {
    let mut track = serde_path_to_error::Track::new();
    let mut json = serde_json::Deserializer::from_str(text);
    let result = Snapshot::deserialize(serde_path_to_error::Deserializer::new(&mut json, &mut track))
        .and_then(|snapshot| json.end().map(|()| snapshot));
    let e = match result {
        Ok(snapshot) if snapshot.callsim_snapshot == SNAPSHOT_VERSION => return Ok(snapshot),
        Ok(snapshot) => {
            let message = format!(
                "snapshot format version {}; this callsim reads version {SNAPSHOT_VERSION}",
                snapshot.callsim_snapshot
            );
            let at = JsonPath::default().key("callsim_snapshot");
            let start = syntax_tree(text).and_then(|tree| at.span_in(&tree)).map_or(0, |span| span.start);
            let (line, column) = line_column(text, start);
            return Err(vec![SnapshotError { path: path.to_owned(), line, column, at: Some(at.to_string()), message }]);
        }
        Err(e) => e,
    };
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
    let at = track.path().iter().fold(JsonPath::default(), |json, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => json.index(*index),
        serde_path_to_error::Segment::Map { key } => json.key(key),
        _ => json,
    });
    let located = e.is_data().then(|| syntax_tree(text).and_then(|tree| at.span_in(&tree))).flatten();
    let (line, column) = match located {
        Some(span) => line_column(text, span.start),
        None => (e.line(), e.column()),
    };
    let at = e.is_data().then(|| at.to_string());
    Err(vec![SnapshotError { path: path.to_owned(), line, column, at, message }])
}

/// A problem of a snapshot that reads: the field at fault, and what is wrong.
type Misfit = (JsonPath, String);

/// The warm start `snapshot` describes for `model`, or what does not match it.
pub fn compile(snapshot: &Snapshot, model: &Model) -> Result<WarmStart, Vec<Misfit>> {
    let mut misfits = Vec::new();
    let root = JsonPath::default();
    let queues: HashMap<&str, QueueId> = model.queues.enumerate().map(|(q, m)| (m.name.as_str(), q)).collect();
    let agents: HashMap<&str, AgentId> = model.agents.enumerate().map(|(a, m)| (m.id.as_str(), a)).collect();
    let dialed: HashMap<&str, TrafficId> = model.traffic.enumerate().map(|(t, m)| (m.dialed.as_str(), t)).collect();
    let horizon = model.horizon.secs();
    let at_s = snapshot.at_s;
    if !(at_s.is_finite() && (0.0..horizon).contains(&at_s)) {
        misfits.push((
            root.key("at_s"),
            format!("{at_s} is not a time within the run: 0 ≤ at_s < {horizon} (the horizon)"),
        ));
    }
    let seconds = |value: f64, path: JsonPath, misfits: &mut Vec<Misfit>| -> SimDuration {
        if value.is_finite() && value >= 0.0 && value <= at_s {
            SimDuration::from_secs(value)
        } else {
            misfits.push((
                path,
                format!("{value} s is not a time from 0 to at_s ({at_s} s): the snapshot's run began at 0"),
            ));
            SimDuration::ZERO
        }
    };
    let traffic_of = |number: &Option<String>, q: QueueId, path: JsonPath, misfits: &mut Vec<Misfit>| -> TrafficId {
        match number {
            Some(number) => dialed.get(number.as_str()).copied().unwrap_or_else(|| {
                misfits
                    .push((path.key("dialed"), format!("{number:?} is not a dialed number of the scenario's traffic")));
                TrafficId(0)
            }),
            None => routed_to(model, q).unwrap_or_else(|| {
                let name = &model.queues[q].name;
                misfits.push((path, format!("no traffic entry is routed to queue {name} directly: give \"dialed\"")));
                TrafficId(0)
            }),
        }
    };
    let queue_of = |name: &Option<String>, path: JsonPath, misfits: &mut Vec<Misfit>| -> Option<QueueId> {
        let Some(name) = name else {
            misfits.push((path, "this state needs the \"queue\" of the call".to_owned()));
            return None;
        };
        let q = queues.get(name.as_str()).copied();
        if q.is_none() {
            misfits.push((path.key("queue"), format!("{name:?} is not a skill queue of the scenario")));
        }
        q
    };

    let mut waiting = Vec::new();
    for (i, state) in snapshot.queues.iter().enumerate() {
        let path = root.key("queues").index(i);
        let Some(q) = queue_of(&Some(state.queue.clone()), path.clone(), &mut misfits) else { continue };
        for (j, caller) in state.waiting.iter().enumerate() {
            let path = path.key("waiting").index(j);
            let waited = seconds(caller.waited_s, path.key("waited_s"), &mut misfits);
            let traffic = traffic_of(&caller.dialed, q, path, &mut misfits);
            waiting.push(Waiter { queue: q, traffic, waited });
        }
    }

    let mut starts: Table<AgentId, AgentStart> = Table::from_fn(model.agents.len(), |_| AgentStart::Out);
    let mut named: HashMap<AgentId, usize> = HashMap::new();
    for (i, state) in snapshot.agents.iter().enumerate() {
        let path = root.key("agents").index(i);
        let Some(&agent) = agents.get(state.agent.as_str()) else {
            misfits.push((path.key("agent"), format!("{:?} is not an agent of the scenario", state.agent)));
            continue;
        };
        if let Some(first) = named.insert(agent, i) {
            misfits.push((path.key("agent"), format!("agent {} is already in $.agents[{first}]", state.agent)));
            continue;
        }
        let since = seconds(state.for_s, path.key("for_s"), &mut misfits);
        let call = |misfits: &mut Vec<Misfit>| -> Option<(QueueId, TrafficId)> {
            let q = queue_of(&state.queue, path.clone(), misfits)?;
            if !model.agents[agent].skills.iter().any(|&(skill, _)| skill == q) {
                misfits.push((
                    path.key("queue"),
                    format!("agent {} does not hold the skill of queue {}", state.agent, model.queues[q].name),
                ));
            }
            Some((q, traffic_of(&state.dialed, q, path.clone(), misfits)))
        };
        starts[agent] = match state.state {
            State::Out => AgentStart::Out,
            State::Idle => AgentStart::Idle { since },
            State::Talking => match call(&mut misfits) {
                Some((queue, traffic)) => AgentStart::Talking { queue, traffic, since },
                None => continue,
            },
            State::WrapUp => match call(&mut misfits) {
                Some((queue, traffic)) => AgentStart::WrapUp { queue, traffic, since },
                None => continue,
            },
            State::Busy | State::Rest => {
                let left = state.left_s.map(|left| {
                    if left.is_finite() && left >= 0.0 {
                        SimDuration::from_secs(left)
                    } else {
                        misfits.push((path.key("left_s"), format!("{left} is not a length of time in seconds (≥ 0)")));
                        SimDuration::ZERO
                    }
                });
                AgentStart::Away { rest: state.state == State::Rest, since, left }
            }
        };
    }
    if !misfits.is_empty() {
        return Err(misfits);
    }
    Ok(WarmStart { at: SimTime::from_secs(at_s), waiting, agents: starts })
}

/// The first traffic entry whose called route leads to queue `q` itself.
fn routed_to(model: &Model, q: QueueId) -> Option<TrafficId> {
    model.traffic.enumerate().find(|(_, t)| t.device == DeviceId::Queue(q)).map(|(t, _)| t)
}
