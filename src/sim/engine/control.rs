//! What a live session can tell a running simulation: what-ifs ("+30 % arrivals on 12345 from
//! now", "sign out 5 agents of team-a") and changes of pace. Each is applied at the simulated
//! instant the session reached, and recorded as an event first, so the event log holds
//! everything needed to run the session again to the same events (rules in `docs/live.md`).

use crate::sim::event::{Event, Projection};
use crate::sim::id::{GroupId, TrafficId};

use super::{Engine, Status};

/// The largest factor a what-if may multiply a dialed number's arrival rate by: beyond it, a
/// typo (`1e300`) would make calls arrive every microsecond and the session never end.
pub const MAX_ARRIVAL_FACTOR: f64 = 100.0;

/// A control, as applied to the simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Control {
    /// From now on, traffic entry `traffic` arrives at the scenario's rate times `factor` (a
    /// factor of the scenario's rate, not of the current one; 0 stops its arrivals; at most
    /// [`MAX_ARRIVAL_FACTOR`]).
    ScaleArrivals { traffic: TrafficId, factor: f64 },
    /// Up to `count` agents of group `group` sign out: idle, busy and resting ones at once, then
    /// ones with a call once it is finished. They stay out until a [`Control::SignIn`] or the
    /// group's next shift start.
    SignOut { group: GroupId, count: u32 },
    /// Up to `count` agents of group `group` sign in: first any that were about to sign out
    /// after their call, then signed-out ones. They stay until a [`Control::SignOut`] or the
    /// group's next shift end.
    SignIn { group: GroupId, count: u32 },
    /// The session stopped pacing the simulation (no effect on it: recorded for the story).
    Pause,
    /// The session paces the simulation again.
    Resume,
    /// The session's pace is now `pace`.
    Speed(Pace),
}

/// How fast a live session runs the simulation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// As fast as the engine goes.
    Max,
    /// This many simulated seconds per second of the wall clock (greater than 0).
    Times(f64),
}

impl Pace {
    /// The pace as the log writes it: simulated seconds per wall-clock second, 0 for [`Pace::Max`].
    pub fn factor(self) -> f64 {
        match self {
            Pace::Max => 0.0,
            Pace::Times(speed) => speed,
        }
    }

    /// The pace a log's factor means.
    pub fn from_factor(factor: f64) -> Pace {
        if factor > 0.0 { Pace::Times(factor) } else { Pace::Max }
    }
}

impl Control {
    /// The event that records this control in the log.
    pub fn event(self) -> Event {
        match self {
            Control::ScaleArrivals { traffic, factor } => Event::ArrivalsScaled { traffic, factor },
            Control::SignOut { group, count } => Event::SignOutOrdered { group, count },
            Control::SignIn { group, count } => Event::SignInOrdered { group, count },
            Control::Pause => Event::Paused,
            Control::Resume => Event::Resumed,
            Control::Speed(pace) => Event::SpeedChanged { factor: pace.factor() },
        }
    }

    /// The control a log's event records, if it is one (the inverse of [`Control::event`]).
    pub fn from_event(event: &Event) -> Option<Control> {
        Some(match *event {
            Event::ArrivalsScaled { traffic, factor } => Control::ScaleArrivals { traffic, factor },
            Event::SignOutOrdered { group, count } => Control::SignOut { group, count },
            Event::SignInOrdered { group, count } => Control::SignIn { group, count },
            Event::Paused => Control::Pause,
            Event::Resumed => Control::Resume,
            Event::SpeedChanged { factor } => Control::Speed(Pace::from_factor(factor)),
            _ => return None,
        })
    }
}

impl<P: Projection> Engine<'_, P> {
    /// Records `control`, then carries it out (a change of pace has nothing to carry out).
    pub(super) fn apply(&mut self, control: Control) {
        self.emit(control.event());
        match control {
            Control::ScaleArrivals { traffic, factor } => self.scale_arrivals(traffic, factor),
            Control::SignOut { group, count } => self.order_sign_out(group, count),
            Control::SignIn { group, count } => self.order_sign_in(group, count),
            Control::Pause | Control::Resume | Control::Speed(_) => {}
        }
    }

    /// Rule "what-if arrivals": the next arrival is drawn again, from now, at the new rate. Poisson
    /// arrivals are memoryless, so this is exactly the process that switches rate now.
    fn scale_arrivals(&mut self, traffic: TrafficId, factor: f64) {
        let scale = &mut self.arrival_scale[traffic];
        scale.factor = factor;
        scale.epoch = scale.epoch.wrapping_add(1);
        self.schedule_arrival(traffic);
    }

    /// Rule "what-if sign-out": agents in the group's order, those without a call first.
    fn order_sign_out(&mut self, group: GroupId, count: u32) {
        let agents = self.model.groups[group].members();
        let mut left = count;
        for agent in agents.clone() {
            if left == 0 {
                return;
            }
            if matches!(self.agents[agent].status, Status::Idle | Status::Busy | Status::Rest) {
                self.sign_out(agent);
                left -= 1;
            }
        }
        for agent in agents {
            if left == 0 {
                return;
            }
            let a = &mut self.agents[agent];
            if matches!(
                a.status,
                Status::Ringing { .. }
                    | Status::Talking { .. }
                    | Status::Consulting { .. }
                    | Status::WrapUp { .. }
                    | Status::Sessions
            ) && !a.leaving
            {
                a.leaving = true;
                left -= 1;
                if a.status == Status::Sessions {
                    self.stop_sessions(agent);
                }
            }
        }
    }

    /// Rule "what-if sign-in": agents in the group's order, those about to leave first.
    fn order_sign_in(&mut self, group: GroupId, count: u32) {
        let agents = self.model.groups[group].members();
        let mut left = count;
        for agent in agents.clone() {
            if left == 0 {
                return;
            }
            let a = &mut self.agents[agent];
            if a.status != Status::SignedOut && a.leaving {
                a.leaving = false;
                left -= 1;
                if a.status == Status::Sessions {
                    self.seek_sessions(agent);
                }
            }
        }
        for agent in agents {
            if left == 0 {
                return;
            }
            if self.agents[agent].status == Status::SignedOut {
                self.sign_in(agent);
                left -= 1;
            }
        }
    }
}
