//! A scenario's configuration → the platform's document, so that a configuration designed and
//! tested in callsim can be loaded into the platform.
//!
//! Only what the platform configures is exported: skill queues, called routes, agents and IVR
//! flows by id. Traffic, talk times, shifts, IVR menus and the other simulation-only keys stay
//! behind. Ids: a queue or IVR keeps its `platform_id`; the others get the next free ids. An
//! agent keeps its id from `ids` (as a number when it is one); agents of a `count` group get the
//! next free numbers. A reference to `queue:skillId-N` or `ivr:flowId-N` (an id the imported
//! document did not define) is written back as id N.

use std::collections::HashMap;

use super::document::{Agent, AgentSkill, CalledRoute, Code, Document, IvrFlow, Policy, Skill, SkillParam};
use crate::input::diagnostic::Diagnostic;
use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{Destination, Device, Duration, MultimediaSubtype, Scenario};

/// The first skillId handed out when no queue has one (the platform's ids are opaque numbers).
const FIRST_SKILL_ID: u64 = 101;
/// The first agentId handed out when no agent has a numeric one.
const FIRST_AGENT_ID: i64 = 1001;
/// The most agents `count` groups may export (validation's bound on a group's count).
const MAX_AGENTS: usize = 1_000_000;

/// The platform's document for the configuration part of `scenario`, or why some of it cannot
/// be written (a duration in fractions of a second, which the platform's whole seconds cannot
/// hold).
pub fn export(scenario: &Scenario) -> Result<Document, Vec<Diagnostic>> {
    let skill_ids = ids(scenario.skill_queues.iter().map(|q| q.platform_id), FIRST_SKILL_ID);
    let flow_ids = ids(scenario.ivrs.iter().map(|i| i.platform_id), 1);
    let mut problems = Vec::new();
    let (Some(skill_ids), Some(flow_ids)) = (skill_ids, flow_ids) else {
        problems.push(Diagnostic::error(FieldPath::default(), "no platform id is left above the ones in use"));
        return Err(problems);
    };
    unique_ids(&skill_ids, "skill_queue", &mut problems);
    unique_ids(&flow_ids, "ivr", &mut problems);
    // A name defined twice refers to its first definition, as in validation.
    let mut queues: HashMap<&str, u64> = HashMap::new();
    for (queue, &id) in scenario.skill_queues.iter().zip(&skill_ids) {
        queues.entry(queue.name.as_str()).or_insert(id);
    }
    let mut flows: HashMap<&str, u64> = HashMap::new();
    for (ivr, &id) in scenario.ivrs.iter().zip(&flow_ids) {
        flows.entry(ivr.name.as_str()).or_insert(id);
    }
    let mut exporter = Exporter { queues, flows, problems: &mut problems };

    let skills = scenario
        .skill_queues
        .iter()
        .zip(&skill_ids)
        .enumerate()
        .map(|(i, (queue, &id))| {
            let at = FieldPath::entry("skill_queue", i);
            Skill {
                skill_id: Code::Int(id as i64),
                name: queue.name.clone(),
                description: queue.description.clone(),
                media_type_id: Some(Code::Int(i64::from(queue.media.code()))),
                sub_media_type: queue.subtype.map(|s| {
                    Code::Text(
                        match s {
                            MultimediaSubtype::Wechat => "WECHAT",
                            MultimediaSubtype::Email => "EMAIL",
                            MultimediaSubtype::Whatsapp => "WHATSAPP",
                            MultimediaSubtype::Web => "WEB",
                        }
                        .to_owned(),
                    )
                }),
                max_wait_time: Some(exporter.seconds(queue.max_wait, &at.key("max_wait"))),
                max_wait_num: Some(Code::Int(queue.max_calls)),
                max_agent_wrapup_time: Some(exporter.seconds(queue.wrap_up, &at.key("wrap_up"))),
                max_answer_wait_time: (queue.no_answer.secs() > 0.0)
                    .then(|| exporter.seconds(queue.no_answer, &at.key("no_answer"))),
                skill_param: Some(SkillParam {
                    no_agents: Some(exporter.policy(&queue.no_agents, &at.key("no_agents"))),
                    busy: Some(exporter.policy(&queue.busy, &at.key("busy"))),
                    time_out: Some(exporter.policy(&queue.timeout, &at.key("timeout"))),
                }),
            }
        })
        .collect();

    let called_routes = scenario
        .called_routes
        .iter()
        .enumerate()
        .map(|(i, route)| {
            let (device_type, device_id) =
                exporter.device(&route.device, &FieldPath::entry("called_route", i).key("device"));
            CalledRoute {
                access_code: Code::Text(route.access_code.clone()),
                ext_code: Some(Code::Text(route.extension.clone())),
                media_type_id: Some(Code::Int(i64::from(route.media.code()))),
                device_type: Code::Int(device_type),
                device_id: Code::Int(device_id as i64),
            }
        })
        .collect();

    let mut next_agent = scenario
        .agent_groups
        .iter()
        .flat_map(|g| g.ids.iter().flatten())
        .filter_map(|id| agent_number(id))
        .max()
        .map_or(FIRST_AGENT_ID, |max| max.max(FIRST_AGENT_ID - 1).saturating_add(1));
    let counted: usize = scenario.agent_groups.iter().filter(|g| g.ids.is_none()).map(|g| g.agent_count()).sum();
    if counted > MAX_AGENTS || next_agent.checked_add(counted as i64).is_none() {
        exporter.problems.push(Diagnostic::error(
            FieldPath::default(),
            format!(
                "{counted} agents by count: more than the {MAX_AGENTS} callsim numbers, or no agent id left for them"
            ),
        ));
        return Err(problems);
    }
    let mut agents = Vec::new();
    for (g, group) in scenario.agent_groups.iter().enumerate() {
        let skills: Vec<AgentSkill> = group
            .skills
            .iter()
            .enumerate()
            .map(|(k, skill)| {
                let device = Device::Queue(skill.queue.clone());
                let at = FieldPath::entry("agent_group", g).key("skills").index(k);
                let (_, id) = exporter.device(&device, &at);
                AgentSkill {
                    skill_id: Code::Int(id as i64),
                    agent_weight: Some(Code::Int(group.agent_weight)),
                    skill_weight: Some(Code::Int(skill.weight)),
                }
            })
            .collect();
        let ids: Vec<Code> = match &group.ids {
            Some(ids) => {
                ids.iter().map(|id| agent_number(id).map_or_else(|| Code::Text(id.clone()), Code::Int)).collect()
            }
            None => (0..group.agent_count())
                .map(|_| {
                    next_agent += 1;
                    Code::Int(next_agent - 1)
                })
                .collect(),
        };
        agents.extend(ids.into_iter().map(|agent_id| Agent {
            agent_id,
            agent_type: Some(Code::Int(i64::from(group.agent_type.code()))),
            role: Some(Code::Int(i64::from(group.role.code()))),
            skills: skills.clone(),
        }));
    }

    let ivrs = scenario
        .ivrs
        .iter()
        .zip(&flow_ids)
        .map(|(ivr, &id)| IvrFlow {
            flow_id: Code::Int(id as i64),
            name: ivr.name.clone(),
            description: ivr.description.clone(),
        })
        .collect();

    if problems.is_empty() { Ok(Document { skills, called_routes, agents, ivrs }) } else { Err(problems) }
}

