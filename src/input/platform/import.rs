//! A platform document → the configuration part of a scenario, as commented TOML.
//!
//! Every code is mapped here, and anything that cannot be mapped (an unknown media type, a
//! device type that is neither 1 nor 3, a weight that is not a number) is an error at its JSON
//! path. What the document *means* — a route to a queue that does not exist, a transfer loop —
//! is not judged here: the scenario is written as the tenant configured it, and `validate`
//! judges it as it judges any scenario. A reference to an id the document does not define is
//! written `queue:skillId-199` (or `ivr:flowId-8`), a name that says which id was missing, and
//! that `export` turns back into the same id.
//!
//! The platform configures agents one by one; a scenario has groups. Agents with the same type,
//! role, skill queues and weights become one group, named after its first skill queue, with the
//! agents' ids in `ids`.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::Finding;
use super::document::{Agent, Code, Document, Policy};
use super::json_path::JsonPath;
use crate::input::scenario::{AgentType, Duration, MAX_SECONDS, MediaType, Role};

/// The time callers are assumed to spend in an imported IVR flow, whose menus the configuration
/// does not describe.
pub(super) const IMPORTED_IVR_DURATION: f64 = 30.0;

/// The configuration part of a scenario, imported.
#[derive(Debug)]
pub struct Imported {
    /// `[[skill_queue]]`, `[[called_route]]`, `[[agent_group]]` and `[[ivr]]` tables, commented.
    pub text: String,
    /// The document's index of each agent of each agent group, in group order. Queues, routes
    /// and IVRs keep the document's order one for one.
    pub groups: Vec<Vec<usize>>,
    /// Codes that could not be mapped (errors), and assumptions made (warnings).
    pub findings: Vec<Finding>,
}

/// Imports `document`; `origin` names it in the header comment.
pub fn import(document: &Document, origin: &str) -> Imported {
    let mut importer = Importer::new(document);
    let mut text = String::new();
    let groups = importer.agent_groups();
    let _ = writeln!(
        text,
        "# Configuration imported by `callsim import` from\n#   {}\n\
         # {} skill queues, {} called routes, {} agents in {} groups, {} IVR flows. The comment above\n\
         # each table gives its place in the document; platform_id keeps each queue's skillId and each\n\
         # IVR's flowId, so that results map back to the platform and `callsim export` gives the same\n\
         # ids back. Agents of one type, role and skills form one group; ids lists their agentIds.\n",
        comment(origin),
        document.skills.len(),
        document.called_routes.len(),
        document.agents.len(),
        groups.len(),
        document.ivrs.len(),
    );
    importer.skill_queues(&mut text);
    importer.called_routes(&mut text);
    importer.write_groups(&groups, &mut text);
    importer.ivrs(&mut text);
    let findings = importer.findings;
    Imported { text, groups: groups.into_iter().map(|g| g.agents).collect(), findings }
}

/// The commented `[[traffic]]` template written when no traffic file is given: one entry per
/// dialed number of the document's routes, to fill in. Until then, `validate` warns that no call
/// will arrive.
pub(super) fn traffic_placeholder(document: &Document) -> String {
    let mut text = String::from(
        "# Traffic is not part of the platform's configuration. Give it with\n\
         # `callsim import --traffic traffic.toml`, or fill in and uncomment one entry per dialed number:\n",
    );
    for route in &document.called_routes {
        let dialed =
            format!("{}{}", route.access_code.text(), route.ext_code.as_ref().map_or(String::new(), Code::text));
        let _ = write!(
            text,
            "#\n# [[traffic]]\n# dialed = {}\n# rate = \"60/h\"\n# talk_time = {{ dist = \"exponential\", mean = \"4m\" }}\n# patience = {{ dist = \"exponential\", mean = \"2m\" }}\n",
            toml_string(&dialed)
        );
    }
    text.push('\n');
    text
}

/// A one-line TOML basic string. The toml crate would write a string with a line break as a
/// multi-line literal, which cannot sit in a comment (the traffic template); a JSON string is a
/// valid one-line TOML basic string once DEL, which JSON leaves as it is, is escaped too.
fn toml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string().replace('\u{7f}', "\\u007F")
}

/// A duration in seconds, as a scenario writes it (`"90s"`, `"5m"`).
fn duration(secs: i64) -> String {
    toml_string(&Duration::from_secs(secs as f64).to_string())
}

