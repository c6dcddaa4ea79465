//! `callsim validate tenant.json`: import, then validate, and put every finding back where the
//! planner can fix it.
//!
//! Validation speaks in scenario field paths (`skill_queue[3].timeout`). A finding about the
//! configuration is moved to the JSON that configured it (`$.skills[3].skillParam.timeOut`), with
//! its line, column and the platform id of the object; a finding about the traffic goes to its
//! line in the traffic file. The scenario text is assembled traffic first, so that no key of the
//! traffic file can fall into a configuration table, and the traffic's span in it is kept to map
//! positions back.

use std::ops::Range;

use toml::de::DeTable;

use super::Finding;
use super::document::Code;
use super::import::{self, Imported};
use super::json_path::{JsonPath, syntax_tree};
use super::read::ReadDocument;
use crate::input::diagnostic::{self, Diagnostic, Location, Severity};
use crate::input::scenario::path::{FieldPath, Segment};
use crate::input::scenario::{self, Loaded, SourceFile};

/// What [`check`] found.
#[derive(Debug)]
pub struct Checked {
    /// The scenario (traffic part, then configuration), when the import had no error.
    pub text: Option<String>,
    /// The import's own findings (unmapped codes, ignored keys, assumptions), rendered.
    pub import_report: String,
    /// Findings on the traffic file and validation's findings on the imported scenario, rendered
    /// at their JSON paths or traffic lines.
    pub report: String,
    /// Errors among the import's findings and validation's.
    pub errors: usize,
    pub warnings: usize,
}

/// Imports the document and validates the scenario it makes, with the traffic of `traffic` if
/// given (a file already loaded as a scenario, so its types are known to be right). Configuration
/// tables in the traffic file are errors located in it.
pub fn check(read: &ReadDocument, traffic: Option<&Loaded>) -> Checked {
    let traffic = traffic.map(|t| &t.source);
    let origin = read.source.path.display().to_string();
    let imported = import::import(&read.document, &origin);
    let json = Located { read, imported: &imported, tree: syntax_tree(&read.source.text) };
    let findings: Vec<&Finding> = read.ignored.iter().chain(&imported.findings).collect();
    let mut checked = Checked {
        text: None,
        import_report: json.render_findings(&findings),
        report: String::new(),
        errors: count(findings.iter().map(|f| f.severity), Severity::Error),
        warnings: count(findings.iter().map(|f| f.severity), Severity::Warning),
    };
    if checked.errors > 0 {
        return checked;
    }
    if let Some(traffic) = traffic
        && let Some(report) = misplaced_tables(traffic, &origin)
    {
        checked.report = report;
        checked.errors += 1;
        return checked;
    }

    let mut text = String::new();
    let mut traffic_span = 0..0;
    if let Some(traffic) = traffic {
        text = format!(
            "# ---- Traffic and simulation settings, from {} ----\n",
            import::comment(&traffic.path.display().to_string())
        );
        // A byte-order mark is allowed at the start of a file, not in the middle of one.
        let body = traffic.text.strip_prefix('\u{feff}').unwrap_or(&traffic.text);
        // The span of the whole file, mark included, so that offsets in it map back as they are.
        let mark = traffic.text.len() - body.len();
        traffic_span = text.len() - mark..text.len() + body.len();
        text.push_str(body);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!("# ---- Configuration, from {} ----\n", import::comment(&origin)));
    }
    text.push_str(&imported.text);
    if traffic.is_none() {
        text.push_str(&import::traffic_placeholder(&read.document));
    }

    if text.len() as u64 > scenario::MAX_SCENARIO_BYTES {
        checked.report = diagnostic::render(
            &read.source,
            &[Diagnostic::error(
                FieldPath::default(),
                format!(
                    "the imported scenario would be {} bytes, over the {} bytes (16 MiB) a scenario may hold",
                    text.len(),
                    scenario::MAX_SCENARIO_BYTES
                ),
            )],
        );
        checked.errors += 1;
        return checked;
    }
    let directory = traffic.map_or_else(|| read.source.directory(), SourceFile::directory);
    let source = SourceFile { path: read.source.path.with_extension("toml"), text };
    let loaded = match scenario::parse(source) {
        Ok(loaded) => loaded,
        Err(e) => {
            // The traffic file read on its own and the configuration is generated: a failure here
            // is callsim's own fault, shown with the text it made.
            checked.report = format!(
                "internal error: the imported scenario does not read back:\n{}",
                diagnostic::render_load_error(&e)
            );
            checked.errors += 1;
            return checked;
        }
    };
    let findings = crate::input::validate::validate(&loaded.scenario, directory);
    checked.errors += count(findings.iter().map(|d| d.severity), Severity::Error);
    checked.warnings += count(findings.iter().map(|d| d.severity), Severity::Warning);
    let scenario_tree = DeTable::parse(&loaded.source.text).ok();
    let traffic_part = traffic.map(|t| (t, traffic_span));
    checked.report = json.render_validation(&findings, scenario_tree.as_ref().map(|t| t.get_ref()), traffic_part);
    checked.text = Some(loaded.source.text);
    checked
}

