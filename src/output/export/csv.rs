//! The CSV report: one flat file per table (`skill_queues.csv`, ...), one line per row: the row's
//! labels, then each figure's mean and 95 % half-width (`offered`, `offered_ci95`, ...). An
//! undefined figure is an empty field. Documented in `docs/report-schema.md`.

use crate::output::report::{MergedTable, Report};

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
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = table.kind.labels.iter().map(|l| (*l).to_owned()).collect();
    for c in &table.kind.columns {
        header.push(c.key.to_owned());
        header.push(format!("{}_ci95", c.key));
    }
    let _ = writer.write_record(&header);
    let format = |x: f64| if x.is_finite() { x.to_string() } else { String::new() };
    for row in &table.rows {
        let mut record = row.labels.clone();
        for e in &row.values {
            record.push(format(e.mean));
            record.push(format(e.ci95));
        }
        let _ = writer.write_record(&record);
    }
    writer.into_inner().map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}