/// What makes agents one group: everything a scenario says per group.
#[derive(Debug, PartialEq)]
struct Profile {
    agent_type: AgentType,
    role: Role,
    agent_weight: i64,
    /// Skill queue reference (a name, or `skillId-N`) and skill weight.
    skills: Vec<(String, i64)>,
}

/// One agent group in the making.
#[derive(Debug)]
struct Group {
    profile: Profile,
    agents: Vec<usize>,
}

struct Importer<'d> {
    document: &'d Document,
    /// skillId → index in `skills` (the first, when an id repeats).
    skill_ids: HashMap<i64, usize>,
    /// flowId → index in `ivrs`.
    flow_ids: HashMap<i64, usize>,
    findings: Vec<Finding>,
}

impl<'d> Importer<'d> {
    fn new(document: &'d Document) -> Self {
        let mut importer =
            Importer { document, skill_ids: HashMap::new(), flow_ids: HashMap::new(), findings: Vec::new() };
        for (i, skill) in document.skills.iter().enumerate() {
            let at = JsonPath::entry("skills", i).key("skillId");
            if let Some(id) = importer.id(&skill.skill_id, &at, "skillId") {
                importer.first_definition(id, i, "skills", &at);
            }
        }
        for (i, flow) in document.ivrs.iter().enumerate() {
            let at = JsonPath::entry("ivrs", i).key("flowId");
            if let Some(id) = importer.id(&flow.flow_id, &at, "flowId") {
                importer.first_definition(id, i, "ivrs", &at);
            }
        }
        importer
    }

    /// Records `id` as defined by entry `i` of `list`, or reports it as defined already.
    fn first_definition(&mut self, id: i64, i: usize, list: &str, at: &JsonPath) {
        let ids = if list == "skills" { &mut self.skill_ids } else { &mut self.flow_ids };
        if let Some(&first) = ids.get(&id) {
            let message = format!("{} {id} is already defined by {}", at_key(at), JsonPath::entry(list, first));
            self.findings.push(Finding::error(at.clone(), message));
        } else {
            ids.insert(id, i);
        }
    }

    /// A platform id: a whole number ≥ 0.
    fn id(&mut self, code: &Code, at: &JsonPath, what: &str) -> Option<i64> {
        match code.int() {
            Some(id) if id >= 0 => Some(id),
            _ => {
                self.findings
                    .push(Finding::error(at.clone(), format!("{what} must be a whole number ≥ 0, not {code}")));
                None
            }
        }
    }

    /// A whole number ≥ 0 (seconds, counts, weights), or `default` when absent.
    fn number(&mut self, code: Option<&Code>, at: &JsonPath, default: i64) -> i64 {
        let Some(code) = code else { return default };
        match code.int() {
            Some(n) if n >= 0 => n,
            _ => {
                let message = format!("{} must be a whole number ≥ 0, not {code}", at_key(at));
                self.findings.push(Finding::error(at.clone(), message));
                default
            }
        }
    }

    /// Whole seconds ≥ 0, at most what a scenario's durations hold (100 years), or `default`.
    fn seconds(&mut self, code: Option<&Code>, at: &JsonPath, default: i64) -> i64 {
        let secs = self.number(code, at, default);
        if secs as f64 > MAX_SECONDS {
            let message = format!("{} is {secs} s; callsim holds durations of at most 100 years", at_key(at));
            self.findings.push(Finding::error(at.clone(), message));
            return default;
        }
        secs
    }

    /// A `mediaTypeId`; voice when absent (the platform's default type).
    fn media(&mut self, code: Option<&Code>, at: &JsonPath) -> MediaType {
        let Some(code) = code else { return MediaType::Voice };
        code.int().and_then(MediaType::from_code).unwrap_or_else(|| {
            let message = format!(
                "unknown media type {code}: the platform's codes are 5 voice, 19 video, 53 multimedia, 2 voice click-to-dial, 18 video click-to-dial"
            );
            self.findings.push(Finding::error(at.clone(), message));
            MediaType::Voice
        })
    }

