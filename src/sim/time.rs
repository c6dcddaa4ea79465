//! Simulated time: an instant ([`SimTime`]) and a length of time ([`SimDuration`]), each an
//! integer count of microseconds — since the start of the run (00:00 of day 1), or long.
//!
//! Integers, not floats, so that simultaneous events are truly simultaneous and a run replays
//! bit for bit on any machine. Durations are sampled as `f64` seconds and rounded once, here;
//! this is the one place that knows a second is a million microseconds.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Microseconds per second.
pub const MICROS_PER_SEC: u64 = 1_000_000;

/// An instant of simulated time, in microseconds since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of the simulation.
    pub const ZERO: SimTime = SimTime(0);
    /// Later than any event (an unset deadline).
    pub const NEVER: SimTime = SimTime(u64::MAX);

    /// `secs` seconds after the start, rounded to the nearest microsecond.
    pub fn from_secs(secs: f64) -> SimTime {
        SimTime(micros(secs))
    }

    /// Seconds since the start.
    pub fn secs(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }

    /// This instant plus `length`, saturating at [`SimTime::NEVER`].
    #[inline(always)]
    pub fn plus(self, length: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(length.0))
    }

    /// The instant `length` before this one (time zero at the earliest).
    pub fn minus(self, length: SimDuration) -> SimTime {
        SimTime(self.0.saturating_sub(length.0))
    }

    /// The time from `earlier` to `self` (zero if `earlier` is later).
    #[inline(always)]
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// The latest instant at or before this one that is a whole number of `step`s from the start.
    pub fn floor_to(self, step: SimDuration) -> SimTime {
        SimTime(self.0 - self.0 % step.0.max(1))
    }

    /// The simulated day this instant is in, from 0.
    pub fn day(self) -> u64 {
        self.0 / SimDuration::DAY.0
    }

    /// 00:00 of simulated day `day` (from 0).
    pub fn start_of_day(day: u64) -> SimTime {
        SimTime::ZERO.plus(SimDuration::DAY * day)
    }

    /// The time since the start of the run.
    pub fn since_start(self) -> SimDuration {
        SimDuration(self.0)
    }

    /// The start of the day this instant is in, and the time since.
    pub fn time_of_day(self) -> SimDuration {
        SimDuration(self.0 % SimDuration::DAY.0)
    }
}

/// A length of simulated time, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SimDuration(pub u64);

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);
    /// Longer than any run (a caller who never hangs up, an unset limit).
    pub const FOREVER: SimDuration = SimDuration(u64::MAX);
    /// The clock's resolution: one microsecond.
    pub const TICK: SimDuration = SimDuration(1);
    pub const MINUTE: SimDuration = SimDuration(60 * MICROS_PER_SEC);
    pub const DAY: SimDuration = SimDuration(86_400 * MICROS_PER_SEC);

    /// `secs` seconds, rounded to the nearest microsecond (negative and NaN as zero, saturating).
    #[inline]
    pub fn from_secs(secs: f64) -> SimDuration {
        SimDuration(micros(secs))
    }

    /// A whole number of seconds.
    pub const fn from_whole_secs(secs: u64) -> SimDuration {
        SimDuration(secs.saturating_mul(MICROS_PER_SEC))
    }

    /// A whole number of minutes.
    pub const fn from_minutes(minutes: u64) -> SimDuration {
        SimDuration(minutes.saturating_mul(60 * MICROS_PER_SEC))
    }

    /// In seconds.
    #[inline]
    pub fn secs(self) -> f64 {
        self.0 as f64 / MICROS_PER_SEC as f64
    }

    /// In tenths of a second, rounded to the nearest (halves up).
    pub fn tenths(self) -> u64 {
        self.0.saturating_add(MICROS_PER_SEC / 20) / (MICROS_PER_SEC / 10)
    }

    /// In whole seconds, rounded down.
    pub fn whole_secs(self) -> u64 {
        self.0 / MICROS_PER_SEC
    }

    /// A whole number of nanoseconds, rounded down to the microsecond.
    pub const fn from_nanos(nanos: u64) -> SimDuration {
        SimDuration(nanos / 1_000)
    }

    /// A whole number of milliseconds (the resolution of the wait histograms).
    pub const fn from_millis(millis: u64) -> SimDuration {
        SimDuration(millis.saturating_mul(1_000))
    }

    /// In whole milliseconds, rounded down.
    pub fn millis(self) -> u64 {
        self.0 / 1_000
    }

    /// This total over `count` items, in seconds each (`NaN` when `count` is zero).
    pub fn mean_secs(self, count: u64) -> f64 {
        if count == 0 { f64::NAN } else { self.0 as f64 / count as f64 / MICROS_PER_SEC as f64 }
    }

    /// This length times `factor`, rounded to the microsecond.
    pub fn mul_f64(self, factor: f64) -> SimDuration {
        SimDuration::from_secs(self.scaled_secs(factor))
    }

    /// This length times `factor`, in seconds (not rounded).
    pub fn scaled_secs(self, factor: f64) -> f64 {
        self.0 as f64 * factor / MICROS_PER_SEC as f64
    }

    /// This length less `other`, or zero.
    #[inline(always)]
    pub fn saturating_sub(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_sub(other.0))
    }

    /// This length as a share of `whole` (`NaN` when `whole` is zero).
    pub fn ratio(self, whole: SimDuration) -> f64 {
        if whole.0 == 0 { f64::NAN } else { self.0 as f64 / whole.0 as f64 }
    }
}

