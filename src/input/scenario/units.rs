//! The units a planner writes: durations (`"90s"`, `"5m"`, `"8h"`, or plain seconds), arrival rates
//! (`"120/h"`) and times of day (`"08:30"`).
//!
//! Each type checks what it can without context (finite, non-negative, a known unit) while it is
//! deserialized, so a typo such as `"5 parsecs"` is reported at its own span by the TOML layer.
//! Range rules that depend on the field (e.g. max waiting time 1..60000 s) belong to validation.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// The longest duration a scenario may hold: 100 years of 365.25 days (humantime's `y`). Simulated time is an integer count of
/// microseconds, and this bound keeps every sum of durations far from overflow.
pub const MAX_SECONDS: f64 = 100.0 * 365.25 * 86_400.0;

message_error! {
    /// A value as written (in a scenario, a flag, a records or forecast file) that is not what its
    /// field takes — a duration, a rate, a time of day, a count: what is wrong with it, as the
    /// message to show (the caller adds where it was written).
    ValueError
}

/// `Err(invalid_value!(...))`: a [`ValueError`] with a `format!` message.
macro_rules! invalid_value {
    ($($message:tt)*) => {
        ValueError(format!($($message)*))
    };
}

/// A non-negative, finite span of time, held in seconds as written.
///
/// The engine converts it to integer microseconds once; the scenario keeps the planner's value.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Duration(f64);

impl Duration {
    /// A duration of `secs` seconds. `secs` must be finite, non-negative and at most
    /// [`MAX_SECONDS`]; [`Duration::parse`] and deserialization check it.
    pub const fn from_secs(secs: f64) -> Self {
        Duration(secs)
    }

    /// The duration in seconds.
    pub fn secs(self) -> f64 {
        self.0
    }

    /// Parses a duration as written in a scenario: a number with a unit (`"90s"`, `"5m"`,
    /// `"1h 30m"`, `"250ms"`, `"2d"`).
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let trimmed = text.trim();
        if trimmed.starts_with('-') {
            return Err(invalid_value!("invalid duration \"{text}\": a duration cannot be negative"));
        }
        let parsed = humantime::parse_duration(trimmed).map_err(|e| {
            format!("invalid duration \"{text}\": {e}; write e.g. \"90s\", \"5m\", \"8h\" or a number of seconds")
        })?;
        Self::from_number(parsed.as_secs_f64()).map_err(|e| invalid_value!("invalid duration \"{text}\": {e}"))
    }

    /// A duration from a number of seconds, rejecting NaN, negatives and more than 100 years.
    pub fn from_number(secs: f64) -> Result<Self, ValueError> {
        if secs.is_nan() {
            Err(invalid_value!("a duration must be a number, not NaN"))
        } else if secs < 0.0 {
            Err(invalid_value!("a duration cannot be negative (got {secs})"))
        } else if secs > MAX_SECONDS {
            Err(invalid_value!("a duration must be at most 100 years (got {secs:e} s)"))
        } else {
            Ok(Duration(secs))
        }
    }
}

impl fmt::Display for Duration {
    /// In the largest unit that writes it whole, as a planner would: `2h`, `30m`, `90s`, `0.25s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0;
        if secs >= 3_600.0 && secs % 3_600.0 == 0.0 {
            write!(f, "{}h", secs / 3_600.0)
        } else if secs >= 60.0 && secs % 60.0 == 0.0 {
            write!(f, "{}m", secs / 60.0)
        } else {
            write!(f, "{secs}s")
        }
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;
        impl Visitor<'_> for DurationVisitor {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a duration such as \"90s\", \"5m\", \"8h\" or a number of seconds")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                Duration::from_number(v as f64).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                Duration::from_number(v as f64).map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Duration, E> {
                Duration::from_number(v).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                Duration::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(DurationVisitor)
    }
}

/// An arrival rate in calls per second, written `"120/h"`, `"2/m"`, `"0.5/s"` or `"2880/d"`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Rate(f64);

impl Rate {
    /// A rate of `per_second` calls per second.
    pub const fn per_second(per_second: f64) -> Self {
        Rate(per_second)
    }

    /// Calls per second.
    pub fn per_sec(self) -> f64 {
        self.0
    }

    /// Parses `"COUNT/UNIT"` with unit `s`, `m`, `h` or `d`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let usage = "write calls per unit of time, e.g. \"120/h\", \"2/m\" or \"0.5/s\"";
        let Some((count, unit)) = text.split_once('/') else {
            return Err(invalid_value!("invalid rate \"{text}\": {usage}"));
        };
        let count: f64 = count
            .trim()
            .parse()
            .map_err(|_| format!("invalid rate \"{text}\": \"{}\" is not a number; {usage}", count.trim()))?;
        let seconds = match unit.trim() {
            "s" | "sec" => 1.0,
            "m" | "min" => 60.0,
            "h" | "hour" => 3_600.0,
            "d" | "day" => 86_400.0,
            other => return Err(invalid_value!("invalid rate \"{text}\": unknown unit \"{other}\"; {usage}")),
        };
        if !count.is_finite() || count < 0.0 {
            return Err(invalid_value!("invalid rate \"{text}\": the count must be a finite number ≥ 0"));
        }
        Ok(Rate(count / seconds))
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, "a rate such as \"120/h\"", Rate::parse)
    }
}

