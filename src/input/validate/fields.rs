//! The platform's ranges and naming rules, checked one entity at a time, and the parameters of
//! every distribution (including the contents of empirical CSV files).

use std::collections::HashSet;
use std::path::Path;

use crate::input::diagnostic::{Diagnostic, Location, Severity};
use crate::input::scenario::path::FieldPath;
use crate::input::scenario::{
    AgentGroup, AgentType, Device, Distribution, Duration, EmpiricalError, MediaType, MultimediaSubtype, Role,
    Scenario, TransferKind, read_empirical,
};

use super::{group_path, ivr_path, queue_path, route_path, traffic_path};

/// The platform's default limit on skill queues per tenant.
pub(super) const MAX_SKILL_QUEUES: usize = 1000;

pub(super) fn check(scenario: &Scenario, directory: &Path, out: &mut Vec<Diagnostic>) {
    simulation(scenario, out);
    lines(scenario, out);
    let root = FieldPath::default();
    if scenario.skill_queues.is_empty() {
        out.push(Diagnostic::error(root.clone(), "the scenario defines no skill queue: add a [[skill_queue]] table"));
    }
    if scenario.traffic.is_empty() {
        out.push(Diagnostic::warning(root, "the scenario has no [[traffic]]: no call will arrive"));
    }
    for (i, queue) in scenario.skill_queues.iter().enumerate() {
        let path = queue_path(i);
        if i == MAX_SKILL_QUEUES {
            out.push(Diagnostic::error(
                path.clone(),
                format!("more than {MAX_SKILL_QUEUES} skill queues: the platform allows at most {MAX_SKILL_QUEUES} per tenant ({} defined)", scenario.skill_queues.len()),
            ));
        }
        name("skill queue", &queue.name, &path, out);
        max_chars("description", &queue.description, 50, &path.key("description"), out);
        match (queue.media, queue.subtype) {
            (MediaType::Multimedia, None) => out.push(Diagnostic::error(
                path.key("type"),
                format!("multimedia skill queue \"{}\" needs a subtype: wechat, email, whatsapp or web", queue.name),
            )),
            (media, Some(_)) if media != MediaType::Multimedia => out.push(Diagnostic::error(
                path.key("subtype"),
                format!("only multimedia skill queues have a subtype; \"{}\" is {media}", queue.name),
            )),
            _ => {}
        }
        seconds_in("max_wait", queue.max_wait, 1.0, 60_000.0, &path, out);
        match queue.max_calls {
            0 => out.push(Diagnostic::warning(
                path.key("max_calls"),
                "max_calls = 0 makes a pure-loss queue (no caller ever waits): a simulation-only extension, the platform requires 1..10000",
            )),
            n if !(1..=10_000).contains(&n) => out.push(Diagnostic::error(
                path.key("max_calls"),
                format!("max_calls must be between 1 and 10000 (got {n})"),
            )),
            _ => {}
        }
        seconds_in("wrap_up", queue.wrap_up, 0.0, 3_600.0, &path, out);
        seconds_in("service_level", queue.service_level, 0.0, 60_000.0, &path, out);
        seconds_in("no_answer", queue.no_answer, 0.0, 3_600.0, &path, out);
        for (j, tier) in queue.tiers.iter().enumerate() {
            seconds_in("after", tier.after, 0.0, 86_400.0, &path.key("tiers").index(j), out);
        }
        if !(0..=100).contains(&queue.priority) {
            out.push(Diagnostic::error(
                path.key("priority"),
                format!("a queue's priority must be between 0 and 100 (got {})", queue.priority),
            ));
        }
        seconds_in("no_answer_busy", queue.no_answer_busy, 0.0, 86_400.0, &path, out);
        if let Some(talk) = &queue.talk_time {
            distribution(talk, &path.key("talk_time"), directory, out);
        }
        for (key, wrap_up) in
            [("wrap_up_time", &queue.wrap_up_time), ("wrap_up_after_transfer", &queue.wrap_up_after_transfer)]
        {
            if let Some(wrap_up) = wrap_up {
                distribution(wrap_up, &path.key(key), directory, out);
            }
        }
        if let Some(patience) = &queue.patience {
            distribution(patience, &path.key("patience"), directory, out);
        }
        if let Some(retrial) = &queue.retrial {
            retrial_fields(retrial, &path.key("retrial"), directory, out);
        }
        if let Some(callback) = &queue.callback {
            let path = path.key("callback");
            probability(callback.accept, &path.key("accept"), out);
            probability(callback.reach, &path.key("reach"), out);
            distribution(&callback.dial, &path.key("dial"), directory, out);
            seconds_in("within", callback.within, 1.0, 86_400.0, &path, out);
            if callback.at.is_empty() {
                out.push(Diagnostic::error(
                    path.key("at"),
                    "name the policies a callback is offered at: timeout, busy",
                ));
            }
        }
        if let Some(after) = &queue.after_talk {
            probability(after.probability, &path.key("after_talk").key("probability"), out);
            stays_on_the_line(queue, after, &path.key("after_talk"), directory, out);
        }
    }
    for (i, ivr) in scenario.ivrs.iter().enumerate() {
        let path = ivr_path(i);
        name("IVR", &ivr.name, &path, out);
        distribution(&ivr.duration, &path.key("duration"), directory, out);
        let mut sum = 0.0;
        for (j, exit) in ivr.exits.iter().enumerate() {
            probability(exit.probability, &path.key("exit").index(j).key("probability"), out);
            sum += exit.probability;
        }
        if ivr.exits.is_empty() {
            out.push(Diagnostic::error(
                path.clone(),
                format!("IVR \"{}\" has no exit: add [[ivr.exit]] entries whose probabilities sum to 1", ivr.name),
            ));
        } else if sum.is_finite() && (sum - 1.0).abs() > 1e-9 {
            out.push(Diagnostic::error(
                path.key("exit"),
                format!("the exit probabilities of IVR \"{}\" sum to {}, not 1", ivr.name, round(sum)),
            ));
        }
    }
    for (i, route) in scenario.called_routes.iter().enumerate() {
        let path = route_path(i);
        code("access_code", &route.access_code, 32, true, &path, out);
        code("extension", &route.extension, 12, false, &path, out);
    }
    let mut agent_ids = HashSet::new();
    for (i, group) in scenario.agent_groups.iter().enumerate() {
        let path = group_path(i);
        name("agent group", &group.name, &path, out);
        match (&group.count, &group.ids) {
            (Some(_), Some(_)) => out.push(Diagnostic::error(path.key("ids"), "give either count or ids, not both")),
            (None, None) => out.push(Diagnostic::error(
                path.clone(),
                format!("agent group \"{}\" needs count = N or ids = [...]", group.name),
            )),
            (Some(n), None) if !(0..=1_000_000).contains(n) => {
                out.push(Diagnostic::error(
                    path.key("count"),
                    format!("count must be between 0 and 1000000 (got {n})"),
                ));
            }
            (None, Some(ids)) => {
                for (j, id) in ids.iter().enumerate() {
                    if id.trim().is_empty() {
                        out.push(Diagnostic::error(path.key("ids").index(j), "an agent ID cannot be empty"));
                    } else if !agent_ids.insert(id.as_str()) {
                        out.push(Diagnostic::error(
                            path.key("ids").index(j),
                            format!("agent ID \"{id}\" is used twice"),
                        ));
                    }
                }
            }
            _ => {}
        }
        if group.skills.is_empty() {
            out.push(Diagnostic::error(
                path.key("skills"),
                format!("agent group \"{}\" has no skill queue; the platform requires at least one", group.name),
            ));
        }
        let mut seen = HashSet::new();
        for (j, skill) in group.skills.iter().enumerate() {
            if !seen.insert(skill.queue.as_str()) {
                out.push(Diagnostic::error(
                    path.key("skills").index(j),
                    format!("skill queue \"{}\" is listed twice", skill.queue),
                ));
            }
            if skill.weight < 1 {
                out.push(Diagnostic::error(
                    path.key("skills").index(j).key("weight"),
                    format!("a skill weight must be at least 1 (got {})", skill.weight),
                ));
            }
            if let Some(factor) = skill.talk_factor {
                talk_factor(factor, &path.key("skills").index(j).key("talk_factor"), out);
            }
        }
        talk_factor(group.talk_factor, &path.key("talk_factor"), out);
        sessions(group, &path, out);
        if group.agent_weight < 1 {
            out.push(Diagnostic::error(
                path.key("agent_weight"),
                format!("agent_weight must be at least 1 (got {})", group.agent_weight),
            ));
        }
        if let Some(ring) = &group.ring_time {
            distribution(ring, &path.key("ring_time"), directory, out);
        }
        for (j, rest) in group.breaks.iter().enumerate() {
            let at = path.key("breaks").index(j);
            if rest.duration.secs() <= 0.0 || rest.duration.secs() > 86_400.0 {
                out.push(Diagnostic::error(
                    at.key("duration"),
                    format!("a break lasts more than 0 and at most 24 h (got {})", rest.duration),
                ));
            }
            if rest.spread.secs() > 86_400.0 {
                out.push(Diagnostic::error(
                    at.key("spread"),
                    format!("a break's spread is at most 24 h (got {})", rest.spread),
                ));
            }
        }
        if let Some(shrinkage) = &group.shrinkage {
            let at = path.key("shrinkage");
            if !(0.0..0.95).contains(&shrinkage.share) {
                out.push(Diagnostic::error(
                    at.key("share"),
                    format!("the shrinkage share must be at least 0 and below 0.95 (got {})", shrinkage.share),
                ));
            }
            if shrinkage.mean.secs() <= 0.0 {
                out.push(Diagnostic::error(at.key("mean"), "busy spells must last longer than 0 on average"));
            }
        }
        if group.reject_probability != 0.0 {
            if group.role != Role::Callout {
                out.push(Diagnostic::error(
                    path.key("reject_probability"),
                    "only callout agents can reject inbound calls; set role = \"callout\" or leave reject_probability out",
                ));
            } else if !(0.0..1.0).contains(&group.reject_probability) {
                out.push(Diagnostic::error(
                    path.key("reject_probability"),
                    format!("reject_probability must be at least 0 and below 1 (got {})", group.reject_probability),
                ));
            }
        }
        for (j, shift) in group.shifts.iter().enumerate() {
            if shift.minutes() == 0 {
                out.push(Diagnostic::error(
                    path.key("shifts").index(j),
                    format!(
                        "shift {}–{} has no length; for agents on duty all day, leave shifts out",
                        shift.start, shift.end
                    ),
                ));
            }
        }
    }
    for (i, traffic) in scenario.traffic.iter().enumerate() {
        let path = traffic_path(i);
        if traffic.dialed.trim().is_empty() {
            out.push(Diagnostic::error(path.key("dialed"), "the dialed number cannot be empty"));
        }
        match (&traffic.rate, &traffic.profile) {
            (Some(_), Some(_)) => {
                out.push(Diagnostic::error(path.key("profile"), "give either rate or profile, not both"))
            }
            (None, None) if scenario.simulation.records.is_some() => {} // the records give the arrivals
            (None, None) => out.push(Diagnostic::error(
                path.clone(),
                format!("traffic to {} needs rate = \"N/h\" or a profile", traffic.dialed),
            )),
            (None, Some(profile)) => {
                let step = profile.interval.secs();
                if step < 60.0 || step.fract() != 0.0 || step % 60.0 != 0.0 || 86_400.0 % step != 0.0 {
                    out.push(Diagnostic::error(
                        path.key("profile").key("interval"),
                        format!("a profile interval must be a whole number of minutes that divides 24 h, e.g. \"15m\", \"30m\" or \"1h\" (got {})", profile.interval),
                    ));
                } else {
                    let needed = (86_400.0 / step) as usize;
                    if profile.rates.len() != needed {
                        out.push(Diagnostic::error(
                            path.key("profile").key("rates"),
                            format!(
                                "a profile with a {} interval needs {needed} rates to cover 24 h (found {})",
                                profile.interval,
                                profile.rates.len()
                            ),
                        ));
                    }
                }
            }
            (Some(_), None) => {}
        }
        if let Some(talk) = &traffic.talk_time {
            distribution(talk, &path.key("talk_time"), directory, out);
        }
        if let Some(patience) = &traffic.patience {
            distribution(patience, &path.key("patience"), directory, out);
        }
        if !(0..=14).contains(&traffic.priority) {
            out.push(Diagnostic::error(
                path.key("priority"),
                format!("priority (the platform's User Level) must be between 0 and 14 (got {})", traffic.priority),
            ));
        }
        if let Some(retrial) = &traffic.retrial {
            retrial_fields(retrial, &path.key("retrial"), directory, out);
        }
    }
}

