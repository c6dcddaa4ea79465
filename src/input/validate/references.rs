//! Names that must be unique, references that must resolve, and the platform's media-type rules
//! between what refers and what is referred to.

use std::collections::HashMap;

use crate::input::diagnostic::Diagnostic;
use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{AgentType, Destination, Device, MediaType, Scenario, SkillQueue, TransferKind};

use super::{Names, group_path, ivr_path, queue_path, route_path};

pub(super) fn check(scenario: &Scenario, names: &Names<'_>, out: &mut Vec<Diagnostic>) {
    duplicates("skill queue", scenario.skill_queues.iter().map(|q| q.name.as_str()), queue_path, out);
    duplicates("IVR", scenario.ivrs.iter().map(|i| i.name.as_str()), ivr_path, out);
    duplicates("agent group", scenario.agent_groups.iter().map(|g| g.name.as_str()), group_path, out);

    for (i, route) in scenario.called_routes.iter().enumerate() {
        let path = route_path(i).key("device");
        if !resolves(&route.device, names, &path, out) {
            continue;
        }
        match &route.device {
            Device::Queue(name) => {
                let queue = &scenario.skill_queues[names.queues[name.as_str()]];
                if !route.media.route_accepts(queue.media) {
                    out.push(Diagnostic::error(
                        path,
                        format!(
                            "a {} access code cannot deliver to {} skill queue \"{name}\" ({})",
                            route.media,
                            queue.media,
                            accepted_by(route.media)
                        ),
                    ));
                }
            }
            Device::Ivr(name) if !route.media.may_enter_ivr() => {
                out.push(Diagnostic::error(path, format!("a multimedia called route cannot deliver to IVR \"{name}\"; multimedia routes reach skill queues only")));
            }
            Device::Ivr(_) => {}
        }
    }

    for (i, queue) in scenario.skill_queues.iter().enumerate() {
        let path = queue_path(i);
        for (key, destination) in [("timeout", &queue.timeout), ("busy", &queue.busy), ("no_agents", &queue.no_agents)]
        {
            if let Destination::Transfer(device) = destination {
                transfer(scenario, names, queue, device, &path.key(key), out);
            }
        }
        if let Some(after) = &queue.after_talk {
            transfer(scenario, names, queue, &after.to, &path.key("after_talk").key("to"), out);
        }
        tiers(scenario, queue, &path, out);
    }

    for (i, ivr) in scenario.ivrs.iter().enumerate() {
        for (j, exit) in ivr.exits.iter().enumerate() {
            if let Some(device) = exit.to.device() {
                resolves(device, names, &ivr_path(i).key("exit").index(j).key("to"), out);
            }
        }
    }

    for (i, group) in scenario.agent_groups.iter().enumerate() {
        let path = group_path(i).key("skills");
        let mut media: Vec<(MediaType, &str)> = Vec::new();
        for (j, skill) in group.skills.iter().enumerate() {
            let Some(&q) = names.queues.get(skill.queue.as_str()) else {
                out.push(Diagnostic::error(
                    path.index(j),
                    format!(
                        "skill queue \"{}\" does not exist{}",
                        skill.queue,
                        suggestion(&skill.queue, names.queues.keys())
                    ),
                ));
                continue;
            };
            let queue = &scenario.skill_queues[q];
            if !agent_type_serves(group.agent_type, queue.media) {
                out.push(Diagnostic::error(
                    path.index(j),
                    format!("a {} agent cannot serve {} skill queue \"{}\"", group.agent_type, queue.media, queue.name),
                ));
            }
            if group.sessions.concurrent() && queue.media == MediaType::Multimedia && queue.callback.is_some() {
                out.push(Diagnostic::error(
                    path.index(j),
                    format!(
                        "agent group \"{}\" has concurrent sessions, and skill queue \"{}\" offers callbacks: an agent calls a caller back one at a time",
                        group.name, queue.name
                    ),
                ));
            }
            if group.sessions.concurrent()
                && let Some(after) = queue.after_talk.as_ref().filter(|a| a.transfer != TransferKind::Blind)
            {
                out.push(Diagnostic::error(
                    path.index(j),
                    format!(
                        "agent group \"{}\" has concurrent sessions, and skill queue \"{}\" transfers by {}: an agent stays on the line of one call at a time",
                        group.name,
                        queue.name,
                        after.transfer.name()
                    ),
                ));
            }
            media.push((queue.media, &queue.name));
        }
        if group.agent_type != AgentType::Versatile
            && let Some(&(first, first_name)) = media.first()
            && let Some(&(other, other_name)) = media.iter().find(|(m, _)| *m != first)
        {
            out.push(Diagnostic::error(
                path,
                format!(
                    "agent group \"{}\" mixes media types ({first} \"{first_name}\", {other} \"{other_name}\"); only versatile agents may hold skill queues of several types",
                    group.name
                ),
            ));
        }
    }
}

/// Reports every name defined again after its first definition.
fn duplicates<'s>(
    what: &str,
    names: impl Iterator<Item = &'s str>,
    entry: fn(usize) -> FieldPath,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.enumerate() {
        if let Some(&j) = first.get(name) {
            out.push(Diagnostic::error(
                entry(i).key("name"),
                format!("{what} \"{name}\" is already defined (as {})", entry(j)),
            ));
        } else {
            first.insert(name, i);
        }
    }
}