    /// A device by type (1 skill queue, 3 IVR) and id, as `queue:NAME` or `ivr:NAME`.
    fn device(&mut self, device_type: Option<&Code>, value: Option<&Code>, at: &JsonPath, keys: [&str; 2]) -> String {
        let kind = device_type.and_then(Code::int);
        let Some(value) = value else {
            let message = format!("{} is missing: the id of the skill queue or IVR flow", keys[1]);
            self.findings.push(Finding::error(at.clone(), message));
            return "release".into();
        };
        let value_at = at.key(keys[1]);
        match kind {
            Some(1) => match self.id(value, &value_at, "a skill queue's id") {
                Some(id) => match self.skill_ids.get(&id) {
                    // An empty name cannot be referred to (validation reports it at the skill).
                    Some(&i) if !self.document.skills[i].name.is_empty() => {
                        format!("queue:{}", self.document.skills[i].name)
                    }
                    _ => format!("queue:skillId-{id}"),
                },
                None => "release".into(),
            },
            Some(3) => match self.id(value, &value_at, "an IVR flow's id") {
                Some(id) => match self.flow_ids.get(&id) {
                    Some(&i) if !self.document.ivrs[i].name.is_empty() => format!("ivr:{}", self.document.ivrs[i].name),
                    _ => format!("ivr:flowId-{id}"),
                },
                None => "release".into(),
            },
            _ => {
                let written = device_type.map_or_else(|| "missing".to_owned(), |c| c.to_string());
                let message = format!("unknown device type {written}: the platform's codes are 1 skill queue, 3 IVR");
                self.findings.push(Finding::error(at.key(keys[0]), message));
                "release".into()
            }
        }
    }

    /// A skill policy: `release`, or the device a transfer goes to.
    fn destination(&mut self, policy: Option<&Policy>, at: &JsonPath) -> String {
        let Some(policy) = policy else { return "release".into() };
        match policy.transfer_type.text().to_ascii_lowercase().as_str() {
            "release" => "release".into(),
            "transfer" => self.device(policy.device_type.as_ref(), policy.value.as_ref(), at, ["deviceType", "value"]),
            _ => {
                let message = format!(
                    "unknown transferType {}: the platform's are \"Release\" and \"Transfer\"",
                    policy.transfer_type
                );
                self.findings.push(Finding::error(at.key("transferType"), message));
                "release".into()
            }
        }
    }

    fn skill_queues(&mut self, text: &mut String) {
        let document = self.document;
        for (i, skill) in document.skills.iter().enumerate() {
            let at = JsonPath::entry("skills", i);
            let media = self.media(skill.media_type_id.as_ref(), &at.key("mediaTypeId"));
            let _ = writeln!(text, "# {at} · skillId {}", comment(&skill.skill_id.text()));
            text.push_str("[[skill_queue]]\n");
            if let Some(id) = skill.skill_id.int().filter(|&id| id >= 0) {
                let _ = writeln!(text, "platform_id = {id}");
            }
            let _ = writeln!(text, "name = {}", toml_string(&skill.name));
            let _ = writeln!(text, "description = {}", toml_string(&skill.description));
            let _ = writeln!(text, "type = \"{media}\"");
            if let Some(subtype) = &skill.sub_media_type {
                match subtype.text().to_ascii_lowercase().as_str() {
                    name @ ("wechat" | "email" | "whatsapp" | "web") => {
                        let _ = writeln!(text, "subtype = \"{name}\"");
                    }
                    _ => self.findings.push(Finding::error(
                        at.key("subMediaType"),
                        format!(
                            "unknown multimedia subtype {subtype}: the platform's are WECHAT, EMAIL, WHATSAPP and WEB"
                        ),
                    )),
                }
            }
            let max_wait = self.seconds(skill.max_wait_time.as_ref(), &at.key("maxWaitTime"), 60);
            let max_calls = self.number(skill.max_wait_num.as_ref(), &at.key("maxWaitNum"), 100);
            let wrap_up = self.seconds(skill.max_agent_wrapup_time.as_ref(), &at.key("maxAgentWrapupTime"), 5);
            let no_answer = self.seconds(skill.max_answer_wait_time.as_ref(), &at.key("maxAnswerWaitTime"), 0);
            let _ = writeln!(text, "max_wait = {}", duration(max_wait));
            let _ = writeln!(text, "max_calls = {max_calls}");
            let _ = writeln!(text, "wrap_up = {}", duration(wrap_up));
            if no_answer > 0 {
                let _ = writeln!(text, "no_answer = {}", duration(no_answer));
            }
            let param = skill.skill_param.clone().unwrap_or_default();
            let at = at.key("skillParam");
            for (key, json_key, policy) in [
                ("timeout", "timeOut", &param.time_out),
                ("busy", "busy", &param.busy),
                ("no_agents", "noAgents", &param.no_agents),
            ] {
                let destination = self.destination(policy.as_ref(), &at.key(json_key));
                let _ = writeln!(text, "{key} = {}", toml_string(&destination));
            }
            text.push('\n');
        }
    }