fn count(severities: impl Iterator<Item = Severity>, severity: Severity) -> usize {
    severities.filter(|s| *s == severity).count()
}

/// A traffic file holds `[simulation]` and `[[traffic]]` only: the configuration comes from the
/// platform's document. Returns the rendered errors of the tables it should not hold (or why it
/// is not TOML), or `None`.
fn misplaced_tables(traffic: &SourceFile, origin: &str) -> Option<String> {
    let tree = match DeTable::parse(&traffic.text) {
        Ok(tree) => tree,
        Err(e) => return Some(e.message().to_owned()),
    };
    let findings: Vec<Diagnostic> = tree
        .get_ref()
        .keys()
        .map(|key| key.get_ref().as_ref())
        .filter(|key| !matches!(*key, "simulation" | "traffic"))
        .map(|table| {
            Diagnostic::error(
                FieldPath::default().key(table),
                format!(
                    "a traffic file holds [simulation] and [[traffic]] only: the [[{table}]] tables come from {origin}"
                ),
            )
        })
        .collect();
    (!findings.is_empty()).then(|| diagnostic::render(traffic, &findings))
}

/// The document, what was imported from it, and its syntax tree for spans.
struct Located<'a> {
    read: &'a ReadDocument,
    imported: &'a Imported,
    tree: Option<jsonc_parser::ast::Value<'a>>,
}

