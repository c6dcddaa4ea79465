//! Reading a platform document: bytes → UTF-8 text → JSON → [`Document`].
//!
//! A type error names its JSON path (serde_path_to_error) as well as its line and column. Keys
//! callsim has no place for (the platform's replies carry many: creation times, tenant ids) are
//! not errors: they are gathered, one finding per key, so the planner sees what was left out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::document::Document;
use super::json_path::{JsonPath, syntax_tree};
use super::{Finding, MAX_DOCUMENT_BYTES};
use crate::input::diagnostic::line_column;
use crate::input::scenario::{SourceFile, TextError, read_text};

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: error: cannot read the configuration: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error(
        "{path}: error: the file is {size} bytes; configuration documents are limited to {MAX_DOCUMENT_BYTES} bytes (64 MiB)"
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{path}:{line}:{column}: error: the file is not UTF-8 text (invalid byte 0x{byte:02x}); save the configuration as UTF-8"
    )]
    NotUtf8 { path: PathBuf, line: usize, column: usize, byte: u8 },
    /// Not JSON at all.
    #[error("{path}:{line}:{column}: error: not JSON: {message}")]
    Syntax { path: PathBuf, line: usize, column: usize, message: String },
    /// JSON, but not a configuration document: a wrong type or a missing field at `at`.
    #[error("{path}:{line}:{column}: error: {at}: {message}")]
    Invalid { path: PathBuf, line: usize, column: usize, at: String, message: String },
}

impl ReadError {
    /// True when the input is unusable as a file (unreadable, not text, not JSON) rather than an
    /// invalid configuration.
    pub fn is_unusable_input(&self) -> bool {
        !matches!(self, ReadError::Invalid { .. })
    }
}

/// A document read from a file, with its text kept for diagnostics and the keys it ignored.
#[derive(Debug)]
pub struct ReadDocument {
    pub source: SourceFile,
    pub document: Document,
    /// One warning per ignored key, at its first place.
    pub ignored: Vec<Finding>,
}

/// Reads the platform document at `path`.
pub fn read(path: &Path) -> Result<ReadDocument, ReadError> {
    let text = read_text(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        TextError::Unreadable(source) => ReadError::Unreadable { path: path.to_owned(), source },
        TextError::TooLarge(size) => ReadError::TooLarge { path: path.to_owned(), size },
        TextError::NotUtf8 { line, column, byte } => ReadError::NotUtf8 { path: path.to_owned(), line, column, byte },
    })?;
    parse(SourceFile { path: path.to_owned(), text })
}

/// Deserializes a document from text already read.
pub fn parse(source: SourceFile) -> Result<ReadDocument, ReadError> {
    // serde would read a struct from an array too, and complain about its first element.
    if let Some(start) = source.text.find(|c: char| !c.is_whitespace())
        && !source.text[start..].starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(&source.text).is_ok()
    {
        let (line, column) = line_column(&source.text, start);
        let message = "a configuration document is an object: { \"skills\": [...], \"calledRoutes\": [...], \"agents\": [...], \"ivrs\": [...] }".to_owned();
        return Err(ReadError::Invalid { path: source.path, line, column, at: "$".into(), message });
    }
    let mut ignored: Vec<JsonPath> = Vec::new();
    let mut track = serde_path_to_error::Track::new();
    let mut json = serde_json::Deserializer::from_str(&source.text);
    let result = {
        let mut note = |path: serde_ignored::Path<'_>| ignored.push(JsonPath::of_ignored(&path));
        let tracked = serde_ignored::Deserializer::new(&mut json, &mut note);
        Document::deserialize(serde_path_to_error::Deserializer::new(tracked, &mut track))
    }
    .and_then(|document| json.end().map(|()| document));
    match result {
        Ok(document) => Ok(ReadDocument { ignored: gather(ignored), source, document }),
        Err(e) => Err(error(&source, &e, &track.path())),
    }
}

/// The error of reading `source`. A type error is placed at the start of the value at fault
/// (`at`, serde_path_to_error's path), where serde_json would place it after the value.
fn error(source: &SourceFile, e: &serde_json::Error, at: &serde_path_to_error::Path) -> ReadError {
    let path = source.path.clone();
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_owned();
    if !e.is_data() {
        // serde_json counts the column in bytes; a planner's editor counts characters.
        let line_start: usize = source.text.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let at = (line_start + e.column().saturating_sub(1)).min(source.text.len());
        let (line, column) = if e.column() == 0 { (e.line(), 0) } else { line_column(&source.text, at) };
        return ReadError::Syntax { path, line, column, message };
    }
    let at = at.iter().fold(JsonPath::default(), |json, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => json.index(*index),
        serde_path_to_error::Segment::Map { key } => json.key(key),
        _ => json,
    });
    let start = syntax_tree(&source.text).and_then(|tree| at.span_in(&tree)).map(|span| span.start);
    let (line, column) = start.map_or((e.line(), e.column()), |start| line_column(&source.text, start));
    ReadError::Invalid { path, line, column, at: at.to_string(), message }
}

/// One warning per ignored key pattern (`$.agents[*].name`), at its first place.
fn gather(ignored: Vec<JsonPath>) -> Vec<Finding> {
    let mut counts: HashMap<String, (JsonPath, usize)> = HashMap::new();
    let mut order = Vec::new();
    for path in ignored {
        let pattern = path.pattern();
        counts
            .entry(pattern.clone())
            .or_insert_with(|| {
                order.push(pattern);
                (path, 0)
            })
            .1 += 1;
    }
    order
        .into_iter()
        .filter_map(|pattern| counts.remove(&pattern))
        .map(|(at, count)| {
            let more = match count {
                1 => String::new(),
                n => format!(" (and in {} more places)", n - 1),
            };
            Finding::warning(at, format!("callsim has no use for this key; it is ignored{more}"))
        })
        .collect()
}