/// Each entry's id: its own, or the next number above every id in use (from `first`); `None`
/// when the numbers run out.
fn ids(own: impl Iterator<Item = Option<u64>> + Clone, first: u64) -> Option<Vec<u64>> {
    let mut next = own.clone().flatten().max().map_or(Some(first), |max| max.max(first - 1).checked_add(1))?;
    own.map(|id| match id {
        Some(id) => Some(id),
        None => {
            next = next.checked_add(1)?;
            i64::try_from(next - 1).ok().map(|_| next - 1)
        }
    })
    .collect::<Option<Vec<u64>>>()
    .filter(|ids| ids.iter().all(|&id| i64::try_from(id).is_ok()))
}

/// Reports a platform id given to two entries of `table`: the platform would merge them.
fn unique_ids(ids: &[u64], table: &str, problems: &mut Vec<Diagnostic>) {
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (i, &id) in ids.iter().enumerate() {
        if let Some(&j) = first.get(&id) {
            problems.push(Diagnostic::error(
                FieldPath::entry(table, i).key("platform_id"),
                format!(
                    "platform_id {id} is also {}'s; the platform needs one id per object",
                    FieldPath::entry(table, j)
                ),
            ));
        } else {
            first.insert(id, i);
        }
    }
}

/// An agent id the platform writes as a number: digits that read back the same (`"0012"` is
/// text, not 12).
fn agent_number(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|n| n.to_string() == id)
}

struct Exporter<'s, 'p> {
    queues: HashMap<&'s str, u64>,
    flows: HashMap<&'s str, u64>,
    problems: &'p mut Vec<Diagnostic>,
}

impl Exporter<'_, '_> {
    /// Whole seconds, as the platform takes them.
    fn seconds(&mut self, duration: Duration, at: &FieldPath) -> Code {
        let secs = duration.secs();
        if secs.fract() != 0.0 {
            self.problems.push(Diagnostic::error(
                at.clone(),
                format!("{duration} is not a whole number of seconds, and the platform takes whole seconds"),
            ));
        }
        Code::Int(secs as i64)
    }

    /// The device type (1 skill queue, 3 IVR) and id of `device`.
    fn device(&mut self, device: &Device, at: &FieldPath) -> (i64, u64) {
        let (kind, known, placeholder) = match device {
            Device::Queue(name) => (1, self.queues.get(name.as_str()), name.strip_prefix("skillId-")),
            Device::Ivr(name) => (3, self.flows.get(name.as_str()), name.strip_prefix("flowId-")),
        };
        match (known, placeholder.and_then(|id| id.parse().ok())) {
            (Some(&id), _) | (None, Some(id)) => (kind, id),
            (None, None) => {
                self.problems.push(Diagnostic::error(at.clone(), format!("{device} does not exist, so it has no id")));
                (kind, 0)
            }
        }
    }

    fn policy(&mut self, destination: &Destination, at: &FieldPath) -> Policy {
        match destination {
            Destination::Release => {
                Policy { transfer_type: Code::Text("Release".into()), device_type: None, value: None }
            }
            Destination::Transfer(device) => {
                let (kind, id) = self.device(device, at);
                Policy {
                    transfer_type: Code::Text("Transfer".into()),
                    device_type: Some(Code::Text(kind.to_string())),
                    value: Some(Code::Text(id.to_string())),
                }
            }
        }
    }
}
