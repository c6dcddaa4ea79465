//! A planner's forecast: calls offered and average handle time per interval of the day, per
//! dialed number or per skill queue, in the form workforce-management tools keep it.
//!
//! A forecast file is CSV with a header row naming its columns (case-insensitive, any order):
//!
//! | column | value |
//! |---|---|
//! | `interval` (or `interval_start`) | the start of the interval, `HH:MM` or `HH:MM:SS` |
//! | `dialed` or `queue` (exactly one) | the dialed number, or the skill queue, the row is for |
//! | `volume` | calls offered in the interval, a number ≥ 0 |
//! | `aht` | their average handle time (`240`, `"240s"`, `"4m"`); > 0 when `volume` > 0 |
//!
//! The interval length (15, 30 or 60 minutes) is not written: it is the gap between consecutive
//! distinct starts, which must be the same throughout the file. The full format and its checks
//! are in `docs/forecast.md`; `callsim staff --forecast FILE` staffs each interval from it.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::input::csv_rows;
use crate::input::diagnostic::LineError;
use crate::input::scenario::{Duration, ValueError};

/// At most this many problems are reported one by one; the rest are counted, so that a file in
/// the wrong format gives a screenful, not thousands of lines.
const MAX_REPORTED: usize = 20;

/// The interval lengths a forecast may use, in seconds: the ones workforce-management tools
/// plan in. Anything else is more likely a wrong or missing row than a real plan.
pub const INTERVAL_LENGTHS: [u32; 3] = [900, 1_800, 3_600];

const DAY_S: u32 = 86_400;

/// The columns a forecast may have, as listed in messages.
const COLUMNS: &str = "interval (or interval_start), dialed or queue, volume, aht";

/// A forecast as read: per dialed number (or queue), per interval of one day, the calls offered
/// and their average handle time.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Length of one interval, seconds (900, 1800 or 3600).
    pub interval_s: f64,
    /// Whether the rows name dialed numbers or queues.
    pub keyed_by: Key,
    /// One entry per dialed number (or queue), in order of first appearance.
    pub entries: Vec<ForecastEntry>,
}

/// What the rows of a forecast are for: the caller must match each key against the scenario's
/// `[[traffic]]` entries (dialed numbers) or its skill queues, so it needs to know which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The `dialed` column: a dialed number (access code + extension code).
    Dialed,
    /// The `queue` column: a skill queue name.
    Queue,
}

impl Key {
    /// The column that holds the key, as written in the header (and in messages).
    pub fn column(self) -> &'static str {
        match self {
            Key::Dialed => "dialed",
            Key::Queue => "queue",
        }
    }
}

/// The forecast for one dialed number or queue over one day.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastEntry {
    /// The dialed number or queue name, as written.
    pub key: String,
    /// Per interval of the day (length 86400 / interval_s), volume and AHT in seconds; intervals
    /// the file does not list have volume 0 and aht NaN.
    pub volume: Vec<f64>,
    /// The average handle time of each interval, seconds, aligned with `volume`. NaN where the
    /// file gives none (possible only with volume 0), so that no made-up AHT is ever used.
    pub aht_s: Vec<f64>,
}

impl ForecastEntry {
    /// The arrival rate (calls per second) of each interval: volume / interval length. Queueing
    /// models (Erlang C, the simulator's Poisson arrivals) take a rate, not a count.
    pub fn rates(&self, interval_s: f64) -> Vec<f64> {
        self.volume.iter().map(|v| v / interval_s).collect()
    }

    /// The volume-weighted mean AHT over the day (NaN with no volume): the handle time of the
    /// day's average call, which is what a single-rate model of the whole day should use.
    /// Intervals without calls do not count, so their missing (NaN) AHT does not spoil the mean.
    pub fn mean_aht_s(&self) -> f64 {
        let (mut calls, mut work) = (0.0, 0.0);
        for (&v, &a) in self.volume.iter().zip(&self.aht_s) {
            if v > 0.0 {
                calls += v;
                work += v * a;
            }
        }
        if calls > 0.0 { work / calls } else { f64::NAN }
    }
}

/// A row read, each field `None` where it did not parse (its error is already recorded), so that
/// the interval checks still see every good start.
struct Row {
    line: u64,
    start: Option<u32>,
    key: Option<String>,
    volume: Option<f64>,
    aht_s: Option<f64>,
}