/// The most retrials one caller may make: a guard against a probability near 1 with no end.
const MAX_RETRIALS: i64 = 100;

fn retrial_fields(
    retrial: &crate::input::scenario::Retrial,
    path: &FieldPath,
    directory: &Path,
    out: &mut Vec<Diagnostic>,
) {
    probability(retrial.probability, &path.key("probability"), out);
    distribution(&retrial.delay, &path.key("delay"), directory, out);
    if !(0..=MAX_RETRIALS).contains(&retrial.attempts) {
        out.push(Diagnostic::error(
            path.key("attempts"),
            format!("retrial attempts must be between 0 and {MAX_RETRIALS} (got {})", retrial.attempts),
        ));
    }
    if retrial.after.is_empty() {
        out.push(Diagnostic::error(path.key("after"), "name at least one outcome a caller calls again after"));
    }
}

/// The most lines one limit may give: more than any center has, and a bound on the counters.
const MAX_LINES: i64 = 1_000_000;

/// `[lines]`: each limit between 1 and [`MAX_LINES`], each access code one that a called route
/// has.
fn lines(scenario: &Scenario, out: &mut Vec<Diagnostic>) {
    let Some(lines) = &scenario.lines else { return };
    let path = FieldPath::default().key("lines");
    let mut limit = |count: i64, at: FieldPath| {
        if !(1..=MAX_LINES).contains(&count) {
            out.push(Diagnostic::error(at, format!("lines must be between 1 and {MAX_LINES} (got {count})")));
        }
    };
    if let Some(tenant) = lines.tenant {
        limit(tenant, path.key("tenant"));
    }
    for (code, &count) in &lines.access_codes {
        limit(count, path.key("access_codes").key(code));
    }
    for code in lines.access_codes.keys() {
        if !scenario.called_routes.iter().any(|r| &r.access_code == code) {
            out.push(Diagnostic::error(
                path.key("access_codes").key(code),
                format!("no called route has access code \"{code}\""),
            ));
        }
    }
}

