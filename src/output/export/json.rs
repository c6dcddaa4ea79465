//! The JSON report: one document, specified in `docs/report-schema.md`. Keys come in a fixed,
//! readable order — `schema_version` first, then the run, then the tables in report order; in a
//! row, its labels, then its figures in column order. With `ratios = "pooled"` the run says so
//! (`"ratios": "pooled"`) and each figure carries its pooled sums (`numerator`, `denominator`).
//!
//! The document is serialised straight from the report, not through a `serde_json::Value` tree:
//! the large center's report is 300 MB of JSON, and the tree of it took 3 GB.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::input::scenario::Ratios;
use crate::output::report::{Cell, MergedRow, MergedTable, Report, SCHEMA_VERSION, TableKind};
use crate::sim::stats::Estimate;

use super::{Document, Exporter};

/// One JSON document for programs: `report.json`.
#[derive(Debug, Clone, Copy)]
pub struct Json;

impl Exporter<Report> for Json {
    fn documents(&self, report: &Report) -> Vec<Document> {
        let mut contents = serde_json::to_string_pretty(&JsonReport(report)).unwrap_or_default();
        contents.push('\n');
        vec![Document { name: "report.json".into(), contents }]
    }
}

struct JsonReport<'r>(&'r Report);

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (info, tables) = (&self.0.info, &self.0.tables);
        let pooled = info.ratios == Ratios::Pooled;
        let mut map = serializer.serialize_map(Some(7 + usize::from(pooled) + tables.len()))?;
        map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        map.serialize_entry("scenario", &info.scenario)?;
        map.serialize_entry("seed", &info.seed)?;
        map.serialize_entry("replications", &info.replications)?;
        map.serialize_entry("horizon_s", &info.horizon_s)?;
        map.serialize_entry("warmup_s", &info.warmup_s)?;
        map.serialize_entry("interval_s", &info.interval_s)?;
        if pooled {
            map.serialize_entry("ratios", "pooled")?;
        }
        for table in tables {
            map.serialize_entry(table.kind.key, &JsonRows(table))?;
        }
        map.end()
    }
}

struct JsonRows<'t>(&'t MergedTable);

impl Serialize for JsonRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.rows.len()))?;
        for row in &self.0.rows {
            seq.serialize_element(&JsonRow(self.0.kind, row))?;
        }
        seq.end()
    }
}

struct JsonRow<'t>(&'t TableKind, &'t MergedRow);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (kind, row) = (self.0, self.1);
        let mut map = serializer.serialize_map(Some(kind.labels.len() + kind.columns.len()))?;
        for (key, label) in kind.labels.iter().zip(&row.labels) {
            map.serialize_entry(key, label)?;
        }
        if row.sums.is_empty() {
            for (column, estimate) in kind.columns.iter().zip(&row.values) {
                map.serialize_entry(column.key, estimate)?;
            }
        } else {
            for ((column, estimate), sums) in kind.columns.iter().zip(&row.values).zip(&row.sums) {
                map.serialize_entry(column.key, &Pooled(estimate, sums))?;
            }
        }
        map.end()
    }
}

/// A pooled figure: its estimate and the sums over the replications it is the ratio of,
/// `{"mean", "ci95", "n", "numerator", "denominator"}` (`null` for an undefined number).
struct Pooled<'a>(&'a Estimate, &'a Cell);

impl Serialize for Pooled<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (estimate, sums) = (self.0, self.1);
        let finite = |x: f64| x.is_finite().then_some(x);
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("mean", &finite(estimate.mean))?;
        map.serialize_entry("ci95", &finite(estimate.ci95))?;
        map.serialize_entry("n", &estimate.n)?;
        map.serialize_entry("numerator", &finite(sums.numerator()))?;
        map.serialize_entry("denominator", &finite(sums.denominator()))?;
        map.end()
    }
}
