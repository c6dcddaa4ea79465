//! Report tables: rows of figures under a fixed list of columns, and their merge over
//! replications into an estimate ± 95 % confidence half-width.
//!
//! A replication's figure is a [`Cell`]: its value and the two sums it is the ratio of, so that
//! the merge can take either the mean of the values or the ratio of the pooled sums
//! ([`crate::input::scenario::Ratios`]). Every table has a [`TableKind`] (its key in JSON and its CSV file name, its title, the keys
//! of the labels that identify a row, its columns); the catalogue is in `columns.rs` and each
//! column's definition in `docs/reports.md`.

use serde::Serialize;

use crate::sim::stats::Estimate;
use crate::sim::time::SimDuration;

/// How a column's figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A number of calls (or of transfers, entries, exits).
    Calls,
    /// Seconds.
    Seconds,
    /// A share between 0 and 1.
    Ratio,
    /// A time-average number of calls or agents.
    Average,
}

/// One column: its key (in JSON and CSV), its heading (in text), its unit, and the text group
/// it is printed in (a wide table is printed as one narrower table per group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub heading: &'static str,
    pub unit: Unit,
    pub group: &'static str,
}

/// What a table is: its key, title, row labels and columns.
#[derive(Debug, PartialEq, Eq)]
pub struct TableKind {
    /// Key in the JSON report, and the CSV file's name (without `.csv`).
    pub key: &'static str,
    /// Title in the text report.
    pub title: &'static str,
    /// The keys of the labels that identify a row, e.g. `["interval_start", "queue"]`.
    pub labels: &'static [&'static str],
    pub columns: Vec<Column>,
    /// Which rows the text report prints (the long tables are in full in JSON and CSV only).
    pub in_text: TextRows,
}

/// Which rows of a table the text report prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRows {
    All,
    /// Only the rows whose last label is this (e.g. the `all queues` row of every interval).
    Totals(&'static str),
    None,
}

/// One replication's figure, and the two sums it is the ratio of.
///
/// Why the sums: the default merge over replications takes the mean of the values, which for a
/// ratio (a service level, an abandon rate, a mean time, an occupancy) is biased when
/// replications or intervals hold few calls — the mean of ratios is not the ratio of means. The
/// pooled estimator (`ratios = "pooled"`) divides the sums over replications instead, which is
/// not. So every figure is written as numerator / denominator:
///
/// - a count is `n / 1` (pooling it gives the mean of the counts, exactly as the default);
/// - a rate is `part / whole` (answered within the threshold / requests, …);
/// - a mean time is `Σ seconds / count`;
/// - a share of time (occupancy) or a time-average (calls waiting) is `time / time`;
/// - a figure that is no ratio of sums (a max wait, a percentile, a total of seconds) is
///   `value / 1`, so pooling it gives the mean of its replication values.
///
/// An undefined figure (no answer for an ASA) has denominator 0, and counts in no estimate.
///
/// The value is kept as the figure was computed before cells existed, to the bit, so the default
/// reports do not move; `numerator / denominator` equals it up to rounding (a mean time divides
/// microseconds by the count, then converts to seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    value: f64,
    numerator: f64,
    denominator: f64,
}

impl Cell {
    /// `numerator / denominator` (NaN when the denominator is 0).
    pub fn of(numerator: f64, denominator: f64) -> Self {
        let value = if denominator == 0.0 { f64::NAN } else { numerator / denominator };
        Cell { value, numerator, denominator }
    }

    /// A count: `n / 1`.
    pub fn count(n: u64) -> Self {
        Cell { value: n as f64, numerator: n as f64, denominator: 1.0 }
    }

    /// A share of counts, `part / whole`.
    pub fn ratio(part: u64, whole: u64) -> Self {
        Cell::of(part as f64, whole as f64)
    }

    /// The mean of `count` lengths that add up to `total`, in seconds.
    pub fn mean_secs(total: SimDuration, count: u64) -> Self {
        Cell { value: total.mean_secs(count), numerator: total.secs(), denominator: count as f64 }
    }

    /// A length of time as a share of another (an occupancy, a time-average over an interval).
    pub fn share(part: SimDuration, whole: SimDuration) -> Self {
        Cell { value: part.ratio(whole), numerator: part.secs(), denominator: whole.secs() }
    }

    /// A figure that is no ratio of sums: `value / 1`, or `0 / 0` when undefined.
    pub fn figure(value: f64) -> Self {
        if value.is_finite() { Cell { value, numerator: value, denominator: 1.0 } } else { Cell::of(0.0, 0.0) }
    }

    /// The figure.
    pub fn value(&self) -> f64 {
        self.value
    }

    pub fn numerator(&self) -> f64 {
        self.numerator
    }

    pub fn denominator(&self) -> f64 {
        self.denominator
    }
}

/// A row: its labels and one cell per column (NaN: nothing to measure, e.g. ASA with no answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub labels: Vec<String>,
    pub values: Vec<Cell>,
}

impl Row {
    pub fn new(labels: Vec<String>, values: Vec<Cell>) -> Self {
        Row { labels, values }
    }

    /// The labels joined with `/`, e.g. `08:00/A`: how tests and tools name a row.
    pub fn name(&self) -> String {
        self.labels.join("/")
    }
}

/// One replication's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: &'static TableKind,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(kind: &'static TableKind, rows: Vec<Row>) -> Self {
        Table { kind, rows }
    }

    /// The figure of `row` (by [`Row::name`]) under `key`, for tests and tools.
    pub fn get(&self, row: &str, key: &str) -> Option<f64> {
        let c = self.kind.columns.iter().position(|c| c.key == key)?;
        self.rows.iter().find(|r| r.name() == row).map(|r| r.values[c].value())
    }

    /// The cell of `row` under `key`: the figure and its sums.
    pub fn cell(&self, row: &str, key: &str) -> Option<Cell> {
        let c = self.kind.columns.iter().position(|c| c.key == key)?;
        self.rows.iter().find(|r| r.name() == row).map(|r| r.values[c])
    }
}

/// Every table of one replication, in report order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables(pub Vec<Table>);

impl Tables {
    /// The table with key `key` (e.g. `"skill_queues"`).
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.0.iter().find(|t| t.kind.key == key)
    }

    /// The figure of `row` under `column` in table `table`: a shorthand for tests and tools.
    pub fn get(&self, table: &str, row: &str, column: &str) -> Option<f64> {
        self.table(table)?.get(row, column)
    }
}

/// A row merged over replications.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedRow {
    pub labels: Vec<String>,
    pub values: Vec<Estimate>,
    /// With `ratios = "pooled"`: each column's sums over the replications (Σ numerator,
    /// Σ denominator), which the JSON report gives; empty otherwise.
    #[serde(skip)]
    pub sums: Vec<Cell>,
}

impl MergedRow {
    /// The labels joined with `/`, as [`Row::name`].
    pub fn name(&self) -> String {
        self.labels.join("/")
    }
}

/// A table merged over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedTable {
    pub kind: &'static TableKind,
    pub rows: Vec<MergedRow>,
}

impl MergedTable {
    /// The estimate of `row` (by [`MergedRow::name`]) under `key`.
    pub fn get(&self, row: &str, key: &str) -> Option<Estimate> {
        let c = self.kind.columns.iter().position(|c| c.key == key)?;
        self.rows.iter().find(|r| r.name() == row).map(|r| r.values[c])
    }
}
