//! The compiled model: a validated scenario turned into dense, index-based tables the engine runs
//! on — queues, IVRs, agents and traffic by number, a routing table from dialed number to device,
//! and a sampler for every distribution.
//!
//! Compiling is the boundary between the planner's world (names, units, defaults) and the
//! engine's (indices, microseconds). Quality checkers are left out: they take no customer calls.

mod arrivals;
mod sampler;
pub mod streams;
mod warm_start;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::input::scenario::{
    self, AgentChoice, Closing, Device, MultimediaSubtype, NextCall, PatienceOnTransfer, Ratios, Role, Scenario,
    ServiceLevelOf,
};
use crate::sim::id::{AgentId, GroupId, IvrId, QueueId, Table, TrafficId};
use crate::sim::time::{SimDuration, SimTime};

pub use arrivals::ArrivalRate;
pub use sampler::{RESIDUAL_DRAWS, Sampler, SamplerError};
pub use warm_start::{AgentStart, Waiter, WarmStart};

/// A skill queue or an IVR, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "index", rename_all = "lowercase")]
pub enum DeviceId {
    Queue(QueueId),
    Ivr(IvrId),
}

/// Where a policy or an IVR exit sends a call: the compiled [`scenario::Destination`] (its
/// device by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Destination {
    Release,
    Transfer(DeviceId),
}

/// A skill queue, compiled.
#[derive(Debug, Clone)]
pub struct QueueModel {
    pub name: String,
    /// Max. Waiting Time.
    pub max_wait: SimDuration,
    /// Max. Calls in Queue (callers waiting).
    pub max_calls: u32,
    /// Wrap-up after each call.
    pub wrap_up: SimDuration,
    /// Wrap-up drawn per call instead of the fixed `wrap_up`.
    pub wrap_up_time: Option<Sampler>,
    /// Wrap-up drawn after a call the agent transferred, instead of the others.
    pub wrap_up_after_transfer: Option<Sampler>,
    pub on_timeout: Destination,
    pub on_busy: Destination,
    pub on_no_agents: Destination,
    /// Service-level threshold.
    pub service_level: SimDuration,
    /// The queue's own talk time, overriding the traffic's.
    pub talk: Option<Sampler>,
    /// The queue's own patience, overriding the traffic's at a call's first queue.
    pub patience: Option<Sampler>,
    /// Agent-initiated transfer after talk: probability and target.
    pub after_talk: Option<(f64, DeviceId)>,
    /// Whether the transferring agent stays on the line (rule 32); `None`: a blind transfer.
    pub stays_on_line: Option<StaysOnLine>,
    /// No-answer time (zero: a call rings until answered).
    pub no_answer: SimDuration,
    /// Forced busy time after a no-answer or a rejection.
    pub no_answer_busy: SimDuration,
    /// What becomes of the waiting callers when the last agent signs out.
    pub closing: Closing,
    /// The denominator of its service level.
    pub service_level_of: ServiceLevelOf,
    /// Which of its idle agents takes a call.
    pub agent_choice: AgentChoice,
    /// Its priority for agents of a `queue-priority` group (0..100).
    pub priority: u8,
    /// With `tiers`: how long a call must have waited before each group's agents may take it.
    pub tiers: Option<TierModel>,
    /// A multimedia queue's subtype.
    pub subtype: Option<MultimediaSubtype>,
    /// Whether a group with concurrent sessions serves it (its idle agents are then offered
    /// calls the least loaded first, rule 31).
    pub concurrent: bool,
    /// Retrials of the callers lost here, overriding their traffic entry's.
    pub retrial: Option<RetrialModel>,
    /// The callback offered at its policies, if any.
    pub callback: Option<CallbackModel>,
}

/// How an agent who transfers a call after talking stays on the line (rule 32).
#[derive(Debug, Clone)]
pub enum StaysOnLine {
    /// Until an agent of the target answers, then for a conference time drawn from this.
    Consult(Sampler),
    /// Until the target's agent's talk ends.
    Conference,
}

