//! Agents' states as their events move them, for every projection that shows an agent's state
//! (the reports, the live monitor).
//!
//! One event moves an agent that takes one call at a time ([`Event::agent_transition`]). An
//! agent with concurrent sessions (rule 31) has several calls' events interleaved, so its state
//! is counted from them: talking while any of its sessions talks, in wrap-up while all of them
//! are in wrap-up, idle once none is left.

use crate::sim::event::{AgentState, Event};
use crate::sim::id::{AgentId, Table};
use crate::sim::model::Model;

/// A concurrent agent's sessions, by phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sessions {
    pub talking: u32,
    pub wrapping_up: u32,
}

impl Sessions {
    /// Sessions in progress: talking or in wrap-up.
    pub fn in_progress(self) -> u32 {
        self.talking + self.wrapping_up
    }
}

/// Every agent's state transitions, with concurrent agents' sessions counted.
#[derive(Debug, Clone)]
pub struct AgentStates {
    /// Per agent, with concurrent sessions anywhere (else empty): `None` for an agent that
    /// takes one call at a time.
    sessions: Table<AgentId, Option<Sessions>>,
}

impl AgentStates {
    pub fn new(model: &Model) -> Self {
        let sessions = match model.has_sessions() {
            true => model
                .agents
                .iter()
                .map(|a| model.groups[a.group].sessions.as_ref().map(|_| Sessions::default()))
                .collect(),
            false => Table::new(),
        };
        AgentStates { sessions }
    }

    /// The agent `event` moves and the state it is in from now on.
    #[inline(always)]
    pub fn transition(&mut self, event: &Event) -> Option<(AgentId, AgentState)> {
        let (agent, state) = event.agent_transition()?;
        if self.sessions.is_empty() {
            return Some((agent, state));
        }
        Some((agent, self.counted(agent, event, state)))
    }

    /// The sessions of a concurrent agent, after the events so far (`None` for one that takes
    /// one call at a time).
    pub fn sessions(&self, agent: AgentId) -> Option<Sessions> {
        self.sessions.get(agent).copied().flatten()
    }

    #[inline(never)] // only with concurrent sessions
    fn counted(&mut self, agent: AgentId, event: &Event, state: AgentState) -> AgentState {
        let Some(sessions) = &mut self.sessions[agent] else { return state };
        match event {
            Event::Answered { .. } | Event::CallbackReached { .. } | Event::CarriedTalking { .. } => {
                sessions.talking += 1;
            }
            Event::TalkEnded { .. } => {
                sessions.talking = sessions.talking.saturating_sub(1);
                sessions.wrapping_up += 1;
            }
            Event::WrapUpEnded { .. } => sessions.wrapping_up = sessions.wrapping_up.saturating_sub(1),
            _ => return state,
        }
        match *sessions {
            Sessions { talking: 1.., .. } => AgentState::Talking,
            Sessions { wrapping_up: 1.., .. } => AgentState::WrapUp,
            _ => AgentState::Idle,
        }
    }
}
