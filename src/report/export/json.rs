//! The JSON report: one document with a `schema_version`, keys in alphabetical order, specified
//! in `docs/report-schema.md`.

use serde_json::{Map, Value, json};

use crate::report::{MergedTable, Report, SCHEMA_VERSION};

use super::{Document, Exporter};

/// One JSON document for programs: `report.json`.
#[derive(Debug, Clone, Copy)]
pub struct Json;

impl Exporter for Json {
    fn documents(&self, report: &Report) -> Vec<Document> {
        let info = &report.info;
        let mut document = Map::new();
        document.insert("schema_version".into(), json!(SCHEMA_VERSION));
        document.insert("scenario".into(), json!(info.scenario));
        document.insert("seed".into(), json!(info.seed));
        document.insert("replications".into(), json!(info.replications));
        document.insert("horizon_s".into(), json!(info.horizon_s));
        document.insert("warmup_s".into(), json!(info.warmup_s));
        document.insert("interval_s".into(), json!(info.interval_s));
        for table in &report.tables {
            document.insert(table.kind.key.into(), rows(table));
        }
        let mut contents = serde_json::to_string_pretty(&Value::Object(document)).unwrap_or_default();
        contents.push('\n');
        vec![Document { name: "report.json".into(), contents }]
    }
}

/// A finite number, or `null` for an undefined figure.
fn number(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn rows(table: &MergedTable) -> Value {
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (key, label) in table.kind.labels.iter().zip(&row.labels) {
                object.insert((*key).into(), json!(label));
            }
            for (e, c) in row.values.iter().zip(&table.kind.columns) {
                object.insert(c.key.into(), json!({ "mean": number(e.mean), "ci95": number(e.ci95), "n": e.n }));
            }
            Value::Object(object)
        })
        .collect();
    Value::Array(rows)
}