impl Located<'_> {
    fn span(&self, at: &JsonPath) -> Location {
        let span = self.tree.as_ref().and_then(|tree| at.span_in(tree));
        span.map_or(Location::Span(0..0), Location::Span)
    }

    /// The import's findings, at their JSON paths.
    fn render_findings(&self, findings: &[&Finding]) -> String {
        let located: Vec<Diagnostic> = findings
            .iter()
            .map(|f| Diagnostic {
                severity: f.severity,
                location: self.span(&f.at),
                message: format!("{}: {}", f.at, f.message),
            })
            .collect();
        diagnostic::render(&self.read.source, &located)
    }

    /// Validation's findings: configuration ones at their JSON paths, traffic ones in the traffic
    /// file, findings about the whole scenario against the document.
    fn render_validation(
        &self,
        findings: &[Diagnostic],
        scenario: Option<&DeTable<'_>>,
        traffic: Option<(&SourceFile, Range<usize>)>,
    ) -> String {
        let mut in_json = Vec::new();
        let mut in_traffic = Vec::new();
        for finding in findings {
            let Location::Field(path) = &finding.location else {
                in_json.push(finding.clone()); // another file's line, rendered as it is
                continue;
            };
            if let Some((at, label)) = self.place(path) {
                in_json.push(Diagnostic {
                    severity: finding.severity,
                    location: self.span(&at),
                    message: format!("{at} ({label}): {}", finding.message),
                });
                continue;
            }
            let span = scenario.and_then(|tree| path.span_in(tree));
            match (&traffic, span) {
                (Some((file, part)), Some(span)) if part.contains(&span.start) => in_traffic.push((
                    *file,
                    Diagnostic {
                        severity: finding.severity,
                        location: Location::Span(span.start - part.start..span.end - part.start),
                        message: finding.message.clone(),
                    },
                )),
                // The whole scenario (no traffic at all, say): about the document as a whole.
                _ => in_json.push(Diagnostic {
                    severity: finding.severity,
                    location: Location::Field(FieldPath::default()),
                    message: finding.message.clone(),
                }),
            }
        }
        let mut out = diagnostic::render(&self.read.source, &in_json);
        if let Some((file, _)) = traffic {
            let diagnostics: Vec<Diagnostic> = in_traffic.into_iter().map(|(_, d)| d).collect();
            out.push_str(&diagnostic::render(file, &diagnostics));
        }
        out
    }

    /// The JSON path and the platform object of a configuration field, or `None` for the
    /// traffic and simulation settings.
    fn place(&self, path: &FieldPath) -> Option<(JsonPath, String)> {
        let document = &self.read.document;
        let (table, index, rest) = match path.segments() {
            [Segment::Key(table), Segment::Index(index), rest @ ..] => (table.as_str(), *index, rest),
            _ => return None,
        };
        let key = match rest.first() {
            Some(Segment::Key(key)) => Some(key.as_str()),
            _ => None,
        };
        let sub = match rest.get(1) {
            Some(Segment::Index(i)) => Some(*i),
            _ => None,
        };
        let sub_key = match rest.get(2) {
            Some(Segment::Key(key)) => Some(key.as_str()),
            _ => None,
        };
        match table {
            "skill_queue" => {
                let skill = document.skills.get(index)?;
                let at = JsonPath::entry("skills", index);
                let keys: &[&str] = match key {
                    Some("name") => &["name"],
                    Some("description") => &["description"],
                    Some("type") => &["mediaTypeId"],
                    Some("subtype") => &["subMediaType"],
                    Some("max_wait") => &["maxWaitTime"],
                    Some("max_calls") => &["maxWaitNum"],
                    Some("wrap_up") => &["maxAgentWrapupTime"],
                    Some("no_answer") => &["maxAnswerWaitTime"],
                    Some("timeout") => &["skillParam", "timeOut", "value"],
                    Some("busy") => &["skillParam", "busy", "value"],
                    Some("no_agents") => &["skillParam", "noAgents", "value"],
                    _ => &[],
                };
                Some((at.keys(keys), format!("skillId {} \"{}\"", skill.skill_id.text(), skill.name)))
            }
            "called_route" => {
                let route = document.called_routes.get(index)?;
                let at = JsonPath::entry("calledRoutes", index);
                let keys: &[&str] = match key {
                    Some("access_code") => &["accessCode"],
                    Some("extension") => &["extCode"],
                    Some("type") => &["mediaTypeId"],
                    Some("device") => &["deviceId"],
                    _ => &[],
                };
                let extension = route.ext_code.as_ref().map_or_else(String::new, Code::text);
                let label = if extension.is_empty() {
                    format!("called route {}", route.access_code.text())
                } else {
                    format!("called route {} extension {extension}", route.access_code.text())
                };
                Some((at.keys(keys), label))
            }
            "agent_group" => {
                let agents = self.imported.groups.get(index)?;
                let first = *agents.first()?;
                let id = |a: usize| document.agents.get(a).map_or_else(String::new, |agent| agent.agent_id.text());
                let at = JsonPath::entry("agents", first);
                match (key, sub) {
                    (Some("ids"), Some(k)) => {
                        let agent = *agents.get(k)?;
                        Some((JsonPath::entry("agents", agent).key("agentId"), format!("agentId {}", id(agent))))
                    }
                    (Some("skills"), Some(k)) => {
                        let key = if sub_key == Some("weight") { "skillWeight" } else { "skillId" };
                        Some((at.key("skills").index(k).key(key), group_label(agents, &id)))
                    }
                    (Some("skills"), None) => Some((at.key("skills"), group_label(agents, &id))),
                    (Some("type"), _) => Some((at.key("agentType"), group_label(agents, &id))),
                    (Some("role"), _) => Some((at.key("role"), group_label(agents, &id))),
                    (Some("agent_weight"), _) => {
                        Some((at.key("skills").index(0).key("agentWeight"), group_label(agents, &id)))
                    }
                    _ => Some((at, group_label(agents, &id))),
                }
            }
            "ivr" => {
                let flow = document.ivrs.get(index)?;
                let at = JsonPath::entry("ivrs", index);
                let keys: &[&str] = match key {
                    Some("name") => &["name"],
                    Some("description") => &["description"],
                    _ => &[],
                };
                Some((at.keys(keys), format!("flowId {} \"{}\"", flow.flow_id.text(), flow.name)))
            }
            _ => None,
        }
    }
}

/// "agentId 1001" or "agentIds 1001 … 1060, 60 agents of one profile".
fn group_label(agents: &[usize], id: &dyn Fn(usize) -> String) -> String {
    match agents {
        [one] => format!("agentId {}", id(*one)),
        [first, .., last] => format!("agentIds {} … {}, {} agents of one profile", id(*first), id(*last), agents.len()),
        [] => String::new(),
    }
}
