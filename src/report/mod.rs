//! Reports: projections over the event stream, merged over replications and rendered.
//!
//! [`Summary`] folds one replication's events into tables; [`Report::new`] merges those tables
//! over replications; [`render`] writes the result as text, JSON or CSV. Every figure is
//! defined in `docs/reports.md`.

pub mod render;
mod summary;
mod table;

pub use summary::Summary;
pub use table::{Column, DIALED_COLUMNS, MergedRow, MergedTable, QUEUE_COLUMNS, Row, Table, Unit};

/// The JSON report's schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// What was run, for the report's header.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub scenario: String,
    pub seed: u64,
    pub replications: u32,
    pub horizon_s: f64,
    pub warmup_s: f64,
}

/// The run report: the summary tables merged over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub info: RunInfo,
    /// Per skill queue, and a last row for all queues.
    pub queues: MergedTable,
    /// Per dialed number, and a last row for all numbers.
    pub dialed: MergedTable,
}

impl Report {
    /// Merges each replication's (queues, dialed numbers) tables.
    pub fn new(info: RunInfo, replications: &[(Table, Table)]) -> Option<Self> {
        let queues: Vec<Table> = replications.iter().map(|r| r.0.clone()).collect();
        let dialed: Vec<Table> = replications.iter().map(|r| r.1.clone()).collect();
        Some(Report { info, queues: MergedTable::merge(&queues)?, dialed: MergedTable::merge(&dialed)? })
    }
}
