//! Diagnostics: what `validate` (and loading) found, where, and how bad.
//!
//! Each diagnostic is rendered compiler-style, so editors and CI logs can jump to it:
//!
//! ```text
//! hotline.toml:7:8: error: skill queue name "Sales Team" contains a space; the platform forbids spaces in names
//!   7 | name = "Sales Team"
//!     |        ^^^^^^^^^^^^
//! ```

use std::fmt::Write as _;
use std::ops::Range;

use toml::de::DeTable;

use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{LoadError, SourceFile};

/// How bad a finding is: errors make the scenario unusable, warnings are worth a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// A field of the scenario, resolved to its span when rendered.
    Field(FieldPath),
    /// A byte range of the scenario text.
    Span(Range<usize>),
    /// A line and column of another file (e.g. an empirical CSV file), 1-based.
    External { file: String, line: u64, column: u64 },
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
}

impl Diagnostic {
    /// An error at a field.
    pub fn error(path: FieldPath, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, location: Location::Field(path), message: message.into() }
    }

    /// A warning at a field.
    pub fn warning(path: FieldPath, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, location: Location::Field(path), message: message.into() }
    }
}

/// Renders `diagnostics` about `source`, each as `file:line:col: severity: message` followed by the
/// offending line and a caret under the span. Diagnostics are sorted by position, errors first
/// on the same position; findings about the whole file come last.
pub fn render(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let tree = DeTable::parse(&source.text).ok();
    let file = source.path.display().to_string();
    let mut located: Vec<(Option<Range<usize>>, &Diagnostic)> = diagnostics
        .iter()
        .map(|d| {
            let span = match &d.location {
                Location::Field(path) => tree.as_ref().and_then(|t| path.span_in(t.get_ref())),
                Location::Span(span) => Some(span.clone()),
                Location::External { .. } => None,
            };
            (span, d)
        })
        .collect();
    located.sort_by_key(|(span, d)| (span.is_none(), span.as_ref().map(|s| s.start), std::cmp::Reverse(d.severity)));
    let mut out = String::new();
    for (span, diagnostic) in located {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match (&diagnostic.location, span) {
            (Location::External { file, line, column }, _) => {
                let _ = writeln!(out, "{file}:{line}:{column}: {severity}: {}", diagnostic.message);
            }
            (_, Some(span)) => {
                let (line, column) = line_column(&source.text, span.start);
                let _ = writeln!(out, "{file}:{line}:{column}: {severity}: {}", diagnostic.message);
                out.push_str(&snippet(&source.text, span, line));
            }
            (_, None) => {
                let _ = writeln!(out, "{file}: {severity}: {}", diagnostic.message);
            }
        }
    }
    out
}

/// 1-based line and column (in characters) of byte `offset`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line holding the start of `span`, and carets under the part of `span` on that line.
fn snippet(text: &str, span: Range<usize>, line: usize) -> String {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let line_text = text[line_start..line_end].trim_end_matches('\r');
    let end = floor_char_boundary(text, span.end.clamp(start, line_start + line_text.len()));
    let (before, marked, after) =
        (&text[line_start..start], &text[start..end], &text[end..line_start + line_text.len()]);
    let before = clip(before, CONTEXT, true);
    let marked = clip(marked, 2 * CONTEXT, false);
    let after = clip(after, CONTEXT, false);
    let pad = before.chars().count();
    let width = marked.chars().count().max(1);
    let gutter = line.to_string().len();
    format!("{:>gutter$} | {before}{marked}{after}\n{:>gutter$} | {}{}\n", line, "", " ".repeat(pad), "^".repeat(width))
}

/// Characters shown on each side of a span: a long line (a minified JSON document is one line)
/// is cut around it, so that a report stays the size of its findings.
const CONTEXT: usize = 60;

/// `text` cut to its last (`from_end`) or first `max` characters, with `…` where it was cut.
fn clip(text: &str, max: usize, from_end: bool) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    if from_end {
        format!("…{}", text.chars().skip(count - max).collect::<String>())
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// A scenario that could not be loaded, in the same `file:line:col:` form as validation
/// findings.
pub fn render_load_error(error: &LoadError) -> String {
    match error {
        LoadError::Syntax { source_file, message, span } | LoadError::Invalid { source_file, message, span } => {
            let prefix = if matches!(error, LoadError::Syntax { .. }) { "not TOML: " } else { "" };
            let location = span.clone().map_or(Location::Span(0..0), Location::Span);
            let finding = Diagnostic { severity: Severity::Error, location, message: format!("{prefix}{message}") };
            render(source_file, &[finding])
        }
        other => format!("{other}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile { path: "s.toml".into(), text: text.to_owned() }
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let s = source("[[skill_queue]]\nname = \"Sales Team\"\n");
        let d = Diagnostic::error(FieldPath::entry("skill_queue", 0).key("name"), "has a space");
        assert_eq!(
            render(&s, &[d]),
            "s.toml:2:8: error: has a space\n2 | name = \"Sales Team\"\n  | ^^^^^^^^^^^^\n"
                .replace("| ^", "|        ^")
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("é = 1\nx", 3), (1, 3)); // "=" is byte 3, character 3
        assert_eq!(line_column("a\nbc", 3), (2, 2));
    }

    #[test]
    fn errors_sort_before_warnings_at_the_same_place_and_positions_in_order() {
        let s = source("a = 1\nb = 2\n");
        let out = render(
            &s,
            &[
                Diagnostic { severity: Severity::Warning, location: Location::Span(6..7), message: "w".into() },
                Diagnostic { severity: Severity::Warning, location: Location::Span(0..1), message: "w0".into() },
                Diagnostic { severity: Severity::Error, location: Location::Span(6..7), message: "e".into() },
            ],
        );
        let heads: Vec<&str> = out.lines().filter(|l| l.starts_with("s.toml")).collect();
        assert_eq!(heads, ["s.toml:1:1: warning: w0", "s.toml:2:1: error: e", "s.toml:2:1: warning: w"]);
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{{\"a\": \"{}\", \"b\": 5, \"c\": \"{}\"}}", "x".repeat(500), "y".repeat(500));
        let at = line.find('5').unwrap();
        let out = render(
            &source(&line),
            &[Diagnostic { severity: Severity::Error, location: Location::Span(at..at + 1), message: "m".into() }],
        );
        let shown: Vec<&str> = out.lines().collect();
        assert_eq!(shown[1], format!("1 | …{}\", \"b\": 5, \"c\": \"{}…", "x".repeat(52), "y".repeat(52)));
        assert_eq!(shown[2].find('^'), Some(shown[1].find('5').map(|b| shown[1][..b].chars().count()).unwrap()));
    }

    #[test]
    fn spans_past_the_end_of_the_text_do_not_panic() {
        let s = source("x = [");
        let out = render(
            &s,
            &[Diagnostic { severity: Severity::Error, location: Location::Span(5..9), message: "m".into() }],
        );
        assert!(out.starts_with("s.toml:1:6: error: m\n"), "{out}");
    }
}

/// A problem in a data file callsim reads line by line (an event log, call records): the file,
/// the line (0 for the file as a whole), the field at fault if there is one, and what is wrong.
/// It reads `FILE:LINE: error: field `NAME`: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub path: std::path::PathBuf,
    pub line: u64,
    pub field: Option<&'static str>,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": error: ")?;
        if let Some(field) = self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LineError {}
