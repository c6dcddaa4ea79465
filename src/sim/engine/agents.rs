//! The agents' side: shifts (sign in, sign out), wrap-up, taking the next call or becoming idle,
//! planned breaks (rest) and busy spells. Each function names the rule of `docs/semantics.md`
//! it implements.

use rand_distr::{Distribution as _, Exp1};

use crate::sim::event::{BusyCause, Event, Projection};
use crate::sim::id::{AgentId, GroupId};
use crate::sim::time::{SimDuration, SimTime};

use super::calendar::Due;
use super::{Engine, Pending, Status};

impl<P: Projection> Engine<'_, P> {
    /// Signs in the groups without shifts; schedules shift changes, each agent's first daily
    /// breaks and first busy spell. From `warm`'s time at a warm start: shifts, breaks and
    /// spells from then on, and no one signed in (the warm start says who is).
    pub(super) fn start_staff(&mut self, warm: Option<SimTime>) {
        let horizon = self.model.horizon;
        let from = warm.unwrap_or(SimTime::ZERO);
        for (g, group) in self.model.groups.enumerate() {
            if group.shifts.is_empty() {
                self.on_shift[g] = 1;
                if warm.is_none() {
                    for agent in group.members() {
                        self.sign_in(agent);
                    }
                }
            } else {
                self.schedule_shifts(g, warm);
            }
            let size = (group.members().len() as u64).max(1);
            for (index, &(start, _, spread)) in group.breaks.iter().enumerate() {
                for (i, agent) in group.members().enumerate() {
                    // Staggered: the i-th agent of n starts at start + spread · i / n.
                    let mut at = SimTime::ZERO.plus(start + SimDuration(spread.0 * i as u64 / size));
                    while at < from {
                        at = at.plus(SimDuration::DAY); // the same break the next day
                    }
                    if at < horizon {
                        self.calendar.schedule(at, Due::Break { agent, index: index as u32 });
                    }
                }
            }
            if let Some((share, _)) = group.shrinkage
                && share > 0.0
            {
                for agent in group.members() {
                    let first = from.plus(self.shrinkage_gap(g));
                    if first < horizon {
                        self.calendar.schedule(first, Due::Shrinkage { agent });
                    }
                }
            }
        }
    }

    /// Rule "shifts": every start and end of the group's daily shifts within the horizon. A shift
    /// running past midnight of the day before the start covers the first hours. Starts come
    /// before ends at the same instant, so back-to-back shifts do not sign agents out and in.
    /// At a warm start, a shift already running at its time is counted as on, without a start.
    fn schedule_shifts(&mut self, g: GroupId, warm: Option<SimTime>) {
        let horizon = i128::from(self.model.horizon.0);
        let day_length = i128::from(SimDuration::DAY.0);
        let mut changes = Vec::new();
        for day in -1..=horizon / day_length {
            for &(start, length) in self.model.groups[g].shifts.iter().filter(|(_, length)| *length > SimDuration::ZERO)
            {
                let begin = day * day_length + i128::from(start.0);
                let end = begin + i128::from(length.0);
                if end <= 0 || begin >= horizon {
                    continue;
                }
                if let Some(from) = warm.map(|t| i128::from(t.0)) {
                    if end <= from {
                        continue;
                    }
                    if begin <= from {
                        self.on_shift[g] += 1;
                        if end < horizon {
                            changes.push((end as u64, 1, Due::ShiftEnd { group: g }));
                        }
                        continue;
                    }
                }
                changes.push((begin.max(0) as u64, 0, Due::ShiftStart { group: g }));
                if end < horizon {
                    changes.push((end as u64, 1, Due::ShiftEnd { group: g }));
                }
            }
        }
        changes.sort_by_key(|&(time, order, _)| (time, order));
        for (time, _, due) in changes {
            self.calendar.schedule(SimTime(time), due);
        }
    }

    /// Every agent of the group is on duty from a shift start: those a what-if signed out (or
    /// was about to) come back even when an overlapping shift was already running. Without
    /// what-ifs, agents are all signed in while a shift runs, so only the first start changes
    /// anything.
    pub(super) fn shift_start(&mut self, group: GroupId) {
        self.on_shift[group] += 1;
        for agent in self.model.groups[group].members() {
            self.sign_in(agent);
        }
    }

    pub(super) fn shift_end(&mut self, group: GroupId) {
        self.on_shift[group] -= 1;
        if self.on_shift[group] == 0 {
            for agent in self.model.groups[group].members() {
                self.end_shift(agent);
            }
        }
    }

    /// Rule "shifts": at the start of a shift the agent signs in and is available.
    pub(super) fn sign_in(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        if a.status != Status::SignedOut {
            let was_leaving = std::mem::replace(&mut a.leaving, false); // a new shift began before it could leave
            if was_leaving && a.status == Status::Sessions {
                self.seek_sessions(agent);
            }
            return;
        }
        self.signed_in_idle(agent);
        self.available(agent);
    }

    /// The signed-out agent is signed in, idle, but not yet in any idle pool.
    pub(super) fn signed_in_idle(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.status = Status::Idle;
        a.pending = Pending::Nothing;
        for &(q, _) in &self.model.agents[agent].skills {
            self.signed_in[q] += 1;
        }
        self.emit(Event::AgentSignedIn { agent });
    }

    /// Rule "shifts": at the end of a shift an idle, busy or resting agent signs out at once; one
    /// with a call finishes it (ringing, talk and wrap-up) first.
    fn end_shift(&mut self, agent: AgentId) {
        match self.agents[agent].status {
            Status::Idle | Status::Busy | Status::Rest => self.sign_out(agent),
            Status::Ringing { .. } | Status::Talking { .. } | Status::Consulting { .. } | Status::WrapUp { .. } => {
                self.agents[agent].leaving = true;
            }
            Status::Sessions => {
                self.agents[agent].leaving = true;
                self.stop_sessions(agent);
            }
            Status::SignedOut => {}
        }
    }

    pub(super) fn sign_out(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.status = Status::SignedOut;
        a.leaving = false;
        a.pending = Pending::Nothing;
        a.epoch = a.epoch.wrapping_add(1);
        a.timer = a.timer.wrapping_add(1);
        for &(q, _) in &self.model.agents[agent].skills {
            self.signed_in[q] -= 1;
        }
        self.emit(Event::AgentSignedOut { agent });
        for &(q, _) in &self.model.agents[agent].skills {
            if self.signed_in[q] == 0 {
                self.close(q);
            }
        }
    }

    pub(super) fn wrap_up_end(&mut self, agent: AgentId) {
        let Status::WrapUp { queue } = self.agents[agent].status else { return };
        self.emit(Event::WrapUpEnded { agent, queue });
        self.available(agent);
    }

    /// Rule "available": an agent whose shift ended signs out; one with a break or busy spell
    /// due starts it; otherwise it takes the next waiting call, or becomes idle.
    pub(super) fn available(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        if a.leaving {
            return self.sign_out(agent);
        }
        match std::mem::replace(&mut a.pending, Pending::Nothing) {
            Pending::Rest(length) => return self.go_away(agent, Status::Rest, length, None),
            Pending::Busy(length) => return self.go_away(agent, Status::Busy, length, Some(BusyCause::Shrinkage)),
            Pending::Nothing => {}
        }
        if self.take_next_call(agent) {
            if self.concurrency {
                self.more_sessions(agent);
            }
            return;
        }
        self.becomes_idle(agent);
    }

    /// The agent is idle in each of its queues' pools, behind those idle longer.
    pub(super) fn becomes_idle(&mut self, agent: AgentId) {
        let a = &mut self.agents[agent];
        a.status = Status::Idle;
        let epoch = a.epoch;
        let model = &self.model.agents[agent];
        let agents = &self.agents;
        for &(q, _) in &model.skills {
            self.idle[q].push(agent, epoch, model.weight, |a, e| agents[a].epoch == e);
        }
    }

    /// The agent is busy (with `cause`) or resting for `length`.
    pub(super) fn go_away(&mut self, agent: AgentId, status: Status, length: SimDuration, cause: Option<BusyCause>) {
        let a = &mut self.agents[agent];
        a.status = status;
        a.epoch = a.epoch.wrapping_add(1);
        a.timer = a.timer.wrapping_add(1);
        let timer = a.timer;
        match cause {
            Some(cause) => self.emit(Event::AgentBusy { agent, cause }),
            None => self.emit(Event::AgentRest { agent }),
        }
        self.calendar.schedule(self.now.plus(length), Due::AwayEnd { agent, timer });
    }

    pub(super) fn away_end(&mut self, agent: AgentId) {
        if !matches!(self.agents[agent].status, Status::Busy | Status::Rest) {
            return;
        }
        self.emit(Event::AgentReturned { agent });
        self.available(agent);
    }

    /// Rule "breaks": the break starts now if the agent is idle, after its call (and wrap-up) if
    /// it has one or is busy, and not at all if it is signed out or already resting. The same
    /// break comes again the next day.
    pub(super) fn break_due(&mut self, agent: AgentId, index: u32) {
        let group = &self.model.groups[self.model.agents[agent].group];
        let length = group.breaks[index as usize].1;
        let next = self.now.plus(SimDuration::DAY);
        if next < self.model.horizon {
            self.calendar.schedule(next, Due::Break { agent, index });
        }
        match self.agents[agent].status {
            Status::Idle => self.go_away(agent, Status::Rest, length, None),
            Status::SignedOut | Status::Rest => {}
            Status::Busy
            | Status::Ringing { .. }
            | Status::Talking { .. }
            | Status::Consulting { .. }
            | Status::WrapUp { .. } => {
                self.agents[agent].pending = Pending::Rest(length);
            }
            Status::Sessions => {
                self.agents[agent].pending = Pending::Rest(length);
                self.stop_sessions(agent);
            }
        }
    }

    /// Rule "busy spells": spells of exponential length (the group's mean) separated by
    /// exponential gaps of mean · (1 − share) / share, so that about `share` of the time is
    /// spent busy. A spell starts now if the agent is idle, after its call if it has one, and is
    /// skipped if the agent is signed out, busy or resting.
    pub(super) fn shrinkage_due(&mut self, agent: AgentId) {
        let g = self.model.agents[agent].group;
        let Some((_, mean)) = self.model.groups[g].shrinkage else { return };
        let spell: f64 = Exp1.sample(&mut self.rng.shrinkage[g]);
        let length = mean.mul_f64(spell);
        let next = self.now.plus(length).plus(self.shrinkage_gap(g));
        if next < self.model.horizon {
            self.calendar.schedule(next, Due::Shrinkage { agent });
        }
        let a = &mut self.agents[agent];
        match a.status {
            Status::Idle => self.go_away(agent, Status::Busy, length, Some(BusyCause::Shrinkage)),
            Status::Ringing { .. } | Status::Talking { .. } | Status::Consulting { .. } | Status::WrapUp { .. }
                if a.pending == Pending::Nothing =>
            {
                a.pending = Pending::Busy(length);
            }
            Status::Sessions if a.pending == Pending::Nothing => {
                a.pending = Pending::Busy(length);
                self.stop_sessions(agent);
            }
            _ => {}
        }
    }

    /// A gap between busy spells of group `g`.
    fn shrinkage_gap(&mut self, g: GroupId) -> SimDuration {
        let Some((share, mean)) = self.model.groups[g].shrinkage else { return SimDuration::FOREVER };
        let gap: f64 = Exp1.sample(&mut self.rng.shrinkage[g]);
        SimDuration::from_secs(mean.scaled_secs(gap) * (1.0 - share) / share)
    }
}