/// The columns found in the header row.
struct Header {
    /// Index of the interval column and the name it was written under (`interval` or
    /// `interval_start`), which messages use as the field name.
    interval: (usize, &'static str),
    key: (usize, Key),
    volume: usize,
    aht: usize,
    width: usize,
}

/// Reads the forecast in `path`: every dialed number (or queue) with its volume and AHT per
/// interval, or every problem found (the first `MAX_REPORTED`, in line order, and a count of
/// the others), each with its line and field, so a planner can fix the file in one pass.
pub fn read(path: &Path) -> Result<Forecast, Vec<LineError>> {
    let error = |line: u64, field: Option<&'static str>, message: String| LineError {
        path: path.to_owned(),
        line,
        field,
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| vec![error(0, None, format!("cannot read the forecast: {e}"))])?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![error(
            0,
            None,
            format!("the file is empty; a forecast needs a header row ({COLUMNS}) and a row per interval"),
        )]);
    }
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(bytes.as_slice());
    let names = reader.headers().map_err(|e| vec![error(1, None, format!("cannot read the header row: {e}"))])?.clone();
    let header = read_header(&names).map_err(|problems| {
        problems.into_iter().map(|(field, message)| error(1, field, message)).collect::<Vec<_>>()
    })?;
    let (interval_field, key_field) = (header.interval.1, header.key.1.column());

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, u32), u64> = HashMap::new();
    for row in csv_rows::rows(reader) {
        let Ok((line, record)) = row.map_err(|(line, message)| errors.push(error(line, None, message))) else {
            continue;
        };
        if record.len() != header.width {
            errors.push(error(
                line,
                None,
                format!("has {} fields but the header row names {} columns", record.len(), header.width),
            ));
            continue;
        }
        let cell = |index: usize| record.get(index).unwrap_or("");
        let mut problem = |field: &'static str, message: String| errors.push(error(line, Some(field), message));

        let start = parse_start(cell(header.interval.0)).map_err(|m| problem(interval_field, m.to_string())).ok();
        let key = cell(header.key.0);
        let key = if key.is_empty() {
            let what = match header.key.1 {
                Key::Dialed => "the dialed number",
                Key::Queue => "the skill queue",
            };
            problem(key_field, format!("is empty; every row needs {what} its calls are for"));
            None
        } else {
            Some(key.to_owned())
        };
        let volume = parse_volume(cell(header.volume)).map_err(|m| problem("volume", m.to_string())).ok();
        let aht_s = parse_aht(cell(header.aht), volume).map_err(|m| problem("aht", m.to_string())).ok();
        if let (Some(start), Some(key)) = (start, &key) {
            match seen.entry((key.clone(), start)) {
                Entry::Occupied(first) => problem(
                    interval_field,
                    format!("`{key}` at {} is already on line {}; give each interval once", clock(start), first.get()),
                ),
                Entry::Vacant(slot) => {
                    slot.insert(line);
                }
            }
        }
        rows.push(Row { line, start, key, volume, aht_s });
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(vec![error(0, None, "the file holds no forecast row, only the header".into())]);
    }

    let interval_s = match interval_length(&rows) {
        Ok(length) => {
            errors.extend(grid_errors(&rows, length).into_iter().map(|(line, m)| error(line, Some(interval_field), m)));
            Some(length)
        }
        Err(Some((line, message))) => {
            errors.push(error(line, Some(interval_field), message));
            None
        }
        Err(None) => None, // no row has a good start; each says why
    };

    if !errors.is_empty() {
        errors.sort_by_key(|e| (e.line == 0, e.line)); // stable: a row's problems stay in column order
        if errors.len() > MAX_REPORTED {
            let more = errors.len() - MAX_REPORTED;
            errors.truncate(MAX_REPORTED);
            errors.push(error(0, None, format!("and {more} more errors")));
        }
        return Err(errors);
    }
    let Some(interval_s) = interval_s else {
        return Err(vec![error(0, Some(interval_field), "no interval length could be found".into())]);
    };
    Ok(assemble(rows, interval_s, header.key.1))
}