    fn called_routes(&mut self, text: &mut String) {
        let document = self.document;
        for (i, route) in document.called_routes.iter().enumerate() {
            let at = JsonPath::entry("calledRoutes", i);
            let media = self.media(route.media_type_id.as_ref(), &at.key("mediaTypeId"));
            let device = self.device(Some(&route.device_type), Some(&route.device_id), &at, ["devicetype", "deviceId"]);
            let _ = writeln!(text, "# {at} · deviceId {}\n[[called_route]]", comment(&route.device_id.text()));
            let _ = writeln!(text, "access_code = {}", toml_string(&route.access_code.text()));
            let extension = route.ext_code.as_ref().map_or_else(String::new, Code::text);
            if !extension.is_empty() {
                let _ = writeln!(text, "extension = {}", toml_string(&extension));
            }
            let _ = writeln!(text, "type = \"{media}\"\ndevice = {}\n", toml_string(&device));
        }
    }

    /// Gathers the agents into groups of one profile, in order of first appearance.
    fn agent_groups(&mut self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        let document = self.document;
        for (i, agent) in document.agents.iter().enumerate() {
            let profile = self.profile(agent, &JsonPath::entry("agents", i));
            match groups.iter_mut().find(|g| g.profile == profile) {
                Some(group) => group.agents.push(i),
                None => groups.push(Group { profile, agents: vec![i] }),
            }
        }
        groups
    }

    fn profile(&mut self, agent: &Agent, at: &JsonPath) -> Profile {
        let agent_type = match agent.agent_type.as_ref() {
            None => AgentType::Voice,
            Some(code) => by_code_or_name(code, &AgentType::ALL, AgentType::from_code).unwrap_or_else(|| {
                self.findings.push(Finding::error(
                    at.key("agentType"),
                    format!("unknown agent type {code}: the platform's codes are 4 voice, 11 video, 13 multimedia, 99 versatile"),
                ));
                AgentType::Voice
            }),
        };
        let role = match agent.role.as_ref() {
            None => Role::Common,
            Some(code) => by_code_or_name(code, &Role::ALL, Role::from_code).unwrap_or_else(|| {
                self.findings.push(Finding::error(
                    at.key("role"),
                    format!(
                        "unknown platform role {code}: callsim reads 1 common agent, 2 quality checker, 3 callout agent"
                    ),
                ));
                Role::Common
            }),
        };
        let mut skills = Vec::new();
        let mut agent_weights: Vec<(i64, JsonPath)> = Vec::new();
        for (j, skill) in agent.skills.iter().enumerate() {
            let at = at.key("skills").index(j);
            let queue = match self.id(&skill.skill_id, &at.key("skillId"), "skillId") {
                Some(id) => match self.skill_ids.get(&id) {
                    Some(&q) if !self.document.skills[q].name.is_empty() => self.document.skills[q].name.clone(),
                    _ => format!("skillId-{id}"),
                },
                None => String::new(),
            };
            let weight = self.number(skill.skill_weight.as_ref(), &at.key("skillWeight"), 1);
            let agent_weight = self.number(skill.agent_weight.as_ref(), &at.key("agentWeight"), 1);
            agent_weights.push((agent_weight, at.key("agentWeight")));
            skills.push((queue, weight));
        }
        let agent_weight = agent_weights.iter().map(|(w, _)| *w).max().unwrap_or(1);
        if let Some((lower, lower_at)) = agent_weights.iter().find(|(w, _)| *w != agent_weight) {
            self.findings.push(Finding::warning(
                lower_at.clone(),
                format!(
                    "agentWeight {lower} differs from this agent's {agent_weight} at another skill queue; callsim gives an agent one weight at all its queues and takes the highest, {agent_weight}"
                ),
            ));
        }
        Profile { agent_type, role, agent_weight, skills }
    }

