//! Agent time by state: the Agent Traffic Report per agent and per group, and agents by state
//! per interval. Time counts within [warm-up, horizon]; definitions in `docs/reports.md`.

use crate::sim::id::{self, AgentId, GroupId, QueueId};
use crate::sim::model::Model;
use crate::sim::time::{SimDuration, SimTime};

use super::intervals::Intervals;
use super::table::Cell;

pub use crate::sim::event::AgentState;

const STATES: usize = 7;

/// Time spent in each state (indexed by `AgentState as usize`).
pub(super) type StateTime = [SimDuration; STATES];

/// One agent's state, its time in each state within the window, and its work counts.
#[derive(Debug, Clone, Copy)]
pub(super) struct AgentClock {
    pub state: AgentState,
    pub since: SimTime,
    pub time: StateTime,
    pub answered: u64,
    pub transfers_made: u64,
}

impl Default for AgentClock {
    fn default() -> Self {
        AgentClock {
            state: AgentState::Out,
            since: SimTime::ZERO,
            time: [SimDuration::ZERO; STATES],
            answered: 0,
            transfers_made: 0,
        }
    }
}

/// A concurrent agent's sessions in progress over time (rule 31).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct SessionClock {
    /// Sessions in progress (talk or wrap-up), and the units of its room they take.
    sessions: u32,
    used: u32,
    since: SimTime,
    /// Within the window: Σ sessions · time, and Σ (used / room) · time.
    pub session_time: SimDuration,
    pub used_time: SimDuration,
}

/// Every agent's clock, and the agents-by-state integrals per (interval, group).
#[derive(Debug)]
pub(super) struct AgentTime {
    pub clocks: id::Table<AgentId, AgentClock>,
    /// Per agent, with concurrent sessions anywhere (else empty).
    pub sessions: id::Table<AgentId, SessionClock>,
    /// Agent-time in each state, indexed `interval * groups + group`.
    by_interval: Vec<StateTime>,
    groups: usize,
    intervals: Intervals,
}

impl AgentTime {
    pub(super) fn new(model: &Model, intervals: Intervals) -> Self {
        AgentTime {
            clocks: id::Table::from_fn(model.agents.len(), |_| AgentClock::default()),
            sessions: id::Table::from_fn(if model.has_sessions() { model.agents.len() } else { 0 }, |_| {
                SessionClock::default()
            }),
            by_interval: vec![[SimDuration::ZERO; STATES]; intervals.count() * model.groups.len()],
            groups: model.groups.len(),
            intervals,
        }
    }

    /// Moves `agent` (of `group`) to `state` at `t`, crediting the time since its last change.
    pub(super) fn become_(&mut self, agent: AgentId, group: GroupId, state: AgentState, t: SimTime) {
        let clock = &mut self.clocks[agent];
        let previous = clock.state as usize;
        let groups = self.groups;
        let by_interval = &mut self.by_interval;
        self.intervals.spread(clock.since, t, |i, length| {
            clock.time[previous] += length;
            by_interval[i * groups + group.index()][previous] += length;
        });
        clock.state = state;
        clock.since = t;
    }

    /// A concurrent agent's session of `queue` starts (`delta` 1) or ends (−1) at `t`.
    pub(super) fn session_changes(&mut self, model: &Model, agent: AgentId, queue: QueueId, delta: i32, t: SimTime) {
        let Some(sessions) = &model.groups[model.agents[agent].group].sessions else { return };
        let units = sessions.units_of(&model.queues[queue]);
        self.credit_sessions(model, agent, t);
        let clock = &mut self.sessions[agent];
        clock.sessions = clock.sessions.saturating_add_signed(delta);
        clock.used = if delta > 0 { clock.used + units } else { clock.used.saturating_sub(units) };
    }

    /// Credits a concurrent agent's sessions since its last change, up to `t`.
    fn credit_sessions(&mut self, model: &Model, agent: AgentId, t: SimTime) {
        let Some(sessions) = &model.groups[model.agents[agent].group].sessions else { return };
        let clock = &mut self.sessions[agent];
        let (count, share) = (u64::from(clock.sessions), f64::from(clock.used) / f64::from(sessions.room));
        self.intervals.spread(clock.since, t, |_, length| {
            clock.session_time += length * count;
            clock.used_time += length.mul_f64(share);
        });
        clock.since = t;
    }

    /// Closes every clock at the horizon.
    pub(super) fn close(&mut self, model: &Model) {
        for (a, agent) in model.agents.enumerate() {
            let state = self.clocks[a].state;
            self.become_(a, agent.group, state, model.horizon);
            if !self.sessions.is_empty() {
                self.credit_sessions(model, a, model.horizon);
            }
        }
    }

    /// The time in each state of (interval, group).
    pub(super) fn interval(&self, interval: usize, group: GroupId) -> &StateTime {
        &self.by_interval[interval * self.groups + group.index()]
    }
}

/// Time signed in and neither busy nor resting (the occupancy denominator).
pub(super) fn available(time: &StateTime) -> SimDuration {
    use AgentState::*;
    [Idle, Ringing, Talking, WrapUp].iter().map(|&s| time[s as usize]).sum()
}

/// (talk + wrap-up) / signed in and neither busy nor resting.
pub(super) fn occupancy(time: &StateTime) -> Cell {
    Cell::share(time[AgentState::Talking as usize] + time[AgentState::WrapUp as usize], available(time))
}

/// Time in any state but signed out.
fn signed_in(time: &StateTime) -> SimDuration {
    time.iter().copied().sum::<SimDuration>().saturating_sub(time[AgentState::Out as usize])
}

/// Adds `from` into `into`, state by state.
pub(super) fn add_time(into: &mut StateTime, from: &StateTime) {
    into.iter_mut().zip(from).for_each(|(a, &b)| *a += b);
}

/// The cells of the agent columns (`columns.rs`) for a sum of clocks. Times in a state are
/// totals, `seconds / 1`.
pub(super) fn agent_values(time: &StateTime, answered: u64, transfers_made: u64) -> Vec<Cell> {
    use AgentState::*;
    let secs = |s: AgentState| Cell::figure(time[s as usize].secs());
    let signed_in = signed_in(time);
    vec![
        Cell::count(answered),
        Cell::count(transfers_made),
        secs(Talking),
        secs(WrapUp),
        secs(Ringing),
        secs(Idle),
        secs(Busy),
        secs(Rest),
        Cell::figure(signed_in.secs()),
        occupancy(time),
    ]
}

/// The cells of the group-interval columns: the average number of agents in each state over
/// an interval of `length` (agent-time / length), and occupancy.
pub(super) fn interval_values(time: &StateTime, length: SimDuration) -> Vec<Cell> {
    use AgentState::*;
    let average = |state_time: SimDuration| Cell::share(state_time, length);
    let mut values = vec![average(signed_in(time))];
    values.extend([Idle, Ringing, Talking, WrapUp, Busy, Rest].iter().map(|&s| average(time[s as usize])));
    values.push(occupancy(time));
    values
}