/// A time of day, `"HH:MM"` from `"00:00"` to `"24:00"`, held as seconds after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// Seconds after midnight.
    pub fn secs(self) -> u32 {
        self.0
    }

    /// `hours`:`minutes`, both already in range.
    pub const fn hm(hours: u32, minutes: u32) -> Self {
        TimeOfDay(hours * 3_600 + minutes * 60)
    }

    /// Parses `"HH:MM"`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let bad = || format!("invalid time of day \"{text}\": write \"HH:MM\" between \"00:00\" and \"24:00\"");
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        let all_digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(h) || m.len() != 2 || !all_digits(m) {
            return Err(bad().into());
        }
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m >= 60 || h > 24 || (h == 24 && m > 0) {
            return Err(bad().into());
        }
        Ok(TimeOfDay::hm(h, m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clock(u64::from(self.0)))
    }
}

/// `secs` after midnight as a clock reads it: `HH:MM`, or `HH:MM:SS` when the seconds are not
/// zero. Hours are not wrapped, so the end of a day is `24:00`. The one clock format of every
/// time of day callsim shows (messages about inputs, interval labels, the reports); it lives in
/// `input`, the first layer, because input's own messages need it too.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3_600, secs % 3_600 / 60, secs % 60);
    if s == 0 { format!("{h:02}:{m:02}") } else { format!("{h:02}:{m:02}:{s:02}") }
}

/// `secs` after midnight as `HH:MM:SS`, seconds always shown: a clock that ticks (the
/// wallboard's).
pub fn clock_with_seconds(secs: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3_600, secs % 3_600 / 60, secs % 60)
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, "a time of day such as \"08:30\"", TimeOfDay::parse)
    }
}

/// Deserializes a string through `parse`, keeping its message; `what` is what was expected.
pub(super) fn from_str<'de, D, T, E>(
    deserializer: D,
    what: &'static str,
    parse: fn(&str) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: fmt::Display,
{
    struct StrVisitor<T, E> {
        what: &'static str,
        parse: fn(&str) -> Result<T, E>,
    }
    impl<T, E: fmt::Display> Visitor<'_> for StrVisitor<T, E> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.what)
        }
        fn visit_str<Failure: de::Error>(self, v: &str) -> Result<T, Failure> {
            (self.parse)(v).map_err(Failure::custom)
        }
    }
    deserializer.deserialize_str(StrVisitor { what, parse })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_write_them() {
        assert_eq!(Duration::parse("90s").unwrap().secs(), 90.0);
        assert_eq!(Duration::parse("5m").unwrap().secs(), 300.0);
        assert_eq!(Duration::parse("8h").unwrap().secs(), 28_800.0);
        assert_eq!(Duration::parse("1h 30m").unwrap().secs(), 5_400.0);
        assert_eq!(Duration::parse("250ms").unwrap().secs(), 0.25);
    }

    #[test]
    fn durations_display_in_the_largest_whole_unit() {
        let shown = |secs| Duration::from_secs(secs).to_string();
        assert_eq!(
            [shown(7_200.0), shown(1_800.0), shown(90.0), shown(0.25), shown(0.0)],
            ["2h", "30m", "90s", "0.25s", "0s"]
        );
    }

    #[test]
    fn bad_durations_say_why() {
        assert!(Duration::parse("-5s").unwrap_err().to_string().contains("cannot be negative"));
        assert!(Duration::parse("5 parsecs").unwrap_err().to_string().contains("unknown time unit"));
        assert!(Duration::parse("200y").unwrap_err().to_string().contains("at most 100 years"));
        assert_eq!(Duration::parse("100y").unwrap().secs(), MAX_SECONDS);
        assert!(Duration::from_number(f64::NAN).unwrap_err().to_string().contains("NaN"));
        assert!(Duration::from_number(f64::INFINITY).unwrap_err().to_string().ends_with("(got inf s)"));
    }

    #[test]
    fn rates_per_unit_of_time() {
        assert_eq!(Rate::parse("120/h").unwrap().per_sec(), 120.0 / 3_600.0);
        assert_eq!(Rate::parse("2/m").unwrap().per_sec(), 2.0 / 60.0);
        assert_eq!(Rate::parse("0.5/s").unwrap().per_sec(), 0.5);
        assert_eq!(Rate::parse("2880/d").unwrap().per_sec(), 2_880.0 / 86_400.0);
        assert!(Rate::parse("120").unwrap_err().to_string().contains("e.g. \"120/h\""));
        assert!(Rate::parse("120/week").unwrap_err().to_string().contains("unknown unit \"week\""));
        assert!(Rate::parse("-1/h").unwrap_err().to_string().contains("≥ 0"));
        assert!(Rate::parse("NaN/h").unwrap_err().to_string().contains("≥ 0"));
    }

    #[test]
    fn times_of_day() {
        assert_eq!(TimeOfDay::parse("08:30").unwrap().secs(), 30_600);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().secs(), 86_400);
        assert_eq!(TimeOfDay::parse("8:05").unwrap().to_string(), "08:05");
        for bad in ["24:01", "12:60", "noon", "12", "1:2", "-1:00"] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
