//! The one way a figure is written for people: in the run report's text and HTML, the sweep's and
//! the staffing plan's tables, the charts' tick labels, the trace and the wallboard's clock. A
//! figure read in two outputs then reads alike, and a change of form is made here once.
//!
//! JSON and CSV are for programs and keep raw numbers; they do not come here.
//!
//! A figure is a [`Form`] (decimals, per cent or not, when the confidence half-width is shown)
//! applied to a number or an [`Estimate`]: `76.4% ±1.2`, `0.7639 ±0.0123`, `12.5`. An undefined
//! figure (NaN: an ASA with no answer) is [`UNDEFINED`]. Times of day are [`clock`] (`08:30`,
//! `08:30:15`), the same function input's messages use.

use crate::output::report::Unit;
use crate::sim::stats::Estimate;
use crate::sim::time::SimDuration;

pub use crate::input::scenario::clock;

/// A figure with nothing to measure.
pub const UNDEFINED: &str = "–";

/// How a figure is written: its decimals, whether it is a share in per cent, and when its 95 %
/// confidence half-width follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    decimals: usize,
    percent: bool,
    half_width: HalfWidth,
}

/// When the half-width is written after the mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HalfWidth {
    Never,
    /// When there is an interval and it is wider than nothing (a figure every replication agrees
    /// on reads as exact).
    Positive,
    /// Whenever there is an interval.
    Finite,
}

impl Form {
    /// A report column's figure: shares in per cent with one decimal (`76.4%`), seconds and
    /// calls with one, averages with two; with one replication (`with_ci` false) calls are whole
    /// and no half-width is shown.
    pub fn of(unit: Unit, with_ci: bool) -> Form {
        let decimals = match unit {
            Unit::Calls if !with_ci => 0,
            Unit::Calls | Unit::Seconds | Unit::Ratio => 1,
            Unit::Average => 2,
        };
        let half_width = if with_ci { HalfWidth::Positive } else { HalfWidth::Never };
        Form { decimals, percent: unit == Unit::Ratio, half_width }
    }

    /// A figure as it is, with `decimals` decimals and its half-width whenever there is one: the
    /// sweep's and the staffing plan's tables (`0.7639 ±0.0123`), and plain tick labels.
    pub const fn fixed(decimals: usize) -> Form {
        Form { decimals, percent: false, half_width: HalfWidth::Finite }
    }

    /// A share in per cent with `decimals` decimals (`80%`, `2.5%`), for tick labels.
    pub const fn percent(decimals: usize) -> Form {
        Form { decimals, percent: true, half_width: HalfWidth::Never }
    }

    /// The number `x` in this form; [`UNDEFINED`] when it is not a number.
    pub fn value(self, x: f64) -> String {
        if !x.is_finite() {
            return UNDEFINED.into();
        }
        let (scale, suffix) = if self.percent { (100.0, "%") } else { (1.0, "") };
        format!("{:.*}{suffix}", self.decimals, x * scale)
    }

    /// `±h`, the half-width in the mean's unit and decimals, when this form shows it for `e`.
    pub fn half_width(self, e: &Estimate) -> Option<String> {
        let shown = e.mean.is_finite()
            && e.ci95.is_finite()
            && match self.half_width {
                HalfWidth::Never => false,
                HalfWidth::Positive => e.ci95 > 0.0,
                HalfWidth::Finite => true,
            };
        let scale = if self.percent { 100.0 } else { 1.0 };
        shown.then(|| format!("±{:.*}", self.decimals, e.ci95 * scale))
    }

    /// The estimate as `mean ±h` (or the mean alone, or [`UNDEFINED`]).
    pub fn estimate(self, e: &Estimate) -> String {
        let mean = self.value(e.mean);
        match self.half_width(e) {
            Some(half_width) => format!("{mean} {half_width}"),
            None => mean,
        }
    }
}

/// A number of seconds as written in a sentence: `28800 s`.
pub fn seconds(secs: f64) -> String {
    format!("{secs} s")
}

/// A length of time read like a stopwatch, to the tenth of a second: `41.0 s` under a minute,
/// `3m05s` under an hour, `1h02m03s` beyond. `us` is in microseconds, as the engine counts.
pub fn duration(length: SimDuration) -> String {
    let tenths = length.tenths();
    let secs = tenths / 10;
    if secs < 60 {
        format!("{}.{} s", secs, tenths % 10)
    } else if secs < 3_600 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{}h{:02}m{:02}s", secs / 3_600, secs / 60 % 60, secs % 60)
    }
}

/// `secs` after the start of the simulation as a clock that ticks, `HH:MM:SS`, with `day N `
/// before it from the second day on (the wallboard's clock).
pub fn day_clock(secs: u64) -> String {
    let (day, time) = (secs / 86_400, crate::input::scenario::clock_with_seconds(secs % 86_400));
    if day == 0 { time } else { format!("day {} {time}", day + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(mean: f64, ci95: f64) -> Estimate {
        Estimate { mean, ci95, n: 5 }
    }

    #[test]
    fn report_figures_by_unit() {
        assert_eq!(Form::of(Unit::Ratio, true).estimate(&e(0.7639, 0.0123)), "76.4% ±1.2");
        assert_eq!(Form::of(Unit::Calls, false).estimate(&e(1234.4, f64::NAN)), "1234");
        assert_eq!(Form::of(Unit::Calls, true).estimate(&e(12.0, 0.0)), "12.0", "no interval wider than nothing");
        assert_eq!(Form::of(Unit::Average, true).estimate(&e(3.0, 0.25)), "3.00 ±0.25");
        assert_eq!(Form::of(Unit::Seconds, true).estimate(&e(f64::NAN, f64::NAN)), "–");
    }

    #[test]
    fn fixed_figures_show_every_interval() {
        assert_eq!(Form::fixed(4).estimate(&e(0.7639, 0.0)), "0.7639 ±0.0000");
        assert_eq!(Form::fixed(1).estimate(&e(12.25, f64::NAN)), "12.2");
        assert_eq!(Form::percent(0).value(0.8), "80%");
    }

    #[test]
    fn times_read_like_clocks() {
        assert_eq!(clock(30_600), "08:30");
        assert_eq!(clock(30_615), "08:30:15");
        assert_eq!(clock(86_400), "24:00");
        assert_eq!(day_clock(86_400 + 61), "day 2 00:01:01");
        assert_eq!(day_clock(61), "00:01:01");
        let secs = SimDuration::from_secs;
        assert_eq!(duration(SimDuration::ZERO), "0.0 s");
        assert_eq!(duration(secs(41.04)), "41.0 s");
        assert_eq!(duration(secs(185.0)), "3m05s");
        assert_eq!(duration(secs(59.96)), "1m00s");
        assert_eq!(duration(secs(3_723.0)), "1h02m03s");
        assert_eq!(seconds(28_800.0), "28800 s");
    }
}