/// Finds the columns in the header row, or every problem with it (each with the field at fault
/// where there is one): unknown, unnamed, repeated or missing columns, and both or neither of
/// `dialed` and `queue`.
fn read_header(names: &csv::StringRecord) -> Result<Header, Vec<(Option<&'static str>, String)>> {
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    // interval, dialed, queue, volume, aht: index and the name as written.
    let mut found: [Option<(usize, &'static str)>; 5] = [None; 5];
    for (index, name) in names.iter().enumerate() {
        let (slot, canonical) = match name.to_ascii_lowercase().as_str() {
            "interval" => (0, "interval"),
            "interval_start" => (0, "interval_start"),
            "dialed" => (1, "dialed"),
            "queue" => (2, "queue"),
            "volume" => (3, "volume"),
            "aht" => (4, "aht"),
            "" => {
                problems
                    .push((None, format!("column {} of the header row has no name; name it or remove it", index + 1)));
                continue;
            }
            _ => {
                unknown.push(format!("`{name}`"));
                continue;
            }
        };
        match found[slot] {
            Some((_, first)) => problems.push((
                Some(canonical),
                format!("is in the header row twice (as `{first}` and as `{canonical}`); keep one"),
            )),
            None => found[slot] = Some((index, canonical)),
        }
    }
    match unknown.len() {
        0 => {}
        1 => problems.push((None, format!("{} is not a column of a forecast; the columns are {COLUMNS}", unknown[0]))),
        _ => problems
            .push((None, format!("{} are not columns of a forecast; the columns are {COLUMNS}", unknown.join(", ")))),
    }
    let key = match (found[1], found[2]) {
        (Some((i, _)), None) => Some((i, Key::Dialed)),
        (None, Some((i, _))) => Some((i, Key::Queue)),
        (Some(_), Some(_)) => {
            problems.push((
                None,
                "the header row names both `dialed` and `queue`; a forecast is per dialed number or per queue, so keep one"
                    .into(),
            ));
            None
        }
        (None, None) => {
            problems.push((
                None,
                "the header row names neither `dialed` nor `queue`; every row needs the dialed number or the queue its calls are for"
                    .into(),
            ));
            None
        }
    };
    for (slot, name) in [(0, "interval"), (3, "volume"), (4, "aht")] {
        if found[slot].is_none() {
            problems.push((Some(name), format!("is missing from the header row; the columns are {COLUMNS}")));
        }
    }
    match (found[0], key, found[3], found[4]) {
        (Some(interval), Some(key), Some((volume, _)), Some((aht, _))) if problems.is_empty() => {
            Ok(Header { interval, key, volume, aht, width: names.len() })
        }
        _ => Err(problems),
    }
}

/// The start of an interval, seconds after midnight: `HH:MM` or `HH:MM:SS` (hours may be one
/// digit), from 00:00 to 23:59:59. `24:00` ends the day; it starts no interval.
fn parse_start(text: &str) -> Result<u32, ValueError> {
    if text.is_empty() {
        return Err("is empty; every row needs the start of its interval (HH:MM)".to_owned().into());
    }
    let bad = || {
        format!("`{text}` is not the start of an interval: write a time of day HH:MM or HH:MM:SS, from 00:00 to 23:59")
    };
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(bad().into());
    }
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>, below: u32| -> Option<u32> {
        let ok = digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| part.parse::<u32>().ok()).flatten().filter(|&n| n < below)
    };
    let h = number(parts[0], 1..=2, 24).ok_or_else(|| ValueError::from(bad()))?;
    let m = number(parts[1], 2..=2, 60).ok_or_else(|| ValueError::from(bad()))?;
    let s = match parts.get(2) {
        Some(part) => number(part, 2..=2, 60).ok_or_else(|| ValueError::from(bad()))?,
        None => 0,
    };
    Ok(h * 3_600 + m * 60 + s)
}

/// Calls offered: a finite number ≥ 0 (forecasts are fractional).
fn parse_volume(text: &str) -> Result<f64, ValueError> {
    if text.is_empty() {
        return Err("is empty; give the calls offered in the interval, 0 if none".to_owned().into());
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(v) if v < 0.0 => Err(ValueError::from(format!("`{text}` is negative; the calls offered must be ≥ 0"))),
        _ => Err(ValueError::from(format!(
            "`{text}` is not a number of calls; write the calls offered in the interval, e.g. 12 or 12.5"
        ))),
    }
}