fn simulation(scenario: &Scenario, out: &mut Vec<Diagnostic>) {
    let sim = &scenario.simulation;
    let path = FieldPath::default().key("simulation");
    if sim.horizon.secs() <= 0.0 {
        out.push(Diagnostic::error(path.key("horizon"), "the horizon must be longer than 0"));
    }
    if sim.warmup >= sim.horizon && sim.horizon.secs() > 0.0 {
        out.push(Diagnostic::error(
            path.key("warmup"),
            format!(
                "the warm-up ({}) must end before the horizon ({}), or nothing is counted",
                sim.warmup, sim.horizon
            ),
        ));
    }
    if !(1..=100_000).contains(&sim.replications) {
        out.push(Diagnostic::error(
            path.key("replications"),
            format!("replications must be between 1 and 100000 (got {})", sim.replications),
        ));
    }
    if !(0..=100).contains(&sim.transfer_limit) {
        out.push(Diagnostic::error(
            path.key("transfer_limit"),
            format!("transfer_limit must be between 0 and 100 (got {})", sim.transfer_limit),
        ));
    }
    if ![900.0, 1_800.0, 3_600.0].contains(&sim.interval.secs()) {
        out.push(Diagnostic::error(
            path.key("interval"),
            format!("the report interval must be 15m, 30m or 60m, as on the platform (got {})", sim.interval),
        ));
    }
    if let Some(busyness) = &sim.busyness {
        let path = path.key("busyness");
        match (busyness.cv, &busyness.factors) {
            (Some(cv), None) if !(0.0..=2.0).contains(&cv) => {
                out.push(Diagnostic::error(path.key("cv"), format!("busyness cv must be between 0 and 2 (got {cv})")))
            }
            (None, Some(factors)) if factors.is_empty() || factors.len() > MAX_DAILY_FACTORS => {
                out.push(Diagnostic::error(
                    path.key("factors"),
                    format!("give between 1 and {MAX_DAILY_FACTORS} daily factors (got {})", factors.len()),
                ))
            }
            (None, Some(factors)) => {
                for (j, &factor) in factors.iter().enumerate() {
                    if !(factor.is_finite() && (0.0..=100.0).contains(&factor)) {
                        out.push(Diagnostic::error(
                            path.key("factors").index(j),
                            format!("a daily factor must be between 0 and 100 (got {factor})"),
                        ));
                    }
                }
            }
            (Some(_), None) => {}
            _ => out.push(Diagnostic::error(
                path,
                "give busyness either a cv (gamma with mean 1) or a list of daily factors, not both",
            )),
        }
    }
}

