//! Reading a scenario file: bytes → UTF-8 text → TOML → [`Scenario`].
//!
//! Each stage fails with its own [`LoadError`], located as precisely as the stage allows. The
//! distinction matters to the exit code: a file that cannot be read or is not TOML is unusable
//! input (exit 2); TOML that does not describe a scenario is an invalid scenario (exit 1).

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::DeTable;

use super::Scenario;

/// Scenario files above this size are refused before parsing. The largest realistic scenario
/// (1000 queues, 10 000 agents in groups, 48-step profiles) is well under 1 MiB; a bigger file
/// is almost certainly not a scenario, and parsing it would only waste the planner's time.
pub const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

/// A scenario's text and the name it was opened by (for messages).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
}

impl SourceFile {
    /// The directory relative paths inside the scenario (empirical CSV files) are read from.
    pub fn directory(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new(""))
    }
}

/// A scenario read from a file, with its source kept for diagnostics.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: SourceFile,
    pub scenario: Scenario,
}

/// Why a scenario file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: error: cannot read the scenario: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("{path}: error: the file is {size} bytes; scenarios are limited to {MAX_SCENARIO_BYTES} bytes (16 MiB)")]
    TooLarge { path: PathBuf, size: u64 },
    #[error(
        "{path}:{line}:{column}: error: the file is not UTF-8 text (invalid byte 0x{byte:02x}); save the scenario as UTF-8"
    )]
    NotUtf8 { path: PathBuf, line: usize, column: usize, byte: u8 },
    /// Not TOML: the text and the span of the syntax error.
    #[error("not TOML: {message}")]
    Syntax { source_file: SourceFile, message: String, span: Option<Range<usize>> },
    /// TOML, but not a scenario (wrong type, unknown key, bad unit).
    #[error("invalid scenario: {message}")]
    Invalid { source_file: SourceFile, message: String, span: Option<Range<usize>> },
}

impl LoadError {
    /// True when the input is unusable as a file (unreadable, not text, not TOML) rather than an
    /// invalid scenario.
    pub fn is_unusable_input(&self) -> bool {
        !matches!(self, LoadError::Invalid { .. })
    }
}

/// Reads and deserializes the scenario at `path`.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_text(path, MAX_SCENARIO_BYTES).map_err(|e| match e {
        TextError::Unreadable(source) => LoadError::Unreadable { path: path.to_owned(), source },
        TextError::TooLarge(size) => LoadError::TooLarge { path: path.to_owned(), size },
        TextError::NotUtf8 { line, column, byte } => LoadError::NotUtf8 { path: path.to_owned(), line, column, byte },
    })?;
    parse(SourceFile { path: path.to_owned(), text })
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum TextError {
    Unreadable(std::io::Error),
    /// Over the limit, by this many bytes at least.
    TooLarge(u64),
    /// An invalid byte at this line and column (1-based, in characters).
    NotUtf8 {
        line: usize,
        column: usize,
        byte: u8,
    },
}

/// Reads the file at `path` as UTF-8 text of at most `limit` bytes: the first stage of reading a
/// scenario, and of reading the platform's configuration.
pub fn read_text(path: &Path, limit: u64) -> Result<String, TextError> {
    let file = std::fs::File::open(path).map_err(TextError::Unreadable)?;
    let size = file.metadata().map_err(TextError::Unreadable)?.len();
    if size > limit {
        return Err(TextError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` guards against a file that grows while it is read.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(TextError::Unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(TextError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = &bytes[..valid];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        TextError::NotUtf8 { line, column, byte: bytes[valid] }
    })
}

/// Deserializes a scenario from text already read.
pub fn parse(source: SourceFile) -> Result<Loaded, LoadError> {
    let tree = match DeTable::parse(&source.text) {
        Ok(tree) => tree,
        Err(e) => {
            let (message, span) = (e.message().to_owned(), e.span());
            return Err(LoadError::Syntax { source_file: source, message, span });
        }
    };
    match Scenario::deserialize(toml::de::Deserializer::from(tree)) {
        Ok(scenario) => Ok(Loaded { source, scenario }),
        Err(e) => {
            let message = with_suggestion(&plain_types(e.message()));
            let span = e.span();
            Err(LoadError::Invalid { source_file: source, message, span })
        }
    }
}

/// Replaces Rust type names in serde's messages with the planner's words.
fn plain_types(message: &str) -> String {
    let mut message = message.to_owned();
    for (rust, plain) in [
        ("expected i64", "expected an integer"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected u32", "expected a whole number ≥ 0"),
        ("expected f64", "expected a number"),
        ("` as i128,", "`,"),
    ] {
        message = message.replace(rust, plain);
    }
    message
}

/// Adds "did you mean" to serde's "unknown field `x`, expected one of `a`, `b`" (and the same
/// for unknown variants) when one of the expected names is close to what was written.
fn with_suggestion(message: &str) -> String {
    let unknown = ["unknown field `", "unknown variant `"].iter().find_map(|prefix| message.strip_prefix(prefix));
    let Some(rest) = unknown else { return message.to_owned() };
    let Some((written, expected)) = rest.split_once('`') else {
        return message.to_owned();
    };
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|candidate| (strsim::jaro_winkler(written, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, candidate)) => format!("{message}; did you mean `{candidate}`?"),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(text: &str) -> String {
        let source = SourceFile { path: "t.toml".into(), text: text.to_owned() };
        match parse(source) {
            Err(LoadError::Invalid { message, .. }) => message,
            other => panic!("expected an invalid scenario, got {other:?}"),
        }
    }

    #[test]
    fn close_misspellings_get_a_suggestion() {
        let message = invalid("[[skill_queue]]\nname = \"A\"\nmax_wiat = 30\n");
        assert!(message.starts_with("unknown field `max_wiat`, expected one of"), "{message}");
        assert!(message.ends_with("did you mean `max_wait`?"), "{message}");
        let message = invalid("[[skill_queue]]\nname = \"A\"\ntype = \"voise\"\n");
        assert!(message.ends_with("did you mean `voice`?"), "{message}");
    }

    #[test]
    fn type_errors_speak_of_numbers_not_rust_types() {
        let message = invalid("[[skill_queue]]\nname = \"A\"\nmax_calls = \"many\"\n");
        assert_eq!(message, "invalid type: string \"many\", expected an integer");
        let message = invalid("[simulation]\nseed = -1\n");
        assert!(message.contains("expected a whole number ≥ 0"), "{message}");
    }

    #[test]
    fn distant_names_get_none() {
        let message = invalid("[[skill_queue]]\nname = \"A\"\ncolour = 3\n");
        assert!(!message.contains("did you mean"), "{message}");
    }

    #[test]
    fn syntax_errors_are_unusable_input_but_type_errors_are_not() {
        let syntax = parse(SourceFile { path: "t.toml".into(), text: "[[skill_queue]\n".into() }).unwrap_err();
        assert!(syntax.is_unusable_input());
        let typed =
            parse(SourceFile { path: "t.toml".into(), text: "[[skill_queue]]\nname = 5\n".into() }).unwrap_err();
        assert!(!typed.is_unusable_input());
    }
}
