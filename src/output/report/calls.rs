//! What is remembered about each call in the system, indexed by call id without hashing: the
//! reports' facts, and replay's check of a log (arrival time and dialed number).
//!
//! Calls are numbered in order of arrival and each is released once, so the calls alive at any
//! moment lie in a window of ids: a deque from the oldest unreleased id. A lookup is one
//! subtraction; memory follows the calls in the system, not the calls simulated.

use std::collections::VecDeque;

use crate::sim::event::CallId;
use crate::sim::id::TrafficId;
use crate::sim::time::SimTime;

/// One call's facts for the reports.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallFacts {
    /// Its traffic entry (dialed number).
    pub traffic: TrafficId,
    pub arrived: SimTime,
    /// When its current queue visit was offered.
    pub offered: SimTime,
    /// When it entered its current IVR.
    pub entered_ivr: SimTime,
    /// Whether it counts in the reports (arrived at or after the warm-up).
    pub counted: bool,
}

/// The calls in the system, by id, with what is kept of each (`T`).
#[derive(Debug)]
pub(crate) struct LiveCalls<T> {
    /// Id of `calls[0]`.
    base: CallId,
    /// `None` once released.
    calls: VecDeque<Option<T>>,
}

impl<T> Default for LiveCalls<T> {
    fn default() -> Self {
        LiveCalls { base: 0, calls: VecDeque::new() }
    }
}

impl<T> LiveCalls<T> {
    /// Records a call that just arrived; ids arrive in order from 0.
    pub(crate) fn arrive(&mut self, call: CallId, facts: T) {
        if self.calls.is_empty() {
            self.base = call;
        }
        debug_assert_eq!(call, self.base + self.calls.len() as CallId, "calls arrive in id order");
        self.calls.push_back(Some(facts));
    }

    pub(crate) fn get(&self, call: CallId) -> Option<&T> {
        let index = call.checked_sub(self.base)?;
        self.calls.get(usize::try_from(index).ok()?)?.as_ref()
    }

    pub(crate) fn get_mut(&mut self, call: CallId) -> Option<&mut T> {
        let index = call.checked_sub(self.base)?;
        self.calls.get_mut(usize::try_from(index).ok()?)?.as_mut()
    }

    /// Forgets a released call, and every released call before the oldest one still alive.
    /// False if the call was not in the system.
    pub(crate) fn release(&mut self, call: CallId) -> bool {
        let slot = call.checked_sub(self.base).and_then(|i| self.calls.get_mut(usize::try_from(i).ok()?));
        let released = slot.is_some_and(|slot| slot.take().is_some());
        while let Some(None) = self.calls.front() {
            self.calls.pop_front();
            self.base += 1;
        }
        released
    }

    /// The lowest id still in the system, and how many calls are.
    pub(crate) fn oldest(&self) -> Option<(CallId, usize)> {
        let first = self.calls.iter().position(Option::is_some)?;
        Some((self.base + first as CallId, self.calls.iter().filter(|c| c.is_some()).count()))
    }

    pub(crate) fn clear(&mut self) {
        self.calls.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(traffic: u32) -> CallFacts {
        let traffic = TrafficId(traffic);
        let t = SimTime::ZERO;
        CallFacts { traffic, arrived: t, offered: t, entered_ivr: t, counted: true }
    }

    #[test]
    fn released_calls_are_forgotten_and_the_window_slides() {
        let mut calls: LiveCalls<CallFacts> = LiveCalls::default();
        for id in 0..4 {
            calls.arrive(id, facts(id as u32));
        }
        assert!(calls.release(1));
        assert!(!calls.release(1), "a call is released once");
        assert_eq!(calls.oldest(), Some((0, 3)));
        assert!(calls.get(1).is_none());
        assert_eq!(calls.get(2).map(|c| c.traffic), Some(TrafficId(2)));
        calls.release(0);
        assert_eq!(calls.calls.len(), 2, "ids 0 and 1 left the window");
        assert_eq!(calls.get(3).map(|c| c.traffic), Some(TrafficId(3)));
        calls.release(2);
        calls.release(3);
        assert!(calls.calls.is_empty());
        calls.arrive(4, facts(9));
        assert_eq!(calls.get(4).map(|c| c.traffic), Some(TrafficId(9)));
    }
}