/// The most daily factors `busyness.factors` may list (a decade of days).
const MAX_DAILY_FACTORS: usize = 3_653;

/// Names: non-empty, at most 20 characters, no whitespace (the platform's rule for skill queues,
/// applied to every name a scenario refers to so that `queue:NAME` stays unambiguous).
fn name(what: &str, name: &str, entry: &FieldPath, out: &mut Vec<Diagnostic>) {
    let path = entry.key("name");
    if name.is_empty() {
        out.push(Diagnostic::error(path, format!("a {what} name cannot be empty")));
    } else if name.chars().any(char::is_whitespace) {
        out.push(Diagnostic::error(
            path,
            format!("{what} name \"{name}\" contains a space; the platform forbids spaces in names"),
        ));
    } else if name.chars().count() > 20 {
        out.push(Diagnostic::error(
            path,
            format!("{what} name \"{name}\" has {} characters; the platform allows at most 20", name.chars().count()),
        ));
    }
}

fn max_chars(key: &str, text: &str, max: usize, path: &FieldPath, out: &mut Vec<Diagnostic>) {
    let n = text.chars().count();
    if n > max {
        out.push(Diagnostic::error(
            path.clone(),
            format!("{key} has {n} characters; the platform allows at most {max}"),
        ));
    }
}

