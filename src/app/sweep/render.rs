//! A sweep's result through the exporters every result goes through: a text table, CSV (one row
//! per combination and skill queue row), JSON (specified in `docs/sweep.md`, with a version) and
//! the HTML page (`html`).

use serde_json::{Map, Value, json};

use super::{FORMAT_VERSION, Sweep};
use crate::output::export::{Csv, Document, Exporter, Html, Json, Text};
use crate::output::figure::{self, Form};

/// How the sweep's tables (text and HTML) write a figure: as it is, four decimals.
pub(super) const FIGURE: Form = Form::fixed(4);

/// Aligned columns: each parameter, the queue, then each figure as `mean ±half-width`.
impl Exporter<Sweep> for Text {
    fn documents(&self, sweep: &Sweep) -> Vec<Document> {
        vec![Document { name: "sweep.txt".into(), contents: text(sweep) }]
    }
}

/// CSV: the parameters, `queue`, then `FIGURE` and `FIGURE_ci95` for each figure; empty cells
/// where a figure is undefined.
impl Exporter<Sweep> for Csv {
    fn documents(&self, sweep: &Sweep) -> Vec<Document> {
        vec![Document { name: "sweep.csv".into(), contents: csv(sweep) }]
    }
}

/// The JSON result.
impl Exporter<Sweep> for Json {
    fn documents(&self, sweep: &Sweep) -> Vec<Document> {
        vec![Document { name: "sweep.json".into(), contents: json(sweep) }]
    }
}

/// The page of charts and the table (`--html`).
impl Exporter<Sweep> for Html {
    fn documents(&self, sweep: &Sweep) -> Vec<Document> {
        vec![Document { name: "sweep.html".into(), contents: super::html::page(sweep) }]
    }
}

fn text(sweep: &Sweep) -> String {
    let spec = &sweep.spec;
    let mut header: Vec<String> = spec.parameters.iter().map(|(path, _)| path.clone()).collect();
    header.push("queue".into());
    header.extend(spec.figures.iter().cloned());
    let mut lines = vec![header];
    for row in &sweep.rows {
        let mut line = row.values.clone();
        line.push(row.queue.clone());
        line.extend(row.figures.iter().map(|e| FIGURE.estimate(e)));
        lines.push(line);
    }
    let mut out = format!(
        "{} — sweep of {} combinations × {} replications, seed {}, horizon {}, common random numbers\n\
         figures are means over replications ± the 95 % confidence half-width\n\n",
        spec.scenario,
        sweep.rows.iter().map(|r| r.combination).max().map_or(0, |c| c + 1),
        spec.replications,
        spec.seed,
        figure::seconds(spec.horizon_s)
    );
    // Every column left-aligned: a figure and its half-width read from the left.
    crate::output::export::text::aligned(&mut out, &lines, usize::MAX);
    out
}

fn csv(sweep: &Sweep) -> String {
    let spec = &sweep.spec;
    let mut labels: Vec<String> = spec.parameters.iter().map(|(path, _)| path.clone()).collect();
    labels.push("queue".into());
    let rows = sweep.rows.iter().map(|row| {
        let mut record = row.values.clone();
        record.push(row.queue.clone());
        (record, row.figures.as_slice())
    });
    crate::output::export::csv::estimates(labels, spec.figures.iter().map(String::as_str), rows)
}

fn json(sweep: &Sweep) -> String {
    let spec = &sweep.spec;
    let rows: Vec<Value> = sweep
        .rows
        .iter()
        .map(|row| {
            let parameters: Map<String, Value> =
                spec.parameters.iter().zip(&row.values).map(|((path, _), v)| (path.clone(), json!(v))).collect();
            let figures: Map<String, Value> =
                spec.figures.iter().zip(&row.figures).map(|(f, e)| (f.clone(), json!(e))).collect();
            json!({"combination": row.combination, "parameters": parameters, "queue": row.queue, "figures": figures})
        })
        .collect();
    let parameters: Vec<Value> =
        spec.parameters.iter().map(|(path, values)| json!({"path": path, "values": values})).collect();
    let document = json!({
        "format": "callsim-sweep",
        "version": FORMAT_VERSION,
        "scenario": spec.scenario,
        "seed": spec.seed,
        "replications": spec.replications,
        "horizon_s": spec.horizon_s,
        "parameters": parameters,
        "figures": spec.figures,
        "rows": rows,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