    fn write_groups(&mut self, groups: &[Group], text: &mut String) {
        let mut names_used: HashMap<String, usize> = HashMap::new();
        for group in groups {
            // A name of ≤ 20 characters without spaces, as validation requires of any name: 14 of
            // the queue's characters leave room for "-" and a five-digit number.
            let first = group.profile.skills.first().map_or("agents", |(q, _)| q.as_str());
            let base: String = first.chars().map(|c| if c.is_whitespace() { '-' } else { c }).take(14).collect();
            let n = names_used.entry(base.clone()).or_insert(0);
            *n += 1;
            let name = format!("{base}-{n}");
            let ids: Vec<String> = group.agents.iter().map(|&a| self.document.agents[a].agent_id.text()).collect();
            let first = JsonPath::entry("agents", group.agents[0]);
            let _ = writeln!(
                text,
                "# {} agents with the same type, role and skills, from {first}: agentId {}{}",
                ids.len(),
                comment(&ids[0]),
                if ids.len() > 1 { format!(" … {}", comment(&ids[ids.len() - 1])) } else { String::new() }
            );
            text.push_str("[[agent_group]]\n");
            let _ = writeln!(text, "name = {}", toml_string(&name));
            let profile = &group.profile;
            let _ = writeln!(
                text,
                "type = \"{}\"\nrole = \"{}\"\nagent_weight = {}",
                profile.agent_type, profile.role, profile.agent_weight
            );
            let skills: Vec<String> = group
                .profile
                .skills
                .iter()
                .map(|(queue, weight)| format!("{{ queue = {}, weight = {weight} }}", toml_string(queue)))
                .collect();
            let _ = writeln!(text, "skills = [{}]", skills.join(", "));
            text.push_str("ids = [\n");
            for line in ids.chunks(10) {
                let line: Vec<String> = line.iter().map(|id| toml_string(id)).collect();
                let _ = writeln!(text, "  {},", line.join(", "));
            }
            text.push_str("]\n\n");
        }
    }

    fn ivrs(&mut self, text: &mut String) {
        let document = self.document;
        if document.ivrs.is_empty() {
            return;
        }
        let names: Vec<&str> = document.ivrs.iter().map(|f| f.name.as_str()).collect();
        self.findings.push(Finding::warning(
            JsonPath::default().key("ivrs"),
            format!(
                "what callers do in IVR flow{} {} is not part of the configuration: the imported scenario assumes they spend {IMPORTED_IVR_DURATION} s there and hang up; set each [[ivr]]'s duration and exit to what the flow does",
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
        ));
        for (i, flow) in document.ivrs.iter().enumerate() {
            let _ = writeln!(
                text,
                "# {} · flowId {}. The flow's menus are not part of the configuration: callers are\n\
                 # assumed to spend {IMPORTED_IVR_DURATION} s in it and hang up. Set duration and exit to what it does.",
                JsonPath::entry("ivrs", i),
                comment(&flow.flow_id.text())
            );
            text.push_str("[[ivr]]\n");
            if let Some(id) = flow.flow_id.int().filter(|&id| id >= 0) {
                let _ = writeln!(text, "platform_id = {id}");
            }
            let _ = writeln!(text, "name = {}", toml_string(&flow.name));
            let _ = writeln!(text, "description = {}", toml_string(&flow.description));
            let _ = writeln!(
                text,
                "duration = {{ dist = \"deterministic\", value = \"{IMPORTED_IVR_DURATION}s\" }}\n\
                 exit = [{{ to = \"release\", probability = 1.0 }}]\n"
            );
        }
    }
}

/// `text` made fit for a TOML comment, which may not hold a line break or another control
/// character: each becomes a space.
pub(super) fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The variant a code names: by its number, or by its name in any case and with any separators
/// (`"qualityChecker"`, `"quality-checker"` and `"Quality_Checker"` all name the quality checker).
fn by_code_or_name<T: Copy + std::fmt::Display>(code: &Code, all: &[T], from_code: fn(i64) -> Option<T>) -> Option<T> {
    let plain =
        |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let written = plain(&code.text());
    code.int().and_then(from_code).or_else(|| all.iter().copied().find(|v| plain(&v.to_string()) == written))
}

/// The last key of a path, for messages.
fn at_key(at: &JsonPath) -> String {
    at.to_string().rsplit('.').next().unwrap_or_default().to_owned()
}