/// Access and extension codes: no whitespace, bounded length, the access code mandatory.
fn code(key: &str, code: &str, max: usize, mandatory: bool, entry: &FieldPath, out: &mut Vec<Diagnostic>) {
    let path = entry.key(key);
    if mandatory && code.is_empty() {
        out.push(Diagnostic::error(path, format!("{key} cannot be empty")));
    } else if code.chars().any(char::is_whitespace) {
        out.push(Diagnostic::error(path, format!("{key} \"{code}\" contains a space")));
    } else {
        max_chars(key, code, max, &path, out);
    }
}

fn seconds_in(key: &str, value: Duration, min: f64, max: f64, entry: &FieldPath, out: &mut Vec<Diagnostic>) {
    if !(min..=max).contains(&value.secs()) {
        out.push(Diagnostic::error(entry.key(key), format!("{key} must be between {min} s and {max} s (got {value})")));
    }
}

/// The call records' rows (their order is checked when the run reads them, which may sort them).
pub(super) fn records(scenario: &Scenario, directory: &Path, out: &mut Vec<Diagnostic>) {
    let Some(file) = &scenario.simulation.records else { return };
    let dialed: Vec<&str> = scenario.traffic.iter().map(|t| t.dialed.as_str()).collect();
    let horizon = crate::sim::time::SimTime::from_secs(scenario.simulation.horizon.secs());
    let expect = crate::input::records::Expect { dialed: &dialed, horizon, sort: true };
    let Err(errors) = crate::input::records::read(&directory.join(file), expect) else { return };
    for e in errors {
        let message = match e.field {
            Some(field) => format!("field `{field}`: {}", e.message),
            None => e.message,
        };
        out.push(if e.line > 0 {
            let file = e.path.display().to_string();
            Diagnostic {
                severity: Severity::Error,
                location: Location::External { file, line: e.line, column: 1 },
                message,
            }
        } else {
            // The path may come from --records, not from the scenario: name it.
            let message = format!("{}: {message}", e.path.display());
            Diagnostic::error(FieldPath::default().key("simulation").key("records"), message)
        });
    }
}

fn probability(p: f64, path: &FieldPath, out: &mut Vec<Diagnostic>) {
    if !(0.0..=1.0).contains(&p) {
        out.push(Diagnostic::error(path.clone(), format!("a probability must be between 0 and 1 (got {p})")));
    }
}

fn distribution(dist: &Distribution, path: &FieldPath, directory: &Path, out: &mut Vec<Diagnostic>) {
    for problem in dist.parameter_problems() {
        out.push(Diagnostic::error(path.key(problem.key), problem.message));
    }
    if let Distribution::Empirical { values: None, file: Some(file) } = dist
        && let Err(diagnostic) = read_empirical(&directory.join(file))
    {
        out.push(match diagnostic {
            EmpiricalError::Unreadable(message) => Diagnostic::error(path.key("file"), message),
            EmpiricalError::Row { file, line, message } => Diagnostic {
                severity: Severity::Error,
                location: Location::External { file, line, column: 1 },
                message,
            },
        });
    }
}

/// Drops floating-point noise from a sum for display (0.30000000000000004 → 0.3).
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// The largest talk-time factor: a hundredfold slowdown is a typo, not a trainee.
const MAX_TALK_FACTOR: f64 = 100.0;

