//! The event log: the event stream of a run on disk, in CSV or JSON Lines, so that it can be
//! replayed into the same reports ([`crate::replay`]), traced call by call ([`crate::trace`]) or
//! read by other tools. The file format is specified in `docs/events.md`.
//!
//! ```text
//! line 1      header: format version, the scenario's text and the run's overrides (JSON)
//! then        one event per line, replication by replication, in the order of the stream
//! last line   trailer: replications and events written — a log without it is truncated
//! ```
//!
//! The header carries the scenario's text, so a log is self-contained: replaying or tracing it
//! needs nothing else (unless the scenario reads files of its own, found from `directory`).

mod check;
mod csv;
mod header;
mod jsonl;
mod read;
mod write;

pub use check::StreamCheck;
pub use header::{FORMAT_VERSION, Header, Trailer};
pub use read::{Entry, LogError, LogReader};
pub use write::{EventLog, Segment, Written};

use std::path::Path;

/// How the log is written, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.csv`: one column per event field, empty where an event has no such field.
    Csv,
    /// `.jsonl`: one JSON object per line, as serde serialises [`crate::event::Event`].
    Jsonl,
}

impl Format {
    /// The format for `path`'s extension, or a message naming the ones known.
    pub fn of(path: &Path) -> Result<Format, String> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl") => Ok(Format::Jsonl),
            _ => Err(format!("{}: an event log must end in .csv or .jsonl", path.display())),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }
}
