//! Idle agents of each skill queue, in the order they should be offered a call: highest
//! `agentWeight` first, then longest idle.
//!
//! A multi-skill agent is idle in several queues at once, so each queue keeps its own FIFO per
//! weight of (agent, epoch) entries. When an agent stops being idle its epoch moves on and its
//! entries in every queue go stale; they are skipped when they reach the front, and compacted away
//! when a pool grows past twice its members (so a queue that rarely takes calls cannot hoard
//! stale entries).

use std::collections::VecDeque;

use crate::sim::id::AgentId;

/// The idle agents of one skill queue.
#[derive(Debug, Default)]
pub(super) struct IdlePool {
    /// (weight, FIFO of (agent, epoch)), highest weight first.
    tiers: Vec<(u32, VecDeque<(AgentId, u32)>)>,
    /// Agents holding this skill: the bound for compaction.
    members: usize,
}

impl IdlePool {
    /// Registers an agent with this skill at `weight` (before the run starts).
    pub(super) fn add_member(&mut self, weight: u32) {
        self.members += 1;
        if let Err(at) = self.tiers.binary_search_by(|(w, _)| weight.cmp(w)) {
            self.tiers.insert(at, (weight, VecDeque::new()));
        }
    }

    /// The agent becomes idle, as of now (so behind every agent idle for longer).
    pub(super) fn push(&mut self, agent: AgentId, epoch: u32, weight: u32, current: impl Fn(AgentId, u32) -> bool) {
        let Ok(at) = self.tiers.binary_search_by(|(w, _)| weight.cmp(w)) else {
            return;
        };
        let fifo = &mut self.tiers[at].1;
        fifo.push_back((agent, epoch));
        if fifo.len() > 2 * self.members + 8 {
            fifo.retain(|&(a, e)| current(a, e));
        }
    }

    /// Takes the first idle agent (highest weight, then longest idle); `current` tells whether an
    /// entry's epoch is still the agent's.
    pub(super) fn pop(&mut self, current: impl Fn(AgentId, u32) -> bool) -> Option<AgentId> {
        for (_, fifo) in &mut self.tiers {
            while let Some((agent, epoch)) = fifo.pop_front() {
                if current(agent, epoch) {
                    return Some(agent);
                }
            }
        }
        None
    }

    /// Takes the idle agent of the highest weight with the lowest `rank`, the longest idle among
    /// equal ranks; an agent ranked `None` may not take the call. Drops the stale entries of the
    /// weights it looks at. `rank` is asked once per idle agent of a weight, in order of idle
    /// time (a random rank is drawn in that order).
    pub(super) fn pop_first_by(
        &mut self,
        current: impl Fn(AgentId, u32) -> bool,
        mut rank: impl FnMut(AgentId) -> Option<u64>,
    ) -> Option<AgentId> {
        for (_, fifo) in &mut self.tiers {
            fifo.retain(|&(agent, epoch)| current(agent, epoch));
            // min_by_key keeps the first of equal minima: the longest idle.
            let Some((at, _)) = fifo
                .iter()
                .enumerate()
                .filter_map(|(at, &(agent, _))| Some((at, rank(agent)?)))
                .min_by_key(|&(_, r)| r)
            else {
                continue;
            };
            return fifo.remove(at).map(|(agent, _)| agent);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_weight_then_longest_idle_skipping_stale_entries() {
        let mut pool = IdlePool::default();
        for weight in [1, 1, 3, 1] {
            pool.add_member(weight);
        }
        let epochs = [0u32, 1, 0, 0];
        let current = |a: AgentId, e: u32| epochs[a.index()] == e;
        pool.push(AgentId(0), 0, 1, current);
        pool.push(AgentId(1), 0, 1, current); // stale: agent 1 is at epoch 1 now
        pool.push(AgentId(3), 0, 1, current);
        pool.push(AgentId(2), 0, 3, current);
        assert_eq!(pool.pop(current), Some(AgentId(2)), "weight 3 first");
        assert_eq!(pool.pop(current), Some(AgentId(0)), "then the longest idle");
        assert_eq!(pool.pop(current), Some(AgentId(3)), "agent 1's entry is stale");
        assert_eq!(pool.pop(current), None);
    }

    #[test]
    fn stale_entries_are_compacted() {
        let mut pool = IdlePool::default();
        pool.add_member(1);
        for epoch in 0..1_000 {
            pool.push(AgentId(0), epoch, 1, |_, e| e == epoch);
        }
        assert!(pool.tiers[0].1.len() <= 11, "bounded by twice the members plus slack");
        assert_eq!(pool.pop(|_, e| e == 999), Some(AgentId(0)));
    }
}
