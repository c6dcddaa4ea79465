//! Tracing one call or one agent through an event log, in plain words with times: for a planner
//! asking "why did this caller wait 4 minutes?" or "what was agent b-007 doing at 10:15?".
//!
//! ```text
//! 00:12:03.2  arrived on 123451 → queue A
//! 00:12:03.2  waits in queue A
//! 00:12:44.2  waited 41.0 s; timed out: Skill Timeout → transferred to queue B
//! 00:12:56.7  answered by agent b-007 after 12.5 s
//! 00:16:01.7  talked 3m05s → released (completed)
//! 00:16:01.7  in the system 3m58s
//! ```
//!
//! An event that decides where a call goes (a timeout, a rejection, an IVR exit, the end of a
//! talk) shares its line with the transfer or release that follows it at the same instant.

use std::fmt::Write;

use crate::input::diagnostic::LineError;
use crate::output::eventlog::{Entry, LogReader, StreamCheck};
use crate::output::figure::duration;
use crate::sim::agent_states::AgentStates;
use crate::sim::event::{CallId, Event, ReleaseCause, TransferCause};
use crate::sim::id::{AgentId, QueueId};
use crate::sim::model::{DeviceId, Model};
use crate::sim::time::SimTime;

/// Who to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Call(CallId),
    /// An agent's ID, as in the reports.
    Agent(String),
}

/// Why a trace could not be told.
#[derive(Debug)]
pub enum TraceError {
    /// The log is unreadable or wrong at a line.
    Log(LineError),
    /// The call or agent is not in the log.
    NotFound(String),
}

/// The story of `subject` in replication `replication` of the log.
pub fn trace(log: &mut LogReader, model: &Model, replication: u32, subject: &Subject) -> Result<String, TraceError> {
    let mut story = match subject {
        Subject::Call(call) => Story::new(model, Follow::Call(*call)),
        Subject::Agent(id) => Story::new(model, Follow::Agent(agent_index(model, id)?)),
    };
    let mut check = StreamCheck::new(model);
    let mut calls_seen = 0;
    while let Some(entry) = log.next_entry().map_err(TraceError::Log)? {
        if let Err((field, message)) = check.check(entry.replication, entry.time, &entry.event) {
            return Err(TraceError::Log(log.error(field, message)));
        }
        if entry.replication < replication {
            continue;
        }
        if entry.replication > replication {
            break;
        }
        if let Event::CallArrived { call, .. } | Event::CarriedOver { call, .. } | Event::CarriedTalking { call, .. } =
            entry.event
        {
            calls_seen = call + 1;
        }
        if story.tell(&entry) == Told::Ended {
            break;
        }
    }
    story.flush();
    if story.lines == 0 {
        if let Some(trailer) = log.trailer()
            && replication >= trailer.replications
        {
            let last = trailer.replications.saturating_sub(1);
            return Err(TraceError::NotFound(format!("the log has replications 0 to {last}, not {replication}")));
        }
        let what = match subject {
            Subject::Call(call) if calls_seen == 0 => format!("call {call}: replication {replication} has no calls"),
            Subject::Call(call) => {
                format!("call {call} is not in replication {replication}, whose calls are 0 to {}", calls_seen - 1)
            }
            Subject::Agent(id) => format!("agent {id} has no events in replication {replication}"),
        };
        return Err(TraceError::NotFound(what));
    }
    Ok(story.text)
}

