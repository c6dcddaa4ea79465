//! Report tables: rows of figures under a fixed list of columns, and their merge over
//! replications into mean ± 95 % confidence half-width.
//!
//! Every table has a [`TableKind`] (its key in JSON and its CSV file name, its title, the keys
//! of the labels that identify a row, its columns); the catalogue is in `columns.rs` and each
//! column's definition in `docs/reports.md`.

use serde::Serialize;

use crate::sim::stats::Estimate;

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

/// A row: its labels and one figure per column (NaN: nothing to measure, e.g. ASA with no
/// answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub labels: Vec<String>,
    pub values: Vec<f64>,
}

impl Row {
    pub fn new(labels: Vec<String>, values: Vec<f64>) -> Self {
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
