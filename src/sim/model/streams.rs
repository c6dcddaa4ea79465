//! Random streams: one independent generator per (seed, replication, source).
//!
//! Giving each source of randomness its own stream is what makes common random numbers work: the
//! arrivals to one dialed number are the same calls at the same instants whatever the staffing,
//! because no other draw (a talk time, an IVR choice) can shift them.
//!
//! The generator is Xoshiro256++ (rand_xoshiro): fast, with a documented, stable output, so a
//! seed means the same run on any machine and any version of callsim that keeps this derivation.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator every source draws from.
pub type Stream = Xoshiro256PlusPlus;

/// A kind of randomness in the model. Each stream belongs to one kind and one entity, named
/// by the entity's name (a traffic entry by its dialed number, a queue or an IVR by its name)
/// rather than its position, so that adding or reordering entries in a scenario leaves every
/// other entity's stream as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Arrival instants of the traffic to a dialed number.
    Arrivals = 1,
    /// Patience of its callers.
    Patience = 2,
    /// Talk times drawn from its distribution.
    TrafficTalk = 3,
    /// Talk times drawn from a skill queue's own distribution.
    QueueTalk = 4,
    /// Whether an agent of a queue transfers the call after talk.
    AfterTalk = 5,
    /// Time spent in an IVR.
    IvrDuration = 6,
    /// The exit chosen in an IVR.
    IvrExit = 7,
    /// Ring times of an agent group's agents.
    RingTime = 8,
    /// Busy spells (shrinkage) of an agent group's agents.
    Shrinkage = 9,
    /// Whether a callout group's agent rejects a call.
    Reject = 10,
    /// Patience drawn at a skill queue: from its own distribution, or a redraw on transfer.
    QueuePatience = 11,
    /// Each simulated day's busyness factor (one stream per replication, named `busyness`).
    Busyness = 12,
    /// Whether a caller who was not served calls again, after what delay, and its patience then.
    Retrial = 13,
    /// Whether a caller offered a queue's callback takes it, the dial time, and whether it is reached.
    Callback = 14,
    /// Wrap-up times drawn from a skill queue's `wrap_up_time` or `wrap_up_after_transfer`.
    WrapUp = 15,
    /// The idle agent a queue with `agent_choice = "random"` offers a call to.
    AgentChoice = 16,
    /// The conference time of a queue's consultative transfers.
    Conference = 17,
}

/// A stable 64-bit key of (source, name): FNV-1a over the source's number and the name's bytes.
fn key(source: Source, name: &str) -> u64 {
    std::iter::once(source as u8)
        .chain(name.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The stream of `source` for the entity `name`, in replication `replication` of a run seeded
/// `seed`.
pub fn stream(seed: u64, replication: u32, source: Source, name: &str) -> Stream {
    let mixed = splitmix(splitmix(splitmix(seed) ^ u64::from(replication)) ^ key(source, name));
    Stream::seed_from_u64(mixed)
}

/// SplitMix64's finaliser: a bijective mix, so distinct inputs give distinct, decorrelated seeds.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_seed_replication_and_source_and_repeat_exactly() {
        let first = |seed, rep, source, name| stream(seed, rep, source, name).next_u64();
        let base = first(1, 0, Source::Arrivals, "123451");
        assert_eq!(base, first(1, 0, Source::Arrivals, "123451"));
        for other in [
            first(2, 0, Source::Arrivals, "123451"),
            first(1, 1, Source::Arrivals, "123451"),
            first(1, 0, Source::Arrivals, "123452"),
            first(1, 0, Source::Patience, "123451"),
            first(1, 0, Source::QueueTalk, "123451"),
        ] {
            assert_ne!(base, other);
        }
    }
}