fn agent_index(model: &Model, id: &str) -> Result<AgentId, TraceError> {
    if let Some(agent) = model.agents.position(|a| a.id == id) {
        return Ok(agent);
    }
    let closest = model
        .agents
        .iter()
        .map(|a| (strsim::jaro_winkler(id, &a.id), a.id.as_str()))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.8)
        .map(|(_, name)| format!("; did you mean {name}?"))
        .unwrap_or_default();
    Err(TraceError::NotFound(format!("the scenario has no agent {id}{closest}")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follow {
    Call(CallId),
    Agent(AgentId),
}

#[derive(Debug, PartialEq, Eq)]
enum Told {
    Going,
    Ended,
}

/// The story so far.
struct Story<'m> {
    model: &'m Model,
    follow: Follow,
    text: String,
    lines: usize,
    /// A line waiting for what follows at the same instant: (time, words).
    pending: Option<(SimTime, String)>,
    /// When the followed call entered its IVR, was answered or arrived; when the agent's
    /// wrap-up began.
    entered_ivr: SimTime,
    answered: SimTime,
    arrived: SimTime,
    wrap_up: SimTime,
    /// Every agent's state, to tell a concurrent agent's sessions in progress.
    states: AgentStates,
    /// A concurrent agent's sessions: when each talk began (by call) and each wrap-up (by
    /// queue, first in first out, as `wrap-up-ended` names no call).
    talks: Vec<(CallId, SimTime)>,
    wrap_ups: Vec<(QueueId, SimTime)>,
}

impl<'m> Story<'m> {
    fn new(model: &'m Model, follow: Follow) -> Self {
        let title = match follow {
            Follow::Call(call) => format!("call {call}\n"),
            Follow::Agent(agent) => {
                let a = &model.agents[agent];
                format!("agent {} of group {}\n", a.id, model.groups[a.group].name)
            }
        };
        let zero = SimTime::ZERO;
        Story {
            model,
            follow,
            text: title,
            lines: 0,
            pending: None,
            entered_ivr: zero,
            answered: zero,
            arrived: zero,
            wrap_up: zero,
            states: AgentStates::new(model),
            talks: Vec::new(),
            wrap_ups: Vec::new(),
        }
    }

    fn line(&mut self, t: SimTime, words: String) {
        self.flush();
        let _ = writeln!(self.text, "{t}  {words}");
        self.lines += 1;
    }

    /// Holds a line that the next event at the same instant may complete.
    fn hold(&mut self, t: SimTime, words: String) {
        self.flush();
        self.pending = Some((t, words));
    }

    /// Completes the held line with `more` if it is from `t`; else writes `more` on its own line.
    fn complete(&mut self, t: SimTime, more: String) {
        match self.pending.take() {
            Some((held, words)) if held == t => self.line(t, format!("{words} → {more}")),
            other => {
                self.pending = other;
                self.line(t, more);
            }
        }
    }

    /// ", one of N sessions in progress" for an agent with concurrent sessions (rule 31) that has
    /// others; empty otherwise.
    fn sessions_of(&self, agent: AgentId) -> String {
        match self.states.sessions(agent).map(|s| s.in_progress()) {
            Some(n @ 2..) => format!(", one of its {n} sessions in progress"),
            _ => String::new(),
        }
    }

    fn flush(&mut self) {
        if let Some((t, words)) = self.pending.take() {
            let _ = writeln!(self.text, "{t}  {words}");
            self.lines += 1;
        }
    }

    fn tell(&mut self, entry: &Entry) -> Told {
        self.states.transition(&entry.event);
        match self.follow {
            Follow::Call(call) if entry.event.call() == Some(call) => self.tell_call(entry.time, &entry.event),
            Follow::Agent(agent) if entry.event.agent() == Some(agent) => {
                self.tell_agent(entry.time, &entry.event);
                Told::Going
            }
            _ => Told::Going,
        }
    }

    fn tell_call(&mut self, t: SimTime, event: &Event) -> Told {
        let m = self.model;
        match *event {
            Event::CallArrived { traffic, .. } => {
                self.arrived = t;
                self.hold(t, format!("arrived on {}", m.traffic[traffic].dialed));
            }
            Event::CarriedOver { traffic, queue, wait, .. } => {
                self.arrived = t.minus(wait);
                self.line(
                    t,
                    format!(
                        "at the warm start, a caller on {} waiting {} at queue {}",
                        m.traffic[traffic].dialed,
                        duration(wait),
                        queue_name(m, queue)
                    ),
                );
            }
            Event::CarriedTalking { traffic, queue, agent, .. } => {
                self.arrived = t;
                self.answered = t;
                self.line(
                    t,
                    format!(
                        "at the warm start, a caller on {} talking to agent {} of queue {} (not counted)",
                        m.traffic[traffic].dialed,
                        agent_name(m, agent),
                        queue_name(m, queue)
                    ),
                );
            }
            Event::Routed { device, .. } => self.complete(t, device_name(m, device)),
            // The route or transfer that brought the call named the IVR or queue already.
            Event::EnteredIvr { .. } => self.entered_ivr = t,
            Event::Offered { .. } => {}
            Event::LeftIvr { ivr, .. } => {
                let stay = duration(t.since(self.entered_ivr));
                self.hold(t, format!("left IVR {} after {stay}", m.ivrs[ivr].name));
            }
            Event::RejectedNoAgents { queue, .. } => {
                self.hold(t, format!("no agent of queue {} signed in: Skill NoAgents", queue_name(m, queue)))
            }
            Event::RejectedBusy { queue, .. } => {
                self.hold(t, format!("queue {} is full and no agent is idle: Skill Busy", queue_name(m, queue)))
            }
            Event::Queued { queue, .. } => self.line(t, format!("waits in queue {}", queue_name(m, queue))),
            Event::Ringing { agent, queue, .. } => {
                self.line(t, format!("rings at agent {}{}", agent_name(m, agent), tier_of(m, queue, agent)))
            }
            Event::NoAnswer { agent, .. } => {
                self.line(t, format!("agent {} did not answer; back in the line", agent_name(m, agent)))
            }
            Event::CallRejected { agent, .. } => {
                self.line(t, format!("agent {} rejected it; back in the line", agent_name(m, agent)))
            }
            Event::Answered { agent, queue, wait, .. } => {
                self.answered = t;
                self.line(
                    t,
                    format!(
                        "answered by agent {}{} after {}{}",
                        agent_name(m, agent),
                        tier_of(m, queue, agent),
                        duration(wait),
                        self.sessions_of(agent)
                    ),
                );
            }
            Event::Abandoned { wait, ringing, .. } => {
                let words = match ringing {
                    Some(agent) => {
                        format!("hung up after {} while ringing at agent {}", duration(wait), agent_name(m, agent))
                    }
                    None => format!("hung up after waiting {}", duration(wait)),
                };
                self.hold(t, words);
            }
            Event::TimedOut { wait, .. } => {
                self.hold(t, format!("waited {}; timed out: Skill Timeout", duration(wait)))
            }
            Event::Closed { queue, wait, .. } => self.hold(
                t,
                format!(
                    "waited {}; the last agent of queue {} signed out: closing",
                    duration(wait),
                    queue_name(m, queue)
                ),
            ),
            Event::TalkEnded { .. } => self.hold(t, format!("talked {}", duration(t.since(self.answered)))),
            Event::Consulting { agent, .. } => {
                self.complete(t, format!("agent {} stays on the line", agent_name(m, agent)))
            }
            Event::ConsultEnded { agent, .. } => {
                self.line(t, format!("agent {}, who transferred it, left the call", agent_name(m, agent)))
            }
            Event::Transferred { to, cause, .. } => {
                let by = if cause == TransferCause::AfterTalk { "the agent transferred it" } else { "transferred" };
                self.complete(t, format!("{by} to {}", device_name(m, to)));
            }
            Event::Released { cause, .. } => {
                let words = match cause {
                    ReleaseCause::TransferLimit => "released: it had made the most transfers allowed".to_owned(),
                    ReleaseCause::TrunkBusy => "busy tone: every line was taken".to_owned(),
                    cause => format!("released ({})", cause.name()),
                };
                self.complete(t, words);
                self.line(t, format!("in the system {}", duration(t.since(self.arrived))));
                return Told::Ended;
            }
            Event::CallbackRequested { queue, .. } => self
                .complete(t, format!("took the callback of queue {}: hung up, keeps its place", queue_name(m, queue))),
            Event::CallingBack { agent, .. } => self.line(t, format!("agent {} calls back", agent_name(m, agent))),
            Event::CallbackReached { wait, .. } => {
                self.answered = t;
                self.line(t, format!("reached, {} after asking", duration(wait)));
            }
            Event::CallbackUnreached { .. } => self.hold(t, "not reached".to_owned()),
            Event::WillCallAgain { .. } => self.complete(t, "will call again".to_owned()),
            Event::CalledAgain { .. } => self.hold(t, "called again".to_owned()),
            // The rest have no call (`Event::call`), so `tell` never hands them here.
            _ => {}
        }
        Told::Going
    }

    fn tell_agent(&mut self, t: SimTime, event: &Event) {
        let m = self.model;
        match *event {
            Event::AgentSignedIn { .. } => self.line(t, "signed in".into()),
            Event::AgentSignedOut { .. } => self.complete(t, "signed out".into()),
            Event::Ringing { call, queue, .. } => {
                self.line(t, format!("call {call} of queue {} rings", queue_name(m, queue)))
            }
            Event::Answered { call, queue, wait, agent } => {
                self.line(
                    t,
                    format!("answered call {call} of queue {}, which waited {}", queue_name(m, queue), duration(wait)),
                );
                self.answered = t;
                if self.states.sessions(agent).is_some() {
                    self.talks.push((call, t));
                }
            }
            Event::CarriedTalking { call, queue, .. } => {
                self.line(t, format!("at the warm start, talking on call {call} of queue {}", queue_name(m, queue)));
                self.answered = t;
            }
            Event::NoAnswer { call, .. } => self.hold(t, format!("did not answer call {call}")),
            Event::CallRejected { call, .. } => self.hold(t, format!("rejected call {call}")),
            Event::Abandoned { call, .. } => self.line(t, format!("call {call} hung up while ringing; available")),
            Event::TalkEnded { call, queue, agent } => {
                let mut began = self.answered;
                if self.states.sessions(agent).is_some() {
                    if let Some(at) = self.talks.iter().position(|&(c, _)| c == call) {
                        began = self.talks.remove(at).1;
                    }
                    self.wrap_ups.push((queue, t));
                }
                self.wrap_up = t;
                self.line(t, format!("ended call {call} after talking {}; wrap-up", duration(t.since(began))));
            }
            Event::Consulting { call, .. } => {
                self.answered = t;
                self.line(t, format!("transferred call {call} and stays on the line"));
            }
            Event::ConsultEnded { call, .. } => {
                self.wrap_up = t;
                self.line(
                    t,
                    format!("left call {call} after {} on the line; wrap-up", duration(t.since(self.answered))),
                );
            }
            Event::WrapUpEnded { queue, agent } => match self.states.sessions(agent) {
                Some(sessions) => {
                    let began = match self.wrap_ups.iter().position(|&(q, _)| q == queue) {
                        Some(at) => self.wrap_ups.remove(at).1,
                        None => self.wrap_up,
                    };
                    let then = match sessions.in_progress() {
                        0 => "available".to_owned(),
                        1 => "1 session in progress".to_owned(),
                        n => format!("{n} sessions in progress"),
                    };
                    self.line(t, format!("wrap-up done after {}; {then}", duration(t.since(began))));
                }
                None => self.line(t, format!("wrap-up done after {}; available", duration(t.since(self.wrap_up)))),
            },
            Event::AgentBusy { cause, .. } => self.complete(t, format!("busy ({})", cause.name())),
            Event::AgentRest { .. } => self.line(t, "on a break".into()),
            Event::AgentReturned { .. } => self.line(t, "back; available".into()),
            _ => {}
        }
    }
}

fn queue_name(model: &Model, queue: QueueId) -> &str {
    &model.queues[queue].name
}

fn agent_name(model: &Model, agent: AgentId) -> &str {
    &model.agents[agent].id
}

/// " of tier N (after T)" for an agent of a later tier of a queue with tiers; empty otherwise.
fn tier_of(model: &Model, queue: QueueId, agent: AgentId) -> String {
    let Some(tiers) = &model.queues[queue].tiers else { return String::new() };
    let after = tiers.after[model.agents[agent].group];
    match tiers.openings.iter().position(|&t| t == after) {
        Some(opening) => format!(" of tier {} (after {})", opening + 2, duration(after)),
        None => String::new(),
    }
}

fn device_name(model: &Model, device: DeviceId) -> String {
    match device {
        DeviceId::Queue(q) => format!("queue {}", queue_name(model, q)),
        DeviceId::Ivr(v) => format!("IVR {}", model.ivrs[v].name),
    }
}
