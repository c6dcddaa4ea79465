//! Field paths (`skill_queue[2].max_wait`) name a place in a scenario independently of how it was
//! written. Validation speaks in paths; the diagnostic renderer turns a path into the span of the
//! TOML that wrote it, so checks never juggle byte offsets.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One step of a path: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path from the root of the scenario to a table, array or value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(Vec<Segment>);

impl FieldPath {
    /// The path of the `index`-th entry of a top-level array of tables, e.g. `skill_queue[2]`.
    pub fn entry(table: &str, index: usize) -> Self {
        FieldPath(vec![Segment::Key(table.to_owned()), Segment::Index(index)])
    }

    /// This path followed by `key`.
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_owned()));
        FieldPath(segments)
    }

    /// This path followed by `[index]`.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        FieldPath(segments)
    }

    /// The steps of the path, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The span of the deepest part of this path that the document writes.
    ///
    /// A field left to its default is not in the file, so the diagnostic points at the table that
    /// omitted it (for an `[[array]]` entry, its header). Returns `None` only for the root.
    pub fn span_in(&self, root: &DeTable<'_>) -> Option<Range<usize>> {
        let mut segments = self.0.iter();
        let Some(Segment::Key(first)) = segments.next() else {
            return None;
        };
        let mut current = root.get(first.as_str())?;
        let mut span = current.span();
        for segment in segments {
            let next = match (segment, current.get_ref()) {
                (Segment::Key(key), DeValue::Table(table)) => table.get(key.as_str()),
                (Segment::Index(i), DeValue::Array(array)) => array.get(*i),
                _ => None,
            };
            match next {
                Some(value) => {
                    current = value;
                    span = value.span();
                }
                None => break,
            }
        }
        Some(span)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_the_text_that_wrote_them() {
        let text = "[[skill_queue]]\nname = \"A\"\n\n[[skill_queue]]\nname = \"B\"\nmax_wait = \"30s\"\n";
        let root = DeTable::parse(text).unwrap();
        let span = |p: &FieldPath| p.span_in(root.get_ref()).map(|s| &text[s]);
        let second = FieldPath::entry("skill_queue", 1);
        assert_eq!(second.key("max_wait").to_string(), "skill_queue[1].max_wait");
        assert_eq!(span(&second.key("max_wait")), Some("\"30s\""));
        assert_eq!(span(&second.key("name")), Some("\"B\""));
        // Defaulted field: the entry's header.
        assert_eq!(span(&FieldPath::entry("skill_queue", 0).key("wrap_up")), Some("[[skill_queue]]"));
        assert_eq!(span(&FieldPath::entry("agent_group", 0)), None);
    }
}