/// A queue's tiers, compiled.
#[derive(Debug, Clone)]
pub struct TierModel {
    /// Per agent group: the wait after which its agents may take the call (zero for groups the
    /// tiers do not name: validation makes sure those do not hold the skill).
    pub after: Table<GroupId, SimDuration>,
    /// The distinct waits above zero at which a tier opens, ascending.
    pub openings: Vec<SimDuration>,
}

/// A queue's callback, compiled.
#[derive(Debug, Clone)]
pub struct CallbackModel {
    pub at_timeout: bool,
    pub at_busy: bool,
    pub accept: f64,
    pub reach: f64,
    pub dial: Sampler,
    pub within: SimDuration,
}

/// Retrials, compiled: after which release causes a caller calls again, how likely, how soon.
#[derive(Debug, Clone)]
pub struct RetrialModel {
    pub probability: f64,
    pub delay: Sampler,
    /// Retrials per caller at most.
    pub attempts: u32,
    /// The release causes it follows.
    pub after: Vec<crate::sim::event::ReleaseCause>,
}

/// An IVR flow, compiled.
#[derive(Debug, Clone)]
pub struct IvrModel {
    pub name: String,
    pub duration: Sampler,
    /// Exits with cumulative probabilities, the last one 1.
    pub exits: Vec<(f64, Destination)>,
}

/// One agent who answers calls.
#[derive(Debug, Clone)]
pub struct AgentModel {
    /// The agent's ID: from `ids`, or `GROUP-NNN`.
    pub id: String,
    pub group: GroupId,
    /// Skill queues with their weights, highest weight first (ties in the order written).
    pub skills: Vec<(QueueId, u32)>,
    /// `agentWeight`: higher is chosen first among idle agents.
    pub weight: u32,
    /// The factors on the talk times of its calls, per skill queue; only those other than 1
    /// (empty for most agents, so the common case costs one length check).
    pub talk_factors: Vec<(QueueId, f64)>,
}

impl AgentModel {
    /// What the agent's talk times on calls of queue `q` are multiplied by.
    #[inline]
    pub fn talk_factor(&self, q: QueueId) -> f64 {
        self.talk_factors.iter().find(|&&(queue, _)| queue == q).map_or(1.0, |&(_, factor)| factor)
    }
}

/// An agent group: its agents and its daily shifts.
#[derive(Debug, Clone)]
pub struct GroupModel {
    pub name: String,
    /// Its agents: a run of consecutive ids in [`Model::agents`] ([`GroupModel::members`]).
    pub agents: std::ops::Range<u32>,
    /// Daily shifts as (start after midnight, length); empty = always on duty.
    pub shifts: Vec<(SimDuration, SimDuration)>,
    /// Ring time before an agent answers; `None` = auto-answer.
    pub ring: Option<Sampler>,
    /// Daily breaks as (first start after midnight, duration, spread).
    pub breaks: Vec<(SimDuration, SimDuration, SimDuration)>,
    /// Busy spells: (share of signed-in time, mean length).
    pub shrinkage: Option<(f64, SimDuration)>,
    /// Probability that an agent of the group rejects an offered call (callout agents).
    pub reject: f64,
    /// Which waiting call its agents take next among their queues'.
    pub next_call: NextCall,
    /// Concurrent multimedia sessions (rule 31); `None`: one call at a time.
    pub sessions: Option<SessionModel>,
}

/// A group's concurrent sessions, compiled to whole units of an agent's room: the room is the
/// least common multiple of the subtypes' sessions, and a session of a subtype that allows `k`
/// at once takes room / `k` of it — so "3 web chats or 1 email" is exact integer arithmetic.
/// A call of a queue that is not multimedia (a versatile agent's voice call) takes all of it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionModel {
    /// An agent's room, in units.
    pub room: u32,
    /// The units a session takes, per subtype in the order of [`MultimediaSubtype::ALL`], then
    /// for any other call.
    pub units: [u32; 5],
    /// A session that starts with `n` others in progress talks (1 + slowdown · n) times as long.
    pub slowdown: f64,
}

