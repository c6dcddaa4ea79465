//! The text report: aligned tables for a terminal, one per table and column group, with units in
//! the headings or the cells and a short legend. The long tables (per agent, per interval and
//! queue) are summarised here and given in full in JSON and CSV.

use std::fmt::Write as _;

use crate::input::scenario::{Duration, Ratios};
use crate::output::figure::Form;
use crate::output::report::{MergedRow, MergedTable, Report, TextRows};

use super::{Document, Exporter};

/// Aligned tables for people: `report.txt`.
#[derive(Debug, Clone, Copy)]
pub struct Text;

impl Exporter<Report> for Text {
    fn documents(&self, report: &Report) -> Vec<Document> {
        vec![Document { name: "report.txt".into(), contents: text(report) }]
    }
}

const LEGEND: &str = "\
Legend: counts are numbers of calls (of visits at queues, of transfers, of IVR entries and exits); s = seconds.
Queue rates are shares of requests = answered + abandoned + timed out; lost = requests - connected;
SL = answered within the queue's service-level threshold / requests; completed % is a share of calls,
an IVR exit's share a share of its exits; occup. = (talk + wrap-up) / time signed in and not busy or resting.
waiting and the agents-by-interval figures are time averages. Every figure: docs/reports.md.
";

fn text(report: &Report) -> String {
    let info = &report.info;
    let mut out = format!(
        "{} — {} replication{}, seed {}, horizon {}, warm-up {}, intervals of {}\n",
        info.scenario,
        info.replications,
        if info.replications == 1 { "" } else { "s" },
        info.seed,
        Duration::from_secs(info.horizon_s),
        Duration::from_secs(info.warmup_s),
        Duration::from_secs(info.interval_s),
    );
    let with_ci = info.replications > 1;
    if info.ratios == Ratios::Pooled {
        out.push_str("ratios: pooled — a ratio is Σ numerator / Σ denominator over replications, a count its mean\n");
        if with_ci {
            out.push_str(
                "figures ± the 95 % confidence half-width (delta method for ratios, Student's t for counts)\n",
            );
        }
    } else if with_ci {
        out.push_str("figures are means over replications ± the 95 % confidence half-width\n");
    }
    for table in &report.tables {
        let rows: Vec<&MergedRow> = match table.kind.in_text {
            TextRows::All => table.rows.iter().collect(),
            TextRows::Totals(label) => {
                table.rows.iter().filter(|r| r.labels.last().is_some_and(|l| l == label)).collect()
            }
            TextRows::None => continue,
        };
        if rows.is_empty() {
            continue;
        }
        // A totals-only table is labelled by its first label (the interval) alone.
        let label_count = if matches!(table.kind.in_text, TextRows::Totals(_)) { 1 } else { table.kind.labels.len() };
        for (group, columns) in column_groups(table) {
            out.push('\n');
            let title = if group.is_empty() {
                table.kind.title.to_owned()
            } else {
                format!("{} — {group}", table.kind.title)
            };
            grid_text(&mut out, &title, table, &rows, label_count, columns, with_ci);
        }
    }
    out.push('\n');
    out.push_str(LEGEND);
    out
}

/// The table's columns in runs of the same group: (group, column indices).
fn column_groups(table: &MergedTable) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut groups: Vec<(&'static str, std::ops::Range<usize>)> = Vec::new();
    for (c, column) in table.kind.columns.iter().enumerate() {
        match groups.last_mut() {
            Some((group, range)) if *group == column.group => range.end = c + 1,
            _ => groups.push((column.group, c..c + 1)),
        }
    }
    groups
}

fn grid_text(
    out: &mut String,
    title: &str,
    table: &MergedTable,
    rows: &[&MergedRow],
    label_count: usize,
    columns: std::ops::Range<usize>,
    with_ci: bool,
) {
    let mut header = vec![title.to_owned()];
    header.extend(table.kind.labels[1..label_count].iter().map(|l| (*l).to_owned()));
    header.extend(table.kind.columns[columns.clone()].iter().map(|c| c.heading.to_owned()));
    let mut grid = vec![header];
    for row in rows {
        let mut line: Vec<String> = row.labels[..label_count].to_vec();
        line.extend(columns.clone().map(|c| Form::of(table.kind.columns[c].unit, with_ci).estimate(&row.values[c])));
        grid.push(line);
    }
    aligned(out, &grid, label_count);
}

/// `rows` as aligned columns two spaces apart, one line each: the first `left` columns
/// left-aligned (labels), the rest right-aligned (figures). The one layout of callsim's text
/// tables (the report's, a sweep's).
pub(crate) fn aligned(out: &mut String, rows: &[Vec<String>], left: usize) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|v| v.chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, value) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - value.chars().count());
            if c < left {
                let _ = write!(line, "{value}{pad}  ");
            } else {
                let _ = write!(line, "{pad}{value}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}
