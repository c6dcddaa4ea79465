//! Trace-driven arrivals: real call records replace the traffic's arrival process, so a planner
//! can replay yesterday's calls against tomorrow's configuration.
//!
//! A records file is CSV with a header row naming its columns, in any order:
//!
//! | column | required | value |
//! |---|---|---|
//! | `arrival` | yes | seconds from the start (`3600.5`), a time of day on day 1 (`08:00:03.2`), or a date and time (`2026-11-24 08:00:03`, day 1 being the earliest date in the file) |
//! | `dialed` | yes | the dialed number: one of the scenario's `[[traffic]]` entries, whose talk time and patience fill in what a record leaves out |
//! | `talk` | no | the talk time at the call's first answer (seconds, or `"3m05s"`) |
//! | `patience` | no | how long the caller would wait — for a call that was abandoned, the time it waited before hanging up |
//!
//! An empty optional cell is drawn from the scenario's distributions. Records must be in time
//! order unless sorted on request; each must arrive before the horizon.

use std::path::Path;

use jiff::civil::{Date, DateTime, Time};

use crate::input::csv_rows;
use crate::input::diagnostic::LineError;
use crate::input::scenario::{Duration, ValueError};
use crate::sim::engine::ScriptedCall;
use crate::sim::id::TrafficId;
use crate::sim::time::{SimDuration, SimTime};

/// The columns a records file may have.
pub const COLUMNS: [&str; 4] = ["arrival", "dialed", "talk", "patience"];

/// At most this many bad rows are reported one by one.
const MAX_REPORTED: usize = 20;

/// What the records are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    /// The dialed number of each traffic entry, in order.
    pub dialed: &'a [&'a str],
    pub horizon: SimTime,
    /// Sort records by arrival instead of refusing those out of order.
    pub sort: bool,
}

/// An arrival as written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stamp {
    Seconds(SimDuration),
    OfDay(SimDuration),
    Dated(DateTime),
}

impl Stamp {
    fn kind(self) -> &'static str {
        match self {
            Stamp::Seconds(_) => "seconds",
            Stamp::OfDay(_) => "a time of day",
            Stamp::Dated(_) => "a date and time",
        }
    }
}

/// A row read, before its arrival is placed on the simulated clock.
struct Row {
    line: u64,
    stamp: Stamp,
    traffic: u32,
    talk: Option<SimDuration>,
    patience: Option<SimDuration>,
}

/// Reads the records in `path`: the calls in arrival order, or every problem found (the first
/// `MAX_REPORTED` bad rows, and a count of the others).
pub fn read(path: &Path, expect: Expect) -> Result<Vec<ScriptedCall>, Vec<LineError>> {
    let whole = |message: String| vec![LineError { path: path.to_owned(), line: 0, field: None, message }];
    let file = std::fs::File::open(path).map_err(|e| whole(format!("cannot read the call records: {e}")))?;
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(std::io::BufReader::new(file));
    let headers = reader.headers().map_err(|e| whole(format!("cannot read the header row: {e}")))?.clone();
    let position = |name: &str| headers.iter().position(|h| h == name);
    let error = |line: u64, field: Option<&'static str>, message: String| LineError {
        path: path.to_owned(),
        line,
        field,
        message,
    };
    if let Some(unknown) = headers.iter().find(|h| !COLUMNS.contains(h)) {
        return Err(vec![error(
            1,
            None,
            format!("`{unknown}` is not a column of call records; the columns are {}", COLUMNS.join(", ")),
        )]);
    }
    let (Some(arrival), Some(dialed)) = (position("arrival"), position("dialed")) else {
        return Err(vec![error(1, None, "the header row must name the columns `arrival` and `dialed`".into())]);
    };
    let (talk, patience) = (position("talk"), position("patience"));

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut bad_rows = 0usize;
    for row in csv_rows::rows(reader) {
        let Ok((line, record)) = row.map_err(|(line, message)| errors.push(error(line, None, message))) else {
            continue;
        };
        let cell = |index: Option<usize>| index.and_then(|i| record.get(i)).unwrap_or("");
        let row = (|| -> Result<Row, LineError> {
            let stamp = parse_stamp(cell(Some(arrival))).map_err(|m| error(line, Some("arrival"), m.to_string()))?;
            let number = cell(Some(dialed));
            let traffic = expect.dialed.iter().position(|&d| d == number).ok_or_else(|| {
                error(
                    line,
                    Some("dialed"),
                    format!(
                        "`{number}` is not a dialed number of the scenario's traffic ({})",
                        expect.dialed.join(", ")
                    ),
                )
            })?;
            let duration = |index: Option<usize>, field: &'static str| -> Result<Option<SimDuration>, LineError> {
                let text = cell(index);
                if text.is_empty() {
                    return Ok(None);
                }
                let parsed = match text.parse::<f64>() {
                    Ok(secs) => Duration::from_number(secs),
                    Err(_) => Duration::parse(text),
                };
                parsed
                    .map(|d| Some(SimDuration::from_secs(d.secs())))
                    .map_err(|m| error(line, Some(field), m.to_string()))
            };
            Ok(Row {
                line,
                stamp,
                traffic: traffic as u32,
                talk: duration(talk, "talk")?,
                patience: duration(patience, "patience")?,
            })
        })();
        match row {
            Ok(row) => rows.push(row),
            Err(e) => {
                bad_rows += 1;
                if errors.len() < MAX_REPORTED {
                    errors.push(e);
                }
            }
        }
    }
    if bad_rows > errors.len() {
        errors.push(error(0, None, format!("and {} more bad rows", bad_rows - errors.len())));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    place(path, rows, expect)
}

