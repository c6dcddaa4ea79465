//! Exporters: one interface, four formats. Each turns a [`Report`] into named documents —
//! aligned text for people, JSON for programs (`docs/report-schema.md`), one flat CSV file per
//! table for spreadsheets, and a self-contained HTML page with charts.

pub(crate) mod chart;
mod csv;
mod html;
mod json;
pub(crate) mod page;
mod text;

use crate::output::report::Report;

pub use self::csv::Csv;
pub use html::Html;
pub use json::Json;
pub use text::Text;

/// One output file: its name (inside `--out DIR`) and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub name: String,
    pub contents: String,
}

/// Turns a report into documents.
pub trait Exporter {
    /// Every document of the report in this format, in a fixed order.
    fn documents(&self, report: &Report) -> Vec<Document>;
}

/// The one output format of every command's result on stdout (`--format`): the run report, the
/// sweep and the staffing plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// The run report's skill queue table (`--out` writes one CSV file per table); a sweep's rows.
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Format, String> {
        match name {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(format!("`{other}` is not a format: one of {}", Format::NAMES.join(", "))),
        }
    }
}

impl Format {
    /// The formats by name, as `--format` takes them.
    pub const NAMES: [&str; 3] = ["text", "json", "csv"];

    /// What `callsim run` prints on stdout in this format: the first document.
    pub fn stdout(self, report: &Report) -> String {
        let documents = match self {
            Format::Text => Text.documents(report),
            Format::Json => Json.documents(report),
            Format::Csv => Csv.documents(report),
        };
        documents.into_iter().next().map(|d| d.contents).unwrap_or_default()
    }
}

/// Every document of every format, for `--out DIR`.
pub fn all_documents(report: &Report) -> Vec<Document> {
    let exporters: [&dyn Exporter; 4] = [&Text, &Json, &Csv, &Html];
    exporters.iter().flat_map(|e| e.documents(report)).collect()
}

/// The name of every document [`all_documents`] may give, so that `--out DIR` can be checked
/// before the run.
pub fn document_names() -> Vec<String> {
    let pages = ["report.txt", "report.json", "report.html"].map(str::to_owned);
    let tables = crate::output::report::columns::table_kinds().map(|kind| format!("{}.csv", kind.key));
    pages.into_iter().chain(tables).collect()
}