/// Rule 32: a consultative transfer needs its `conference_time`, and only it has one; an agent
/// stays on the line only for a transfer to a skill queue, and not from a multimedia queue (a
/// chat is handed over, not conferenced).
fn stays_on_the_line(
    queue: &crate::input::scenario::SkillQueue,
    after: &crate::input::scenario::AfterTalk,
    path: &FieldPath,
    directory: &Path,
    out: &mut Vec<Diagnostic>,
) {
    match (after.transfer, &after.conference_time) {
        (TransferKind::Consult, None) => out.push(Diagnostic::error(
            path.key("transfer"),
            "a consultative transfer needs a conference_time: how long both agents talk once the second answers",
        )),
        (TransferKind::Consult, Some(time)) => distribution(time, &path.key("conference_time"), directory, out),
        (kind, Some(_)) => out.push(Diagnostic::error(
            path.key("conference_time"),
            format!(
                "only a consultative transfer (transfer = \"consult\") has a conference_time; this one is {}",
                kind.name()
            ),
        )),
        (_, None) => {}
    }
    if after.transfer == TransferKind::Blind {
        return;
    }
    if !matches!(after.to, Device::Queue(_)) {
        out.push(Diagnostic::error(
            path.key("to"),
            format!(
                "a {} transfer goes to a skill queue, where an agent answers; an IVR has none",
                after.transfer.name()
            ),
        ));
    }
    if queue.media == MediaType::Multimedia {
        out.push(Diagnostic::error(
            path.key("transfer"),
            format!("multimedia skill queue \"{}\" hands its sessions over: its transfers are blind", queue.name),
        ));
    }
}

/// The most sessions an agent may hold at once, of one subtype: beyond any chat desk's practice,
/// and it keeps a group's capacity (the least common multiple of its subtypes' sessions) small.
const MAX_SESSIONS: i64 = 20;

/// The most a session's talk time is stretched per other session in progress.
const MAX_SESSION_SLOWDOWN: f64 = 10.0;

/// Rule 31 (concurrent sessions): 1..=[`MAX_SESSIONS`] per subtype, only for groups that may
/// serve multimedia queues, and not with what concurrent sessions do not model (rings and
/// rejections); a slowdown from 0 to [`MAX_SESSION_SLOWDOWN`].
fn sessions(group: &AgentGroup, path: &FieldPath, out: &mut Vec<Diagnostic>) {
    let at = path.key("sessions");
    for subtype in MultimediaSubtype::ALL {
        let k = group.sessions.of(subtype);
        if !(1..=MAX_SESSIONS).contains(&k) {
            out.push(Diagnostic::error(
                at.clone(),
                format!("sessions of {} must be from 1 to {MAX_SESSIONS} (got {k})", subtype.name()),
            ));
        }
    }
    let slowdown = group.session_slowdown;
    if !(0.0..=MAX_SESSION_SLOWDOWN).contains(&slowdown) {
        out.push(Diagnostic::error(
            path.key("session_slowdown"),
            format!("session_slowdown must be from 0 to {MAX_SESSION_SLOWDOWN} (got {slowdown})"),
        ));
    }
    if !group.sessions.concurrent() {
        if slowdown > 0.0 {
            out.push(Diagnostic::warning(
                path.key("session_slowdown"),
                format!(
                    "agent group \"{}\" takes one session at a time: its session_slowdown has no effect",
                    group.name
                ),
            ));
        }
        return;
    }
    if matches!(group.agent_type, AgentType::Voice | AgentType::Video) {
        out.push(Diagnostic::error(
            at.clone(),
            format!(
                "agent group \"{}\" is of type {}, whose agents take one call at a time: sessions apply to multimedia and versatile groups",
                group.name, group.agent_type
            ),
        ));
    }
    if group.ring_time.is_some() {
        out.push(Diagnostic::error(
            path.key("ring_time"),
            format!(
                "agent group \"{}\" has concurrent sessions: its sessions are answered at once, without a ring time",
                group.name
            ),
        ));
    }
    if group.reject_probability > 0.0 {
        out.push(Diagnostic::error(
            path.key("reject_probability"),
            format!("agent group \"{}\" has concurrent sessions: its agents do not reject sessions", group.name),
        ));
    }
}

/// A talk-time factor multiplies a drawn talk time: it must be above 0 and at most
/// [`MAX_TALK_FACTOR`].
fn talk_factor(factor: f64, path: &FieldPath, out: &mut Vec<Diagnostic>) {
    if !(factor > 0.0 && factor <= MAX_TALK_FACTOR) {
        out.push(Diagnostic::error(
            path.clone(),
            format!("a talk factor must be greater than 0 and at most {MAX_TALK_FACTOR} (got {factor})"),
        ));
    }
}