/// Reports a device that does not exist; true when it exists.
fn resolves(device: &Device, names: &Names<'_>, path: &FieldPath, out: &mut Vec<Diagnostic>) -> bool {
    if names.node(device).is_some() {
        return true;
    }
    let message = match device {
        Device::Queue(name) => {
            format!("skill queue \"{name}\" does not exist{}", suggestion(name, names.queues.keys()))
        }
        Device::Ivr(name) => format!("IVR \"{name}\" does not exist{}", suggestion(name, names.ivrs.keys())),
    };
    out.push(Diagnostic::error(path.clone(), message));
    false
}

/// A transfer out of `from`: the target exists, a target queue has the same media type, and
/// only non-multimedia calls go to an IVR.
fn transfer(
    scenario: &Scenario,
    names: &Names<'_>,
    from: &SkillQueue,
    to: &Device,
    path: &FieldPath,
    out: &mut Vec<Diagnostic>,
) {
    if !resolves(to, names, path, out) {
        return;
    }
    match to {
        Device::Queue(name) => {
            let target = &scenario.skill_queues[names.queues[name.as_str()]];
            if target.media != from.media {
                out.push(Diagnostic::error(
                    path.clone(),
                    format!("{} skill queue \"{}\" cannot transfer to {} skill queue \"{name}\"; a transfer target must have the same type", from.media, from.name, target.media),
                ));
            }
        }
        Device::Ivr(name) if !from.media.may_enter_ivr() => {
            out.push(Diagnostic::error(
                path.clone(),
                format!("multimedia skill queue \"{}\" cannot transfer to IVR \"{name}\"; multimedia calls can only be transferred to a skill queue", from.name),
            ));
        }
        Device::Ivr(_) => {}
    }
}

/// A queue's tiers name agent groups that exist and hold its skill, each once, and every group
/// that holds the skill (the range of each `after` is checked with the other ranges, in fields).
fn tiers(scenario: &Scenario, queue: &SkillQueue, path: &FieldPath, out: &mut Vec<Diagnostic>) {
    if queue.tiers.is_empty() {
        return;
    }
    // Quality checkers take no customer calls: they are in no tier.
    let holds = |group: &crate::input::scenario::AgentGroup| {
        group.role != crate::input::scenario::Role::QualityChecker && group.skills.iter().any(|s| s.queue == queue.name)
    };
    let mut listed = HashMap::new();
    for (j, tier) in queue.tiers.iter().enumerate() {
        let at = path.key("tiers").index(j);
        if tier.groups.is_empty() {
            out.push(Diagnostic::error(at.key("groups"), "a tier names at least one agent group"));
        }
        for (k, name) in tier.groups.iter().enumerate() {
            let at = at.key("groups").index(k);
            match scenario.agent_groups.iter().find(|g| &g.name == name) {
                None => {
                    let names: Vec<&str> = scenario.agent_groups.iter().map(|g| g.name.as_str()).collect();
                    out.push(Diagnostic::error(
                        at,
                        format!("agent group \"{name}\" does not exist{}", suggestion(name, names.iter())),
                    ));
                }
                Some(group) if !holds(group) => out.push(Diagnostic::error(
                    at,
                    format!(
                        "agent group \"{name}\" takes no calls of queue \"{}\" (no skill for it, or quality checkers)",
                        queue.name
                    ),
                )),
                Some(_) => {
                    if listed.insert(name.as_str(), j).is_some() {
                        out.push(Diagnostic::error(at, format!("agent group \"{name}\" is in two tiers")));
                    }
                }
            }
        }
    }
    for group in scenario.agent_groups.iter().filter(|g| holds(g) && !listed.contains_key(g.name.as_str())) {
        out.push(Diagnostic::error(
            path.key("tiers"),
            format!(
                "agent group \"{}\" holds the skill of queue \"{}\" but is in none of its tiers",
                group.name, queue.name
            ),
        ));
    }
}

/// " (did you mean \"X\"?)" for the closest defined name, if one is close.
fn suggestion<'a>(written: &str, defined: impl Iterator<Item = &'a &'a str>) -> String {
    defined
        .map(|name| (strsim::jaro_winkler(&written.to_lowercase(), &name.to_lowercase()), *name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map_or_else(String::new, |(_, name)| format!("; did you mean \"{name}\"?"))
}

/// Which queue types each agent type may hold. Click-to-dial queues are not tied to one agent
/// type by the platform's documentation, so any agent may hold them.
fn agent_type_serves(agent: AgentType, queue: MediaType) -> bool {
    use MediaType::*;
    match agent {
        AgentType::Versatile => true,
        AgentType::Voice => matches!(queue, Voice | VoiceClickToDial | VideoClickToDial),
        AgentType::Video => matches!(queue, Video | VoiceClickToDial | VideoClickToDial),
        AgentType::Multimedia => matches!(queue, Multimedia | VoiceClickToDial | VideoClickToDial),
    }
}

fn accepted_by(route: MediaType) -> &'static str {
    match route {
        MediaType::Voice => "voice access codes reach voice or video queues",
        MediaType::Video => "video access codes reach video queues",
        MediaType::Multimedia => "multimedia access codes reach multimedia queues",
        MediaType::VoiceClickToDial => "voice click-to-dial access codes reach voice or video click-to-dial queues",
        MediaType::VideoClickToDial => "video click-to-dial access codes reach video click-to-dial queues",
    }
}
