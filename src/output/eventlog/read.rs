//! Reading a log back, line by line, with every problem named by file, line and field.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::fields::LineFields;
use super::header::End;
use super::{FORMAT_VERSION, Format, Header, HeaderError, Trailer, csv};
use crate::input::diagnostic::LineError;
use crate::sim::event::Event;
use crate::sim::time::SimTime;

/// One event of the log, with the line it was read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub line: u64,
    pub replication: u32,
    pub time: SimTime,
    pub event: Event,
}

/// A log opened for reading: its header is read, its events follow.
#[derive(Debug)]
pub struct LogReader {
    path: PathBuf,
    input: BufReader<File>,
    /// Bytes read so far, and the file's size: how far a replay has got.
    read: u64,
    size: u64,
    format: Format,
    header: Header,
    /// The number of the last line read, and its text without the line end.
    line: u64,
    text: String,
    trailer: Option<Trailer>,
}

impl LogReader {
    /// Opens `path` and reads its header (and, in CSV, its column row).
    pub fn open(path: &Path) -> Result<LogReader, LineError> {
        let format = Format::of(path).map_err(|_| whole(path, "an event log must end in .csv or .jsonl"))?;
        let file = File::open(path).map_err(|e| whole(path, format!("cannot read the event log: {e}")))?;
        let size = file.metadata().map_or(0, |m| m.len());
        let mut reader = LogReader {
            path: path.to_owned(),
            input: BufReader::with_capacity(1 << 20, file),
            read: 0,
            size,
            format,
            header: Header::default(), // read from the first line below
            line: 0,
            text: String::new(),
            trailer: None,
        };
        if !reader.read_line()? {
            return Err(reader.error(None, "the file is empty, not an event log"));
        }
        let json = match format {
            // Without its "# ", pandas' comment='#' would not skip it: not a log callsim wrote.
            Format::Csv => reader.text.strip_prefix("# ").unwrap_or(""),
            Format::Jsonl => &reader.text,
        };
        reader.header = parse_header(json).map_err(|error| reader.error(None, error.to_string()))?;
        if format == Format::Csv {
            if !reader.read_line()? {
                return Err(reader.truncated());
            }
            if reader.text != csv::COLUMNS.join(",") {
                return Err(reader.error(None, format!("the column row should be `{}`", csv::COLUMNS.join(","))));
            }
        }
        Ok(reader)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// (bytes read, bytes in the file).
    pub fn progress(&self) -> (u64, u64) {
        (self.read, self.size)
    }

    /// The trailer, once [`LogReader::next_entry`] has reached it.
    pub fn trailer(&self) -> Option<&Trailer> {
        self.trailer.as_ref()
    }

    /// The next event; `None` at the trailer, which must be the last line.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, LineError> {
        if self.trailer.is_some() {
            return Ok(None);
        }
        if !self.read_line()? {
            return Err(self.truncated());
        }
        let text = self.text.as_str();
        let trailer_text = match self.format {
            Format::Csv => text.strip_prefix("# "),
            Format::Jsonl => text.starts_with("{\"end\"").then_some(text),
        };
        if let Some(json) = trailer_text {
            let end: End = serde_json::from_str(json)
                .map_err(|e| self.error(None, format!("the trailer line is not valid: {e}")))?;
            self.trailer = Some(end.end);
            if self.read_line()? {
                return Err(self.error(None, "a line follows the trailer, which must be the last line"));
            }
            return Ok(None);
        }
        let (replication, time, event) = match self.format {
            Format::Csv => csv::read_line(text).map_err(|e| LineError {
                path: self.path.clone(),
                line: self.line,
                field: Some(e.field).filter(|&f| f != "line"),
                message: e.message,
            })?,
            Format::Jsonl => {
                let fields: LineFields = serde_json::from_str(text).map_err(|_| self.json_error(text))?;
                fields.event().map_err(|e| LineError {
                    path: self.path.clone(),
                    line: self.line,
                    field: Some(e.field),
                    message: e.message,
                })?
            }
        };
        Ok(Some(Entry { line: self.line, replication, time, event }))
    }

    /// Reads the next line into `text`, without its line end; false at the end of the file. A
    /// last line without a newline was cut off.
    fn read_line(&mut self) -> Result<bool, LineError> {
        self.text.clear();
        let n = match self.input.read_line(&mut self.text) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                self.line += 1;
                return Err(self.error(None, "the line is not UTF-8 text: the log is corrupted"));
            }
            Err(e) => return Err(whole(&self.path, format!("cannot read the event log: {e}"))),
        };
        if n == 0 {
            return Ok(false);
        }
        self.read += n as u64;
        self.line += 1;
        if self.text.pop() != Some('\n') {
            return Err(self.error(None, "the line is cut off (no end of line): the log is truncated"));
        }
        if self.text.ends_with('\r') {
            self.text.pop();
        }
        Ok(true)
    }

    /// The error of a JSON line serde refused, read again to find the field at fault (only on
    /// this path: tracking the path costs time on every line).
    fn json_error(&self, text: &str) -> LineError {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, LineFields>(deserializer) {
            Err(e) => {
                let path = e.path().to_string();
                let message = json_message(e.inner());
                match LineFields::field_name(&path) {
                    Some(field) => self.error(Some(field), message),
                    None => self.error(None, message),
                }
            }
            Ok(_) => self.error(None, "not a valid event"),
        }
    }

    /// An error at the current line.
    pub fn error(&self, field: Option<&'static str>, message: impl Into<String>) -> LineError {
        LineError { path: self.path.clone(), line: self.line, field, message: message.into() }
    }

    fn truncated(&self) -> LineError {
        LineError {
            path: self.path.clone(),
            line: self.line + 1,
            field: None,
            message: "the log ends without its trailer line: it is truncated (was the run interrupted?)".into(),
        }
    }
}

fn whole(path: &Path, message: impl Into<String>) -> LineError {
    LineError { path: path.to_owned(), line: 0, field: None, message: message.into() }
}

fn parse_header(json: &str) -> Result<Header, HeaderError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|_| HeaderError::NotAHeader)?;
    match value.get("callsim_events").and_then(serde_json::Value::as_u64) {
        None => return Err(HeaderError::NotAHeader),
        Some(v) if v != u64::from(FORMAT_VERSION) => return Err(HeaderError::Version(v)),
        Some(_) => {}
    }
    serde_json::from_value(value).map_err(HeaderError::Invalid)
}

/// serde_json's message, without its "at line 1 column N" (the line is ours; the column is kept).
fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let column = e.column();
    match message.rfind(" at line ") {
        Some(at) => format!("{} (column {column})", &message[..at]),
        None => message,
    }
}
