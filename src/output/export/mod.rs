//! Exporters: one interface, four formats. Each turns a result — the run [`Report`], a sweep, a
//! staffing plan — into named documents: aligned text for people, JSON for programs
//! (`docs/report-schema.md`, `docs/sweep.md`, `docs/staff.md`), flat CSV for spreadsheets, and a
//! self-contained HTML page with charts.
//!
//! The exporters of the run report are here; a sweep's and a staffing plan's are beside their
//! result types in `app`, implementing the same [`Exporter`] for them. Every command takes one
//! path from its result to stdout or a file: the format's exporter, then [`contents`]. The HTML
//! pages share one skeleton (`page`) and one chart module (`chart`), and every figure a
//! person reads is written by [`crate::output::figure`].

pub(crate) mod chart;
pub(crate) mod csv;
mod html;
mod json;
pub(crate) mod page;
pub(crate) mod text;

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

/// Turns a result of type `T` into documents.
pub trait Exporter<T: ?Sized> {
    /// Every document of `value` in this format, in a fixed order.
    fn documents(&self, value: &T) -> Vec<Document>;
}

/// The contents of the first document `exporter` makes of `value`: what a command prints on
/// stdout, or writes to the one file it is given (`--html`, `sweep --out`).
pub fn contents<T: ?Sized>(exporter: &dyn Exporter<T>, value: &T) -> String {
    exporter.documents(value).into_iter().next().map(|d| d.contents).unwrap_or_default()
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

/// A name that is none of [`Format::NAMES`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a format: one of {names}", names = Format::NAMES.join(", "))]
pub struct NotAFormat(pub String);

impl std::str::FromStr for Format {
    type Err = NotAFormat;

    fn from_str(name: &str) -> Result<Format, NotAFormat> {
        match name {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            other => Err(NotAFormat(other.to_owned())),
        }
    }
}

impl Format {
    /// The formats by name, as `--format` takes them.
    pub const NAMES: [&str; 3] = ["text", "json", "csv"];

    /// This format's exporter of a result that has all three (the run report, a sweep).
    pub fn exporter<T: ?Sized>(self) -> &'static dyn Exporter<T>
    where
        Text: Exporter<T>,
        Json: Exporter<T>,
        Csv: Exporter<T>,
    {
        match self {
            Format::Text => &Text,
            Format::Json => &Json,
            Format::Csv => &Csv,
        }
    }
}

/// Every document of every format, for `--out DIR`.
pub fn all_documents(report: &Report) -> Vec<Document> {
    let exporters: [&dyn Exporter<Report>; 4] = [&Text, &Json, &Csv, &Html];
    exporters.iter().flat_map(|e| e.documents(report)).collect()
}

/// The name of every document [`all_documents`] may give, so that `--out DIR` can be checked
/// before the run.
pub fn document_names() -> Vec<String> {
    let pages = ["report.txt", "report.json", "report.html"].map(str::to_owned);
    let tables = crate::output::report::columns::table_kinds().map(|kind| format!("{}.csv", kind.key));
    pages.into_iter().chain(tables).collect()
}