/// The average handle time in seconds, NaN when empty. It must be given, and > 0, when the
/// volume is > 0 (a volume that did not parse leaves only the format to check).
fn parse_aht(text: &str, volume: Option<f64>) -> Result<f64, ValueError> {
    let calls = volume.filter(|&v| v > 0.0);
    if text.is_empty() {
        return match calls {
            Some(v) => Err(ValueError::from(format!(
                "is empty, but the interval has {v} calls; give their average handle time (240s, 4m)"
            ))),
            None => Ok(f64::NAN),
        };
    }
    let parsed = match text.parse::<f64>() {
        Ok(secs) => Duration::from_number(secs).map_err(|e| ValueError::from(format!("`{text}`: {e}"))),
        Err(_) => Duration::parse(text),
    };
    let secs = parsed?.secs();
    match calls {
        Some(v) if secs <= 0.0 => {
            Err(ValueError::from(format!("is 0, but the interval has {v} calls; an average handle time must be > 0")))
        }
        _ => Ok(secs),
    }
}

/// The interval length, seconds. When every gap between consecutive distinct starts is the
/// same, it is that gap, which must be one of [`INTERVAL_LENGTHS`]. When the gaps differ, the
/// file is inconsistent, and the length is the one of [`INTERVAL_LENGTHS`] that leaves the fewest
/// rows off its grid and intervals skipped (then the one most gaps equal, then the longest), so
/// that a mistyped start or a few rows of another length are reported where they are rather
/// than condemning every other row. `Err` holds the line and message of why there is no length,
/// or nothing if no row has a good start (each of those rows says why).
fn interval_length(rows: &[Row]) -> Result<u32, Option<(u64, String)>> {
    let starts = first_lines(rows.iter());
    let gaps: Vec<(u32, u64, u32)> = // (gap, line of the later start, earlier start)
        starts.iter().zip(starts.iter().skip(1)).map(|(&(before, _), &(after, line))| (after - before, line, before)).collect();
    let Some(&(gap, line, from)) = gaps.first() else {
        return Err(starts.first().map(|&(start, _)| {
            (
                0,
                format!(
                    "every row starts at {}; the interval length is the gap between consecutive starts, so list at least two intervals (with volume 0 if need be)",
                    clock(start)
                ),
            )
        }));
    };
    if gaps.iter().all(|&(g, _, _)| g == gap) && !INTERVAL_LENGTHS.contains(&gap) {
        return Err(Some((
            line,
            format!(
                "the intervals are {} long ({} to {}); a forecast's intervals must be 15, 30 or 60 minutes",
                minutes(gap),
                clock(from),
                clock(from + gap)
            ),
        )));
    }
    let fit = |length: u32| {
        let agreeing = gaps.iter().filter(|&&(g, _, _)| g == length).count();
        (grid_errors(rows, length).len(), std::cmp::Reverse(agreeing), std::cmp::Reverse(length))
    };
    Ok(INTERVAL_LENGTHS.into_iter().min_by_key(|&length| fit(length)).unwrap_or(gap))
}

/// The distinct good starts of `rows`, in time order, each with the first line that gives it.
fn first_lines<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<(u32, u64)> {
    let mut first: BTreeMap<u32, u64> = BTreeMap::new();
    for row in rows {
        if let Some(start) = row.start {
            first.entry(start).or_insert(row.line);
        }
    }
    first.into_iter().collect()
}

/// Every row whose start is not a whole number of intervals after midnight, and every start that
/// comes more than one interval after the one before (a skipped interval, or a file mixing
/// interval lengths): lines and messages.
fn grid_errors(rows: &[Row], length: u32) -> Vec<(u64, String)> {
    let mut errors = Vec::new();
    for row in rows {
        if let Some(start) = row.start.filter(|s| !s.is_multiple_of(length)) {
            let below = start - start % length;
            errors.push((
                row.line,
                format!(
                    "{} is not the start of a {}-minute interval; this file's intervals start at {} and {}",
                    clock(start),
                    length / 60,
                    clock(below),
                    clock(below + length)
                ),
            ));
        }
    }
    let on_grid = first_lines(rows.iter().filter(|r| r.start.is_some_and(|s| s.is_multiple_of(length))));
    for (&(before, before_line), &(after, line)) in on_grid.iter().zip(on_grid.iter().skip(1)) {
        if after - before != length {
            errors.push((
                line,
                format!(
                    "{} comes {} after the interval before ({}, line {before_line}), but this file's intervals are {} long; list every interval between, with volume 0 if no calls are expected",
                    clock(after),
                    minutes(after - before),
                    clock(before),
                    minutes(length)
                ),
            ));
        }
    }
    errors
}

