//! The CSV report: one flat file per table (`skill_queues.csv`, ...), one line per row: the row's
//! labels, then each figure's mean and 95 % half-width (`offered`, `offered_ci95`, ...). An
//! undefined figure is an empty field. Documented in `docs/report-schema.md`.

use crate::output::report::{MergedTable, Report};
use crate::sim::stats::Estimate;

use super::{Document, Exporter};

/// One CSV file per table, for spreadsheets.
#[derive(Debug, Clone, Copy)]
pub struct Csv;

impl Exporter<Report> for Csv {
    fn documents(&self, report: &Report) -> Vec<Document> {
        report
            .tables
            .iter()
            .map(|table| Document { name: format!("{}.csv", table.kind.key), contents: table_csv(table) })
            .collect()
    }
}

fn table_csv(table: &MergedTable) -> String {
    let labels = table.kind.labels.iter().map(|l| (*l).to_owned()).collect();
    let rows = table.rows.iter().map(|row| (row.labels.clone(), row.values.as_slice()));
    estimates(labels, table.kind.columns.iter().map(|c| c.key), rows)
}

/// The CSV of a table of estimates, the one layout of every CSV callsim writes (the report's
/// tables, a sweep's rows): the label columns, then `FIGURE` and `FIGURE_ci95` for each figure,
/// the raw numbers, an empty field where a number is undefined.
pub(crate) fn estimates<'a>(
    labels: Vec<String>,
    figures: impl Iterator<Item = &'a str>,
    rows: impl Iterator<Item = (Vec<String>, &'a [Estimate])>,
) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = labels;
    for figure in figures {
        header.push(figure.to_owned());
        header.push(format!("{figure}_ci95"));
    }
    let _ = writer.write_record(&header);
    let number = |x: f64| if x.is_finite() { x.to_string() } else { String::new() };
    for (mut record, values) in rows {
        for e in values {
            record.push(number(e.mean));
            record.push(number(e.ci95));
        }
        let _ = writer.write_record(&record);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}