/// Puts the rows on the simulated clock, in order, before the horizon.
fn place(path: &Path, mut rows: Vec<Row>, expect: Expect) -> Result<Vec<ScriptedCall>, Vec<LineError>> {
    let error = |line: u64, message: String| LineError { path: path.to_owned(), line, field: Some("arrival"), message };
    let Some(first) = rows.first() else {
        return Err(vec![LineError {
            path: path.to_owned(),
            line: 0,
            field: None,
            message: "the file holds no call record".into(),
        }]);
    };
    let kind = first.stamp.kind();
    if let Some(other) = rows.iter().find(|r| r.stamp.kind() != kind) {
        let message =
            format!("is {} here but {kind} on the first record; write every arrival the same way", other.stamp.kind());
        return Err(vec![error(other.line, message)]);
    }
    let day_one: Option<Date> = rows
        .iter()
        .filter_map(|r| match r.stamp {
            Stamp::Dated(at) => Some(at.date()),
            _ => None,
        })
        .min();
    let at = |stamp: Stamp| -> SimTime {
        match stamp {
            Stamp::Seconds(since) | Stamp::OfDay(since) => SimTime::ZERO.plus(since),
            Stamp::Dated(at) => {
                let days = day_one.map_or(0, |d| (at.date() - d).get_days().max(0) as u64);
                SimTime::ZERO.plus(SimDuration::DAY * days + time_of_day(at.time()))
            }
        }
    };
    if expect.sort {
        rows.sort_by_key(|r| at(r.stamp)); // stable: records at the same instant keep their order
    }
    let mut calls = Vec::with_capacity(rows.len());
    let mut previous: Option<(SimTime, u64)> = None;
    for row in &rows {
        let t = at(row.stamp);
        if let Some((before, line)) = previous
            && t < before
        {
            return Err(vec![error(
                row.line,
                format!("{t} is before {before}, the arrival on line {line}; sort the file or pass --sort"),
            )]);
        }
        if t >= expect.horizon {
            return Err(vec![error(
                row.line,
                format!(
                    "{t} is not before the horizon ({}); raise simulation.horizon or drop the later records",
                    expect.horizon
                ),
            )]);
        }
        previous = Some((t, row.line));
        calls.push(ScriptedCall { at: t, traffic: TrafficId(row.traffic), talk: row.talk, patience: row.patience });
    }
    Ok(calls)
}

fn time_of_day(time: Time) -> SimDuration {
    let secs =
        u64::from(time.hour() as u8) * 3_600 + u64::from(time.minute() as u8) * 60 + u64::from(time.second() as u8);
    SimDuration::from_whole_secs(secs) + SimDuration::from_nanos(time.subsec_nanosecond() as u64)
}

/// Seconds (`3600.5`), a time of day (`08:00:03.2`), or a date and time (`2026-11-24 08:00:03`,
/// or with a `T`).
fn parse_stamp(text: &str) -> Result<Stamp, ValueError> {
    if text.is_empty() {
        return Err(ValueError::from("is empty; every record needs its arrival".to_owned()));
    }
    if let Ok(secs) = text.parse::<f64>() {
        return match Duration::from_number(secs) {
            Ok(d) => Ok(Stamp::Seconds(SimDuration::from_secs(d.secs()))),
            Err(e) => Err(format!("`{text}`: {e}").into()),
        };
    }
    if let Ok(at) = text.parse::<DateTime>() {
        return Ok(Stamp::Dated(at));
    }
    if let Ok(time) = text.parse::<Time>() {
        return Ok(Stamp::OfDay(time_of_day(time)));
    }
    Err(format!(
        "`{text}` is not an arrival: write seconds from the start (3600.5), a time of day (08:00:03.2) or a date and time (2026-11-24 08:00:03)"
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrivals_are_seconds_times_of_day_or_dates() {
        assert_eq!(parse_stamp("3600.5"), Ok(Stamp::Seconds(SimDuration(3_600_500_000))));
        assert_eq!(parse_stamp("08:00:03.25"), Ok(Stamp::OfDay(SimDuration::from_secs(8.0 * 3_600.0 + 3.25))));
        assert!(matches!(parse_stamp("2026-11-24 08:00:03"), Ok(Stamp::Dated(_))));
        assert!(matches!(parse_stamp("2026-11-24T08:00:03.5"), Ok(Stamp::Dated(_))));
        assert!(parse_stamp("yesterday").unwrap_err().to_string().contains("is not an arrival"));
        assert!(parse_stamp("-5").is_err());
    }
}