impl std::ops::Add for SimDuration {
    type Output = SimDuration;

    /// Saturating: [`SimDuration::FOREVER`] plus anything is forever.
    #[inline(always)]
    fn add(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for SimDuration {
    #[inline(always)]
    fn add_assign(&mut self, other: SimDuration) {
        *self = *self + other;
    }
}

impl std::ops::Mul<u64> for SimDuration {
    type Output = SimDuration;

    /// Saturating.
    fn mul(self, n: u64) -> SimDuration {
        SimDuration(self.0.saturating_mul(n))
    }
}

impl std::iter::Sum for SimDuration {
    fn sum<I: Iterator<Item = SimDuration>>(lengths: I) -> SimDuration {
        lengths.fold(SimDuration::ZERO, |a, b| a + b)
    }
}

/// `secs` seconds as whole microseconds: rounded, negative and NaN as 0, saturating.
#[inline]
fn micros(secs: f64) -> u64 {
    let us = (secs * MICROS_PER_SEC as f64).round();
    if us >= u64::MAX as f64 {
        u64::MAX
    } else if us > 0.0 {
        us as u64
    } else {
        0
    }
}

impl fmt::Display for SimTime {
    /// `HH:MM:SS.s` from the start, with a day prefix after the first day: `d2 03:04:05.6`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.0 / 100_000;
        let (day, rest) = (tenths / 864_000, tenths % 864_000);
        if day > 0 {
            write!(f, "d{} ", day + 1)?;
        }
        write!(f, "{}.{}", crate::input::scenario::clock_with_seconds(rest / 10), rest % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_round_to_the_nearest_microsecond() {
        assert_eq!(micros(1.5), 1_500_000);
        assert_eq!(micros(0.000_000_4), 0);
        assert_eq!(micros(0.000_000_6), 1);
        assert_eq!(micros(-3.0), 0);
        assert_eq!(micros(f64::NAN), 0);
        assert_eq!(micros(1e30), u64::MAX);
        assert_eq!(SimTime(5).plus(SimDuration::FOREVER), SimTime::NEVER);
    }

    #[test]
    fn displays_as_a_clock() {
        assert_eq!(SimTime::from_secs(43_323.25).to_string(), "12:02:03.2");
        assert_eq!(SimTime::from_secs(86_400.0 + 61.0).to_string(), "d2 00:01:01.0");
    }
}
