//! JSON paths (`$.skills[3].skillParam.timeOut`) name a place in a platform document, as
//! [`crate::input::scenario::path::FieldPath`] does in a scenario. Findings about a document speak in
//! JSON paths; [`JsonPath::span_in`] turns one into the span of the JSON that wrote it, so a
//! diagnostic shows the line, the column and a caret under the value.

use std::fmt;
use std::ops::Range;

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A path from the document's root; it prints as `$` followed by `.key` and `[index]` steps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonPath(Vec<Step>);

/// Keys the platform spells two ways: a path written with the first also finds the second.
const SPELLINGS: &[(&str, &str)] = &[("mediaTypeId", "mediatypeId"), ("devicetype", "deviceType"), ("flowId", "id")];

impl JsonPath {
    /// `$.key[index]`: an element of a top-level array.
    pub fn entry(key: &str, index: usize) -> Self {
        JsonPath::default().key(key).index(index)
    }

    /// This path followed by `.key`.
    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        JsonPath(steps)
    }

    /// This path followed by `[index]`.
    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        JsonPath(steps)
    }

    /// This path followed by each of `keys`.
    pub fn keys(&self, keys: &[&str]) -> Self {
        keys.iter().fold(self.clone(), |path, key| path.key(key))
    }

    /// The path with every index written `[*]`: the same place in every element, for
    /// gathering findings that repeat across elements.
    pub fn pattern(&self) -> String {
        let mut out = String::from("$");
        for step in &self.0 {
            match step {
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(_) => out.push_str("[*]"),
            }
        }
        out
    }

    /// The path of a key serde ignored while reading a document.
    pub fn of_ignored(path: &serde_ignored::Path<'_>) -> Self {
        use serde_ignored::Path;
        match path {
            Path::Root => JsonPath::default(),
            Path::Seq { parent, index } => JsonPath::of_ignored(parent).index(*index),
            Path::Map { parent, key } => JsonPath::of_ignored(parent).key(key),
            Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
                JsonPath::of_ignored(parent)
            }
        }
    }

    /// The span of the deepest part of this path that `root` writes (the value of the last key
    /// found, or the element); the document's first character when no step is found.
    pub fn span_in(&self, root: &Value<'_>) -> Option<Range<usize>> {
        let mut current = root;
        let mut span = None;
        for step in &self.0 {
            let next = match (step, current) {
                (Step::Key(key), Value::Object(object)) => {
                    let alternative = SPELLINGS.iter().find(|(first, _)| first == key).map(|(_, second)| *second);
                    object.get(key).or_else(|| alternative.and_then(|a| object.get(a))).map(|p| &p.value)
                }
                (Step::Index(i), Value::Array(array)) => array.elements.get(*i),
                _ => None,
            };
            match next {
                Some(value) => {
                    let range = value.range();
                    span = Some(range.start..range.end);
                    current = value;
                }
                None => break,
            }
        }
        span.or_else(|| Some(root.range().start..root.range().start + 1))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for step in &self.0 {
            match step {
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Parses `text` into the syntax tree spans are looked up in (strict JSON: no comments, no
/// trailing commas). `None` when it is not JSON.
pub fn syntax_tree(text: &str) -> Option<Value<'_>> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        ..Default::default()
    };
    jsonc_parser::parse_to_ast(text, &Default::default(), &options).ok()?.value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_and_find_the_json_that_wrote_them() {
        let text = r#"{"skills": [{"skillId": 1}, {"skillId": 2, "mediatypeId": "5"}]}"#;
        let root = syntax_tree(text).unwrap();
        let second = JsonPath::entry("skills", 1);
        assert_eq!(second.key("mediaTypeId").to_string(), "$.skills[1].mediaTypeId");
        assert_eq!(second.pattern(), "$.skills[*]");
        let span = |p: &JsonPath| p.span_in(&root).map(|s| &text[s]);
        // The platform's other spelling is found too.
        assert_eq!(span(&second.key("mediaTypeId")), Some("\"5\""));
        // A key the element does not have: the element.
        assert_eq!(span(&JsonPath::entry("skills", 0).key("name")), Some(r#"{"skillId": 1}"#));
        assert_eq!(span(&JsonPath::entry("agents", 0)), Some("{"));
    }
}