/// The forecast from rows that all read and passed every check.
fn assemble(rows: Vec<Row>, length: u32, keyed_by: Key) -> Forecast {
    let intervals = (DAY_S / length) as usize;
    let mut entries: Vec<ForecastEntry> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let (Some(start), Some(key), Some(volume), Some(aht_s)) = (row.start, row.key, row.volume, row.aht_s) else {
            continue; // not reached: a row with a bad field is an error
        };
        let at = *index.entry(key.clone()).or_insert_with(|| {
            entries.push(ForecastEntry { key, volume: vec![0.0; intervals], aht_s: vec![f64::NAN; intervals] });
            entries.len() - 1
        });
        let slot = (start / length) as usize;
        entries[at].volume[slot] = volume;
        entries[at].aht_s[slot] = aht_s;
    }
    Forecast { interval_s: f64::from(length), keyed_by, entries }
}

fn clock(secs: u32) -> String {
    crate::input::scenario::clock(u64::from(secs))
}

/// A gap as `30 minutes`, or `90 seconds` when it is not whole minutes.
fn minutes(secs: u32) -> String {
    if secs.is_multiple_of(60) { format!("{} minutes", secs / 60) } else { format!("{secs} seconds") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` as `f.csv` in a fresh directory and reads it, keeping the directory alive.
    fn read_text(text: &str) -> (tempfile::TempDir, Result<Forecast, Vec<LineError>>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let result = read(&path);
        (dir, result)
    }

    /// The errors for `text`, rendered as a planner sees them, with the path shortened to `f.csv`.
    fn errors(text: &str) -> Vec<String> {
        let (dir, result) = read_text(text);
        let full = dir.path().join("f.csv").display().to_string();
        result.unwrap_err().iter().map(|e| e.to_string().replace(&full, "f.csv")).collect()
    }

    fn good(text: &str) -> Forecast {
        let (_dir, result) = read_text(text);
        result.unwrap()
    }

    #[test]
    fn a_thirty_minute_forecast_of_two_dialed_numbers() {
        let f = good(
            "Interval,DIALED,Volume,AHT\n\
             08:00,123451,12,240\n\
             08:00,123452,6,4m\n\
             08:30,123451,18,200s\n\
             08:30,123452,0,\n\
             09:00,123451,0,\n",
        );
        assert_eq!(f.interval_s, 1_800.0);
        assert_eq!(f.keyed_by, Key::Dialed);
        let keys: Vec<&str> = f.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["123451", "123452"]);
        let (a, b) = (&f.entries[0], &f.entries[1]);
        assert_eq!((a.volume.len(), a.aht_s.len(), b.volume.len()), (48, 48, 48));
        // 08:00 is interval 16 of the day, 08:30 is 17, 09:00 is 18.
        assert_eq!(&a.volume[16..19], [12.0, 18.0, 0.0]);
        assert_eq!(&a.aht_s[16..18], [240.0, 200.0]);
        assert!(a.aht_s[18].is_nan(), "volume 0 with no AHT");
        assert_eq!(&b.volume[16..18], [6.0, 0.0]);
        assert_eq!(b.aht_s[16], 240.0);
        assert!(b.aht_s[17].is_nan());
        // Intervals the file does not list: no calls, no AHT.
        assert_eq!(a.volume.iter().sum::<f64>(), 30.0);
        assert!(a.aht_s[..16].iter().chain(&a.aht_s[19..]).all(|x| x.is_nan()));
        let rates = a.rates(f.interval_s);
        assert_eq!(rates.len(), 48);
        assert_eq!(rates[16], 12.0 / 1_800.0);
        assert_eq!(rates[17], 0.01); // 18 calls in 1800 s
        assert_eq!(rates[0], 0.0);
        // (12 × 240 + 18 × 200) / (12 + 18) = (2880 + 3600) / 30 = 216 s; the empty 09:00 does not count.
        assert_eq!(a.mean_aht_s(), 216.0);
        assert_eq!(b.mean_aht_s(), 240.0);
    }

    #[test]
    fn a_queue_forecast_in_hours_with_seconds_and_columns_in_any_order() {
        let f = good(
            "\u{feff}queue,aht,interval_start,volume\n\
             Sales,3m,09:00:00,30\n\
             Support,,09:00:00,0\n\
             Sales,180,10:00:00,45\n",
        );
        assert_eq!(f.interval_s, 3_600.0);
        assert_eq!(f.keyed_by, Key::Queue);
        assert_eq!(f.entries.len(), 2);
        let (sales, support) = (&f.entries[0], &f.entries[1]);
        assert_eq!(sales.key, "Sales");
        assert_eq!(sales.volume.len(), 24);
        assert_eq!(&sales.volume[9..11], [30.0, 45.0]);
        assert_eq!(&sales.aht_s[9..11], [180.0, 180.0]);
        assert_eq!(sales.mean_aht_s(), 180.0);
        assert_eq!(sales.rates(f.interval_s)[10], 45.0 / 3_600.0);
        assert_eq!(support.key, "Support");
        assert!(support.volume.iter().all(|&v| v == 0.0));
        assert!(support.mean_aht_s().is_nan(), "no volume, no mean");
    }

    #[test]
    fn fifteen_minute_intervals_and_a_volume_zero_row_with_an_aht() {
        let f = good("interval,dialed,volume,aht\n23:30,1,2.5,60\n23:45,1,0,0\n");
        assert_eq!(f.interval_s, 900.0);
        assert_eq!(f.entries[0].volume.len(), 96);
        assert_eq!((f.entries[0].volume[94], f.entries[0].volume[95]), (2.5, 0.0));
        assert_eq!(f.entries[0].aht_s[95], 0.0);
        assert_eq!(f.entries[0].mean_aht_s(), 60.0);
    }

    #[test]
    fn an_unreadable_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.csv");
        let errors = read(&path).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].field), (0, None));
        assert!(errors[0].message.starts_with("cannot read the forecast: "), "{}", errors[0].message);
    }

    #[test]
    fn an_empty_file_or_only_a_header() {
        let empty = "f.csv: error: the file is empty; a forecast needs a header row (interval (or interval_start), dialed or queue, volume, aht) and a row per interval";
        assert_eq!(errors(""), [empty]);
        assert_eq!(errors("\n  \n"), [empty]);
        assert_eq!(
            errors("interval,dialed,volume,aht\n"),
            ["f.csv: error: the file holds no forecast row, only the header"]
        );
    }

    #[test]
    fn unknown_unnamed_repeated_and_missing_columns() {
        let columns = "the columns are interval (or interval_start), dialed or queue, volume, aht";
        assert_eq!(
            errors("interval,dialed,volume,aht,notes,Site\n08:00,1,1,1,x,y\n"),
            [format!("f.csv:1: error: `notes`, `Site` are not columns of a forecast; {columns}")]
        );
        assert_eq!(
            errors("interval,dialed,volume,aht,comment\n"),
            [format!("f.csv:1: error: `comment` is not a column of a forecast; {columns}")]
        );
        assert_eq!(
            errors("interval,dialed,volume,aht,\n"),
            ["f.csv:1: error: column 5 of the header row has no name; name it or remove it"]
        );
        assert_eq!(
            errors("interval,Interval_Start,dialed,volume,aht\n"),
            [
                "f.csv:1: error: field `interval_start`: is in the header row twice (as `interval` and as `interval_start`); keep one"
            ]
        );
        assert_eq!(
            errors("dialed,volume\n"),
            [
                format!("f.csv:1: error: field `interval`: is missing from the header row; {columns}"),
                format!("f.csv:1: error: field `aht`: is missing from the header row; {columns}"),
            ]
        );
    }

    #[test]
    fn both_or_neither_of_dialed_and_queue() {
        assert_eq!(
            errors("interval,dialed,queue,volume,aht\n"),
            [
                "f.csv:1: error: the header row names both `dialed` and `queue`; a forecast is per dialed number or per queue, so keep one"
            ]
        );
        assert_eq!(
            errors("interval,volume,aht\n"),
            [
                "f.csv:1: error: the header row names neither `dialed` nor `queue`; every row needs the dialed number or the queue its calls are for"
            ]
        );
    }

    #[test]
    fn bad_times() {
        let bad = |t: &str| {
            format!(
                "field `interval`: `{t}` is not the start of an interval: write a time of day HH:MM or HH:MM:SS, from 00:00 to 23:59"
            )
        };
        assert_eq!(
            errors(
                "interval,dialed,volume,aht\n08:00,1,1,1\n8am,1,1,1\n24:00,1,1,1\n08:60,1,1,1\n08:30,1,1,1\n,1,1,1\n"
            ),
            [
                format!("f.csv:3: error: {}", bad("8am")),
                format!("f.csv:4: error: {}", bad("24:00")),
                format!("f.csv:5: error: {}", bad("08:60")),
                "f.csv:7: error: field `interval`: is empty; every row needs the start of its interval (HH:MM)".into(),
            ]
        );
    }

    #[test]
    fn a_start_off_the_grid() {
        assert_eq!(
            errors("interval_start,queue,volume,aht\n08:00,A,1,1\n08:30,A,1,1\n08:40,B,1,1\n09:00,A,1,1\n"),
            [
                "f.csv:4: error: field `interval_start`: 08:40 is not the start of a 30-minute interval; this file's intervals start at 08:30 and 09:00"
            ]
        );
    }

    #[test]
    fn a_duplicate_interval_for_one_key() {
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n08:00,2,1,1\n08:30,1,1,1\n08:00:00,1,2,1\n"),
            ["f.csv:5: error: field `interval`: `1` at 08:00 is already on line 2; give each interval once"]
        );
    }

    #[test]
    fn bad_or_negative_volumes() {
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,lots,1\n08:30,1,-3,1\n09:00,1,inf,1\n09:30,1,,\n"),
            [
                "f.csv:2: error: field `volume`: `lots` is not a number of calls; write the calls offered in the interval, e.g. 12 or 12.5",
                "f.csv:3: error: field `volume`: `-3` is negative; the calls offered must be ≥ 0",
                "f.csv:4: error: field `volume`: `inf` is not a number of calls; write the calls offered in the interval, e.g. 12 or 12.5",
                "f.csv:5: error: field `volume`: is empty; give the calls offered in the interval, 0 if none",
            ]
        );
    }

    #[test]
    fn bad_missing_or_zero_aht() {
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,5,4x\n08:30,1,5,-5\n09:00,1,5,\n09:30,1,2.5,0s\n"),
            [
                "f.csv:2: error: field `aht`: invalid duration \"4x\": unknown time unit \"x\", supported units: ns, us/µs, ms, sec, min, hours, days, weeks, months, years (and few variations); write e.g. \"90s\", \"5m\", \"8h\" or a number of seconds",
                "f.csv:3: error: field `aht`: `-5`: a duration cannot be negative (got -5)",
                "f.csv:4: error: field `aht`: is empty, but the interval has 5 calls; give their average handle time (240s, 4m)",
                "f.csv:5: error: field `aht`: is 0, but the interval has 2.5 calls; an average handle time must be > 0",
            ]
        );
    }

    #[test]
    fn interval_lengths_other_than_15_30_or_60_minutes() {
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n08:20,1,1,1\n08:40,1,1,1\n"),
            [
                "f.csv:3: error: field `interval`: the intervals are 20 minutes long (08:00 to 08:20); a forecast's intervals must be 15, 30 or 60 minutes"
            ]
        );
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n10:00,1,1,1\n"),
            [
                "f.csv:3: error: field `interval`: the intervals are 120 minutes long (08:00 to 10:00); a forecast's intervals must be 15, 30 or 60 minutes"
            ]
        );
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n08:00,2,1,1\n"),
            [
                "f.csv: error: field `interval`: every row starts at 08:00; the interval length is the gap between consecutive starts, so list at least two intervals (with volume 0 if need be)"
            ]
        );
    }

    #[test]
    fn inconsistent_interval_lengths() {
        // Mostly 30 minutes, then an hour with no row at all: the 10:00 interval is missing (or the
        // file mixes lengths), which would otherwise silently staff it for no calls.
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n08:30,1,1,1\n09:00,1,1,1\n09:30,1,1,1\n10:30,1,1,1\n"),
            [
                "f.csv:6: error: field `interval`: 10:30 comes 60 minutes after the interval before (09:30, line 5), but this file's intervals are 30 minutes long; list every interval between, with volume 0 if no calls are expected"
            ]
        );
        // 15-minute rows in a 30-minute file: off the grid.
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n08:15,2,1,1\n08:30,1,1,1\n09:00,1,1,1\n09:30,1,1,1\n"),
            [
                "f.csv:3: error: field `interval`: 08:15 is not the start of a 30-minute interval; this file's intervals start at 08:00 and 08:30"
            ]
        );
        // A half-hour row in an hourly file.
        assert_eq!(
            errors("interval,dialed,volume,aht\n08:00,1,1,1\n09:00,1,1,1\n10:00,1,1,1\n10:30,2,1,1\n"),
            [
                "f.csv:5: error: field `interval`: 10:30 is not the start of a 60-minute interval; this file's intervals start at 10:00 and 11:00"
            ]
        );
    }

    #[test]
    fn rows_of_the_wrong_width_and_empty_keys() {
        assert_eq!(
            errors("interval,queue,volume,aht\n08:00,A,1\n08:30,,1,1\n09:00,A,1,1\n09:30,A,1,1\n"),
            [
                "f.csv:2: error: has 3 fields but the header row names 4 columns",
                "f.csv:3: error: field `queue`: is empty; every row needs the skill queue its calls are for",
            ]
        );
    }

    #[test]
    fn a_row_that_is_not_utf8_is_reported_and_reading_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"interval,dialed,volume,aht\n08:00,1,1,1\n08:30,\xff,1,1\n09:00,1,-1,1\n").unwrap();
        let errors = read(&path).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].field), (3, None));
        assert!(errors[0].message.starts_with("not a CSV row: "), "{}", errors[0].message);
        assert_eq!((errors[1].line, errors[1].field), (4, Some("volume")));
    }

    #[test]
    fn every_problem_is_collected_in_line_order_up_to_twenty() {
        let mut text = String::from("interval,dialed,volume,aht\n08:00,1,1,1\n08:30,1,1,1\n");
        for _ in 0..25 {
            text.push_str("09:00,2,x,1\n");
        }
        let all = errors(&text);
        assert_eq!(all.len(), 21);
        assert!(all[0].starts_with("f.csv:4: error: field `volume`: `x` is not a number"), "{}", all[0]);
        // Each repeated 09:00 row also duplicates the first: two errors per row from line 5 on.
        assert!(all[1].starts_with("f.csv:5: error: field `volume`"), "{}", all[1]);
        assert_eq!(
            all[2],
            "f.csv:5: error: field `interval`: `2` at 09:00 is already on line 4; give each interval once"
        );
        assert_eq!(all[20], "f.csv: error: and 29 more errors");
    }

    #[test]
    fn the_example_in_the_documentation_reads_as_it_says() {
        let doc = include_str!("../../docs/forecast.md");
        let csv = doc.split("```csv\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
        let f = good(csv);
        assert_eq!((f.interval_s, f.entries.len()), (1_800.0, 2));
        assert_eq!(f.entries[0].rates(f.interval_s)[16], 12.0 / 1_800.0);
        assert_eq!(f.entries[0].mean_aht_s(), 216.0);
        assert_eq!((f.entries[1].volume[18], f.entries[1].aht_s[18]), (4.5, 210.0));
        assert_eq!(f.entries[0].volume[19..].iter().chain(&f.entries[1].volume[19..]).sum::<f64>(), 0.0);
    }

    #[test]
    fn mean_aht_ignores_intervals_without_calls() {
        let entry =
            ForecastEntry { key: "k".into(), volume: vec![0.0, 10.0, 30.0], aht_s: vec![f64::NAN, 100.0, 300.0] };
        // (10 × 100 + 30 × 300) / 40 = 10000 / 40 = 250
        assert_eq!(entry.mean_aht_s(), 250.0);
        assert_eq!(entry.rates(60.0), [0.0, 10.0 / 60.0, 0.5]);
    }
}
