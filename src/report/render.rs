//! Rendering a [`Report`]: aligned text for people, JSON for programs (schema in
//! `docs/reports.md`, versioned by [`SCHEMA_VERSION`]), and flat CSV for spreadsheets.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::stats::Estimate;

use super::{MergedTable, Report, SCHEMA_VERSION, Unit};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

impl Format {
    /// The file extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// The report in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Json => json_text(report),
        Format::Csv => csv_text(report),
    }
}

fn text(report: &Report) -> String {
    let info = &report.info;
    let mut out = format!(
        "{} — {} replication{}, seed {}, horizon {}, warm-up {}\n",
        info.scenario,
        info.replications,
        if info.replications == 1 { "" } else { "s" },
        info.seed,
        crate::scenario::Duration::from_secs(info.horizon_s),
        crate::scenario::Duration::from_secs(info.warmup_s),
    );
    if info.replications > 1 {
        out.push_str("figures are means over replications ± the 95 % confidence half-width\n");
    }
    out.push('\n');
    table_text(&mut out, "Skill queue", &report.queues, info.replications > 1);
    out.push('\n');
    table_text(&mut out, "Dialed number", &report.dialed, info.replications > 1);
    out
}

fn cell(e: &Estimate, unit: Unit, with_ci: bool) -> String {
    if e.mean.is_nan() {
        return "–".into();
    }
    let (scale, decimals) = match unit {
        Unit::Calls if !with_ci => (1.0, 0),
        Unit::Calls => (1.0, 1),
        Unit::Seconds => (1.0, 1),
        Unit::Ratio => (100.0, 1),
    };
    let suffix = if unit == Unit::Ratio { "%" } else { "" };
    let mean = format!("{:.*}{suffix}", decimals, e.mean * scale);
    if with_ci && e.ci95.is_finite() && e.ci95 > 0.0 {
        format!("{mean} ±{:.*}", decimals, e.ci95 * scale)
    } else {
        mean
    }
}

fn table_text(out: &mut String, title: &str, table: &MergedTable, with_ci: bool) {
    let mut grid: Vec<Vec<String>> =
        vec![std::iter::once(title.to_owned()).chain(table.columns.iter().map(|c| c.heading.to_owned())).collect()];
    for row in &table.rows {
        let cells = row.values.iter().zip(table.columns).map(|(e, c)| cell(e, c.unit, with_ci));
        grid.push(std::iter::once(row.label.clone()).chain(cells).collect());
    }
    let widths: Vec<usize> =
        (0..grid[0].len()).map(|c| grid.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in &grid {
        let mut line = String::new();
        for (c, value) in row.iter().enumerate() {
            let pad = widths[c] - value.chars().count();
            if c == 0 {
                let _ = write!(line, "{value}{}", " ".repeat(pad));
            } else {
                let _ = write!(line, "  {}{value}", " ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn number(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn table_json(table: &MergedTable, label_key: &str) -> Value {
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            object.insert(label_key.into(), json!(row.label));
            for (e, c) in row.values.iter().zip(table.columns) {
                object.insert(c.key.into(), json!({ "mean": number(e.mean), "ci95": number(e.ci95), "n": e.n }));
            }
            Value::Object(object)
        })
        .collect();
    Value::Array(rows)
}

fn json_text(report: &Report) -> String {
    let info = &report.info;
    let value = json!({
        "schema_version": SCHEMA_VERSION,
        "scenario": info.scenario,
        "seed": info.seed,
        "replications": info.replications,
        "horizon_s": info.horizon_s,
        "warmup_s": info.warmup_s,
        "skill_queues": table_json(&report.queues, "queue"),
        "dialed_numbers": table_json(&report.dialed, "dialed"),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Long ("tidy") CSV: one line per figure, so both tables fit one flat file.
fn csv_text(report: &Report) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["table", "row", "figure", "mean", "ci95", "n"]);
    let format = |x: f64| if x.is_finite() { x.to_string() } else { String::new() };
    for (name, table) in [("skill_queue", &report.queues), ("dialed_number", &report.dialed)] {
        for row in &table.rows {
            for (e, c) in row.values.iter().zip(table.columns) {
                let _ =
                    writer.write_record([name, &row.label, c.key, &format(e.mean), &format(e.ci95), &e.n.to_string()]);
            }
        }
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}
