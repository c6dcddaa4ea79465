//! Reports: projections over the event stream, merged over replications and exported.
//!
//! [`Summary`] folds one replication's events into [`Tables`] (the platform's Skill Queue,
//! Access Code, VDN, Agent, IVR and interval traffic reports); [`Report::new`] merges them over
//! replications; the [`crate::output::export`] module writes the result as text, JSON, CSV or HTML. Every
//! figure is defined in `docs/reports.md`; the JSON is specified in `docs/report-schema.md`.

use crate::input::scenario::Ratios;

mod agents;
pub(crate) mod calls;
pub mod columns;
mod intervals;
mod ivrs;
mod merge;
mod sessions;
mod summary;
mod table;
mod vdn;
mod visits;

pub use agents::AgentState;
pub use merge::Merging;
pub use summary::Summary;
pub use table::{Cell, Column, MergedRow, MergedTable, Row, Table, TableKind, Tables, TextRows, Unit};

/// The JSON report's schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// What was run, for the report's header.
#[derive(Debug, Clone, PartialEq)]
pub struct RunInfo {
    pub scenario: String,
    pub seed: u64,
    pub replications: u32,
    pub horizon_s: f64,
    pub warmup_s: f64,
    /// Length of a report interval, s.
    pub interval_s: f64,
    /// How ratio figures were merged over replications.
    pub ratios: Ratios,
}

/// The run report: every table merged over replications, in report order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub info: RunInfo,
    pub tables: Vec<MergedTable>,
}

impl Report {
    /// Merges each replication's tables (every replication has the same tables and rows), in
    /// order; `None` with no replication.
    pub fn new(info: RunInfo, replications: &[Tables]) -> Option<Self> {
        let (first, rest) = replications.split_first()?;
        let mut merging = Merging::new(first.clone(), info.ratios);
        rest.iter().for_each(|tables| merging.add(tables));
        Some(merging.finish(info))
    }

    /// The table with key `key` (e.g. `"skill_queues"`).
    pub fn table(&self, key: &str) -> Option<&MergedTable> {
        self.tables.iter().find(|t| t.kind.key == key)
    }
}