impl SessionModel {
    fn new(sessions: &scenario::Sessions, slowdown: f64) -> Self {
        fn gcd(a: u32, b: u32) -> u32 {
            if b == 0 { a } else { gcd(b, a % b) }
        }
        let k = sessions.by_subtype.map(|k| u32::try_from(k.clamp(1, 20)).unwrap_or(1));
        let room = k.iter().fold(1, |room, &k| room / gcd(room, k) * k);
        let units = [room / k[0], room / k[1], room / k[2], room / k[3], room];
        SessionModel { room, units, slowdown }
    }

    /// The units a session of queue `queue` takes.
    #[inline]
    pub fn units_of(&self, queue: &QueueModel) -> u32 {
        self.units[queue.subtype.map_or(4, |s| s as usize)]
    }
}

impl Model {
    /// Whether agents' calls handled today must be counted: some queue chooses by them.
    pub fn counts_handled_calls(&self) -> bool {
        self.queues.iter().any(|q| q.agent_choice == AgentChoice::FewestCalls)
    }

    /// Starts every replication from `warm` (`run --from`): the clock at its time, and the
    /// counting window from then on, or from the warm-up if that ends later.
    pub fn start_from(&mut self, warm: WarmStart) {
        self.warmup = self.warmup.max(warm.at);
        self.warm_start = Some(std::sync::Arc::new(warm));
    }

    /// Whether some queue's agents stay on the line of the calls they transfer (rule 32).
    pub fn has_consults(&self) -> bool {
        self.queues.iter().any(|q| q.stays_on_line.is_some())
    }

    /// Whether some group's agents handle concurrent sessions.
    pub fn has_sessions(&self) -> bool {
        self.groups.iter().any(|g| g.sessions.is_some())
    }

    /// Whether a queue offers callbacks.
    pub fn has_callbacks(&self) -> bool {
        self.queues.iter().any(|q| q.callback.is_some())
    }

    /// Whether any caller may call again (a retrial with a probability above 0).
    pub fn has_retrials(&self) -> bool {
        let some = |r: &Option<RetrialModel>| r.as_ref().is_some_and(|r| r.probability > 0.0 && r.attempts > 0);
        self.traffic.iter().any(|t| some(&t.retrial)) || self.queues.iter().any(|q| some(&q.retrial))
    }
}

impl GroupModel {
    /// The group's agents, in order.
    pub fn members(&self) -> impl DoubleEndedIterator<Item = AgentId> + ExactSizeIterator + Clone + use<> {
        self.agents.clone().map(AgentId)
    }
}

/// One traffic entry, compiled.
#[derive(Debug, Clone)]
pub struct TrafficModel {
    pub dialed: String,
    /// The device the dialed number's route delivers to.
    pub device: DeviceId,
    pub rate: ArrivalRate,
    pub talk: Option<Sampler>,
    pub patience: Option<Sampler>,
    pub priority: u8,
    pub retrial: Option<RetrialModel>,
}

