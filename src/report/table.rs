//! Report tables: labelled rows of figures under a fixed list of columns, and their merge over
//! replications into mean ± 95 % confidence half-width.

use serde::Serialize;

use crate::stats::Estimate;

/// How a column's figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A number of calls.
    Calls,
    /// Seconds.
    Seconds,
    /// A share between 0 and 1.
    Ratio,
}

/// One column: its key (in JSON and CSV), its heading (in text) and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub heading: &'static str,
    pub unit: Unit,
}

const fn column(key: &'static str, heading: &'static str, unit: Unit) -> Column {
    Column { key, heading, unit }
}

/// Per skill queue, in this order (definitions in `docs/reports.md`).
pub const QUEUE_COLUMNS: &[Column] = &[
    column("offered", "offered", Unit::Calls),
    column("transferred_in", "xfer in", Unit::Calls),
    column("answered", "answered", Unit::Calls),
    column("abandoned", "abandoned", Unit::Calls),
    column("timed_out", "timed out", Unit::Calls),
    column("busy", "busy", Unit::Calls),
    column("no_agents", "no agents", Unit::Calls),
    column("transferred_out", "xfer out", Unit::Calls),
    column("asa_s", "ASA s", Unit::Seconds),
    column("mean_wait_s", "wait s", Unit::Seconds),
    column("max_wait_s", "max wait s", Unit::Seconds),
    column("service_level", "SL", Unit::Ratio),
    column("abandon_rate", "aband.", Unit::Ratio),
    column("mean_talk_s", "talk s", Unit::Seconds),
    column("mean_wrap_up_s", "wrap s", Unit::Seconds),
    column("occupancy", "occup.", Unit::Ratio),
];

/// Per dialed number (traffic entry), in this order.
pub const DIALED_COLUMNS: &[Column] = &[
    column("calls", "calls", Unit::Calls),
    column("completed", "completed", Unit::Calls),
    column("abandoned", "abandoned", Unit::Calls),
    column("released_by_policy", "policy rel.", Unit::Calls),
    column("released_in_ivr", "IVR rel.", Unit::Calls),
    column("transfer_limit", "xfer limit", Unit::Calls),
    column("completion_rate", "completed %", Unit::Ratio),
];

/// A row: a label and one figure per column (NaN: nothing to measure, e.g. ASA with no answer).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub values: Vec<f64>,
}

/// One replication's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: &'static [Column],
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(columns: &'static [Column], rows: Vec<Row>) -> Self {
        Table { columns, rows }
    }

    /// The figure of `row` (by label) under `key`, for tests and tools.
    pub fn get(&self, row: &str, key: &str) -> Option<f64> {
        let c = self.columns.iter().position(|c| c.key == key)?;
        self.rows.iter().find(|r| r.label == row).map(|r| r.values[c])
    }
}

/// A row merged over replications.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedRow {
    pub label: String,
    pub values: Vec<Estimate>,
}

/// A table merged over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedTable {
    pub columns: &'static [Column],
    pub rows: Vec<MergedRow>,
}

impl MergedTable {
    /// Merges the same table from every replication (same rows, same columns) cell by cell.
    pub fn merge(tables: &[Table]) -> Option<Self> {
        let first = tables.first()?;
        let rows = first
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| MergedRow {
                label: row.label.clone(),
                values: (0..first.columns.len())
                    .map(|c| Estimate::of(tables.iter().map(|t| t.rows[r].values[c])))
                    .collect(),
            })
            .collect();
        Some(MergedTable { columns: first.columns, rows })
    }

    /// The estimate of `row` under `key`.
    pub fn get(&self, row: &str, key: &str) -> Option<Estimate> {
        let c = self.columns.iter().position(|c| c.key == key)?;
        self.rows.iter().find(|r| r.label == row).map(|r| r.values[c])
    }
}