/// Everything the engine needs, by index.
#[derive(Debug, Clone)]
pub struct Model {
    pub queues: Table<QueueId, QueueModel>,
    pub ivrs: Table<IvrId, IvrModel>,
    pub agents: Table<AgentId, AgentModel>,
    pub groups: Table<GroupId, GroupModel>,
    pub traffic: Table<TrafficId, TrafficModel>,
    /// Dialed number → device, from the called routes.
    pub routes: HashMap<String, DeviceId>,
    /// Arrivals stop here.
    pub horizon: SimTime,
    /// Calls arriving before this are not counted.
    pub warmup: SimTime,
    /// Length of a report interval.
    pub interval: SimDuration,
    pub seed: u64,
    pub replications: u32,
    pub transfer_limit: u32,
    pub patience_on_transfer: PatienceOnTransfer,
    /// The factor each day's arrival rates are multiplied by; `None`: every day as forecast.
    pub busyness: Option<Busyness>,
    /// The state replications start from (`run --from`); `None`: empty at time zero.
    pub warm_start: Option<std::sync::Arc<WarmStart>>,
    /// How the reports merge a ratio figure over replications.
    pub ratios: Ratios,
    /// Lines (`[lines]`); `None`: calls are never refused at the trunk.
    pub lines: Option<LinesModel>,
}

/// Lines, compiled: the tenant's, and those of each access code that has a limit.
#[derive(Debug, Clone)]
pub struct LinesModel {
    /// Lines of the whole tenant (`u32::MAX`: no limit).
    pub tenant: u32,
    /// The limits of the access codes that have one.
    pub codes: Vec<u32>,
    /// Per traffic entry: the index in `codes` of its route's access code, if that has a limit.
    pub of_traffic: Table<TrafficId, Option<usize>>,
}

/// How a day's busyness factor is drawn (`[simulation] busyness`, compiled).
#[derive(Debug, Clone)]
pub enum Busyness {
    /// Gamma with mean 1 (shape 1/cv², scale cv²).
    Gamma(rand_distr::Gamma<f64>),
    /// One of these, uniformly.
    Factors(Vec<f64>),
}

impl Busyness {
    fn compile(busyness: &scenario::Busyness) -> Result<Option<Busyness>, CompileError> {
        Ok(match (busyness.cv, &busyness.factors) {
            (Some(0.0), None) => None, // every day as forecast
            (Some(cv), None) => Some(Busyness::Gamma(
                rand_distr::Gamma::new(1.0 / (cv * cv), cv * cv)
                    .map_err(|e| CompileError::Invalid(format!("busyness cv {cv}: {e}")))?,
            )),
            (None, Some(factors)) if !factors.is_empty() => Some(Busyness::Factors(factors.clone())),
            _ => return Err(CompileError::Invalid("busyness needs a cv or daily factors".into())),
        })
    }

    /// The next day's factor.
    pub fn draw(&self, rng: &mut streams::Stream) -> f64 {
        use rand::RngExt;
        use rand_distr::Distribution as _;
        match self {
            Busyness::Gamma(gamma) => gamma.sample(rng),
            Busyness::Factors(factors) => factors[rng.random_range(0..factors.len())],
        }
    }
}

/// Why a scenario could not be compiled. `validate` reports these first, so a validated scenario
/// compiles; the error exists so that an unvalidated one fails cleanly instead of panicking.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("{0} does not exist")]
    Dangling(String),
    #[error("no called route resolves dialed number {0}")]
    Unrouted(String),
    #[error("{context}: {source}")]
    Sampler { context: String, source: SamplerError },
    #[error("{0}")]
    Invalid(String),
}

/// A scenario's duration, to the microsecond.
fn duration(d: scenario::Duration) -> SimDuration {
    SimDuration::from_secs(d.secs())
}

/// Compiles a validated scenario; `directory` is where empirical CSV files are read from.
pub fn compile(scenario: &Scenario, directory: &Path) -> Result<Model, CompileError> {
    let queue_index: HashMap<&str, QueueId> =
        scenario.skill_queues.iter().enumerate().map(|(i, q)| (q.name.as_str(), QueueId::from_index(i))).collect();
    let ivr_index: HashMap<&str, IvrId> =
        scenario.ivrs.iter().enumerate().map(|(i, v)| (v.name.as_str(), IvrId::from_index(i))).collect();
    let device = |d: &Device| -> Result<DeviceId, CompileError> {
        match d {
            Device::Queue(n) => queue_index.get(n.as_str()).map(|&i| DeviceId::Queue(i)),
            Device::Ivr(n) => ivr_index.get(n.as_str()).map(|&i| DeviceId::Ivr(i)),
        }
        .ok_or_else(|| CompileError::Dangling(d.to_string()))
    };
    let destination = |d: &scenario::Destination| -> Result<Destination, CompileError> {
        Ok(match d {
            scenario::Destination::Release => Destination::Release,
            scenario::Destination::Transfer(d) => Destination::Transfer(device(d)?),
        })
    };
    let sampler = |dist: &scenario::Distribution, context: &str| -> Result<Sampler, CompileError> {
        Sampler::new(dist, |file| scenario::read_empirical(&directory.join(file)))
            .map_err(|source| CompileError::Sampler { context: context.to_owned(), source })
    };
    // An optional distribution's sampler; `context` names it in an error.
    let optional = |dist: &Option<scenario::Distribution>, context: String| -> Result<Option<Sampler>, CompileError> {
        dist.as_ref().map(|dist| sampler(dist, &context)).transpose()
    };

    let retrial = |r: &scenario::Retrial, context: &str| -> Result<RetrialModel, CompileError> {
        use crate::sim::event::ReleaseCause;
        Ok(RetrialModel {
            probability: r.probability,
            delay: sampler(&r.delay, context)?,
            attempts: u32::try_from(r.attempts).unwrap_or(0),
            after: r
                .after
                .iter()
                .map(|after| match after {
                    scenario::RetrialAfter::Abandoned => ReleaseCause::Abandoned,
                    scenario::RetrialAfter::Busy => ReleaseCause::Busy,
                    scenario::RetrialAfter::NoAgents => ReleaseCause::NoAgents,
                    scenario::RetrialAfter::Timeout => ReleaseCause::Timeout,
                    scenario::RetrialAfter::TrunkBusy => ReleaseCause::TrunkBusy,
                })
                .collect(),
        })
    };

    let mut queues = Table::new();
    for q in &scenario.skill_queues {
        queues.push(QueueModel {
            name: q.name.clone(),
            max_wait: duration(q.max_wait),
            max_calls: u32::try_from(q.max_calls)
                .map_err(|_| CompileError::Invalid(format!("max_calls of {}", q.name)))?,
            wrap_up: duration(q.wrap_up),
            wrap_up_time: optional(&q.wrap_up_time, format!("wrap_up_time of queue {}", q.name))?,
            wrap_up_after_transfer: optional(
                &q.wrap_up_after_transfer,
                format!("wrap_up_after_transfer of queue {}", q.name),
            )?,
            on_timeout: destination(&q.timeout)?,
            on_busy: destination(&q.busy)?,
            on_no_agents: destination(&q.no_agents)?,
            service_level: duration(q.service_level),
            talk: optional(&q.talk_time, format!("talk_time of queue {}", q.name))?,
            patience: optional(&q.patience, format!("patience of queue {}", q.name))?,
            after_talk: q
                .after_talk
                .as_ref()
                .map(|a| Ok::<_, CompileError>((a.probability, device(&a.to)?)))
                .transpose()?,
            stays_on_line: match q.after_talk.as_ref().map(|a| (a.transfer, &a.conference_time)) {
                Some((scenario::TransferKind::Consult, Some(time))) => {
                    Some(StaysOnLine::Consult(sampler(time, &format!("conference_time of queue {}", q.name))?))
                }
                Some((scenario::TransferKind::Consult, None)) => {
                    return Err(CompileError::Invalid(format!(
                        "queue {}: a consult without a conference_time",
                        q.name
                    )));
                }
                Some((scenario::TransferKind::Conference, _)) => Some(StaysOnLine::Conference),
                _ => None,
            },
            no_answer: duration(q.no_answer),
            no_answer_busy: duration(q.no_answer_busy),
            closing: q.closing,
            service_level_of: q.service_level_of,
            agent_choice: q.agent_choice,
            priority: u8::try_from(q.priority.clamp(0, 100)).unwrap_or(0),
            tiers: None, // below, once the groups are compiled
            subtype: q.subtype.filter(|_| q.media == scenario::MediaType::Multimedia),
            concurrent: false, // below, once the groups are compiled
            callback: q
                .callback
                .as_ref()
                .map(|c| {
                    Ok::<_, CompileError>(CallbackModel {
                        at_timeout: c.at.contains(&scenario::CallbackAt::Timeout),
                        at_busy: c.at.contains(&scenario::CallbackAt::Busy),
                        accept: c.accept,
                        reach: c.reach,
                        dial: sampler(&c.dial, &format!("callback dial of queue {}", q.name))?,
                        within: duration(c.within),
                    })
                })
                .transpose()?,
            retrial: q
                .retrial
                .as_ref()
                .map(|r| retrial(r, &format!("retrial delay of queue {}", q.name)))
                .transpose()?,
        });
    }

    let mut ivrs = Table::new();
    for v in &scenario.ivrs {
        let mut cumulative = 0.0;
        let mut exits = Vec::with_capacity(v.exits.len());
        for exit in &v.exits {
            cumulative += exit.probability;
            exits.push((cumulative, destination(&exit.to)?));
        }
        if let Some(last) = exits.last_mut() {
            last.0 = 1.0; // absorb rounding: every draw leaves by some exit
        }
        ivrs.push(IvrModel {
            name: v.name.clone(),
            duration: sampler(&v.duration, &format!("duration of IVR {}", v.name))?,
            exits,
        });
    }

    let mut agents: Table<AgentId, AgentModel> = Table::new();
    let mut groups: Table<GroupId, GroupModel> = Table::new();
    for g in scenario.agent_groups.iter().filter(|g| g.role != Role::QualityChecker) {
        let group = GroupId::from_index(groups.len());
        let mut skills = Vec::with_capacity(g.skills.len());
        let mut talk_factors = Vec::new();
        for skill in &g.skills {
            let q = *queue_index
                .get(skill.queue.as_str())
                .ok_or_else(|| CompileError::Dangling(format!("queue:{}", skill.queue)))?;
            skills.push((q, u32::try_from(skill.weight).unwrap_or(1)));
            let factor = skill.talk_factor.unwrap_or(g.talk_factor);
            if factor != 1.0 {
                talk_factors.push((q, factor));
            }
        }
        skills.sort_by_key(|&(_, weight)| std::cmp::Reverse(weight)); // stable: ties keep the written order
        let first = agents.len() as u32;
        let ids: Vec<String> = match &g.ids {
            Some(ids) => ids.clone(),
            None => (1..=g.agent_count()).map(|n| format!("{}-{n:03}", g.name)).collect(),
        };
        for id in ids {
            agents.push(AgentModel {
                id,
                group,
                skills: skills.clone(),
                weight: u32::try_from(g.agent_weight).unwrap_or(1),
                talk_factors: talk_factors.clone(),
            });
        }
        groups.push(GroupModel {
            name: g.name.clone(),
            agents: first..agents.len() as u32,
            shifts: g
                .shifts
                .iter()
                .map(|s| {
                    (SimDuration::from_whole_secs(s.start.secs().into()), SimDuration::from_minutes(s.minutes().into()))
                })
                .collect(),
            ring: optional(&g.ring_time, format!("ring_time of group {}", g.name))?,
            breaks: g
                .breaks
                .iter()
                .map(|b| {
                    (SimDuration::from_whole_secs(b.start.secs().into()), duration(b.duration), duration(b.spread))
                })
                .collect(),
            shrinkage: g.shrinkage.map(|s| (s.share, duration(s.mean))),
            reject: g.reject_probability,
            next_call: g.next_call,
            sessions: g.sessions.concurrent().then(|| SessionModel::new(&g.sessions, g.session_slowdown)),
        });
    }

    for agent in agents.iter().filter(|a| groups[a.group].sessions.is_some()) {
        for &(q, _) in &agent.skills {
            queues[q].concurrent = true;
        }
    }

    for (q, scenario_queue) in queues.iter_mut().zip(&scenario.skill_queues) {
        if scenario_queue.tiers.is_empty() {
            continue;
        }
        let mut after: Table<GroupId, SimDuration> = Table::from_fn(groups.len(), |_| SimDuration::ZERO);
        for tier in &scenario_queue.tiers {
            for name in &tier.groups {
                let g = groups
                    .enumerate()
                    .find(|(_, g)| &g.name == name)
                    .map(|(g, _)| g)
                    .ok_or_else(|| CompileError::Dangling(format!("agent group {name}")))?;
                after[g] = duration(tier.after);
            }
        }
        let mut openings: Vec<SimDuration> = after.iter().copied().filter(|&d| d > SimDuration::ZERO).collect();
        openings.sort();
        openings.dedup();
        q.tiers = Some(TierModel { after, openings });
    }

    let mut routes = HashMap::new();
    let mut access_code = HashMap::new();
    for r in &scenario.called_routes {
        routes.entry(r.dialed_number()).or_insert(device(&r.device)?);
        access_code.entry(r.dialed_number()).or_insert(r.access_code.as_str());
    }
    let mut traffic = Table::new();
    for t in &scenario.traffic {
        let rate = match (&t.rate, &t.profile) {
            (Some(rate), _) => ArrivalRate::Constant(rate.per_sec()),
            (None, Some(profile)) => ArrivalRate::Profile {
                step: duration(profile.interval),
                per_sec: profile.rates.iter().map(|r| r.per_sec()).collect(),
            },
            (None, None) if scenario.simulation.records.is_some() => ArrivalRate::Constant(0.0),
            (None, None) => return Err(CompileError::Invalid(format!("traffic to {} has no rate", t.dialed))),
        };
        traffic.push(TrafficModel {
            dialed: t.dialed.clone(),
            device: *routes.get(&t.dialed).ok_or_else(|| CompileError::Unrouted(t.dialed.clone()))?,
            rate,
            talk: optional(&t.talk_time, format!("talk_time of traffic {}", t.dialed))?,
            patience: optional(&t.patience, format!("patience of traffic {}", t.dialed))?,
            priority: u8::try_from(t.priority.clamp(0, 14)).unwrap_or(0),
            retrial: t
                .retrial
                .as_ref()
                .map(|r| retrial(r, &format!("retrial delay of traffic {}", t.dialed)))
                .transpose()?,
        });
    }

    let lines = scenario.lines.as_ref().map(|lines| {
        let codes: Vec<&String> = lines.access_codes.keys().collect();
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        LinesModel {
            tenant: lines.tenant.map_or(u32::MAX, count),
            codes: lines.access_codes.values().map(|&n| count(n)).collect(),
            of_traffic: traffic
                .iter()
                .map(|t| {
                    let code = access_code.get(t.dialed.as_str())?;
                    codes.iter().position(|c| c.as_str() == *code)
                })
                .collect(),
        }
    });
    let sim = &scenario.simulation;
    Ok(Model {
        queues,
        ivrs,
        agents,
        groups,
        traffic,
        routes,
        horizon: SimTime::from_secs(sim.horizon.secs()),
        warmup: SimTime::from_secs(sim.warmup.secs()),
        interval: duration(sim.interval).max(SimDuration::TICK),
        seed: sim.seed,
        replications: sim.replications,
        transfer_limit: u32::try_from(sim.transfer_limit).unwrap_or(0),
        patience_on_transfer: sim.patience_on_transfer,
        busyness: sim.busyness.as_ref().map(Busyness::compile).transpose()?.flatten(),
        warm_start: None,
        ratios: sim.ratios,
        lines,
    })
}
