//! The scenario file, as written: serde types that mirror the TOML one to one.
//!
//! These are the *raw* types (ripgrep's "low-level arguments"): they hold what the planner wrote,
//! with the platform's defaults filled in, and reject only what cannot be read at all (a wrong
//! type, an unknown key, a duration in parsecs). Everything that needs the whole file to judge —
//! ranges, dangling references, the dial plan, reachability — is `validate`'s job, which reports
//! all problems at once. The engine never sees these types; it runs on the compiled model.
//!
//! Table names are singular, as each `[[skill_queue]]` block declares one queue.

mod distribution;
mod load;
pub mod path;
mod target;
mod units;

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

pub use distribution::{Distribution, EmpiricalError, ParameterProblem, read_empirical};
pub use load::{LoadError, Loaded, MAX_SCENARIO_BYTES, SourceFile, TextError, load, parse, read_text};
pub use target::{Destination, Device};
pub use units::{Duration, MAX_SECONDS, Rate, TimeOfDay, ValueError, clock, clock_with_seconds};

/// A whole scenario: the tenant's configuration plus the traffic it will face.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// How long and how often to simulate.
    #[serde(default)]
    pub simulation: Simulation,
    /// Skill queues (Configuration Center > Employee Center > Skill Queue).
    #[serde(default, rename = "skill_queue")]
    pub skill_queues: Vec<SkillQueue>,
    /// IVR flows a route or a policy can send calls to.
    #[serde(default, rename = "ivr")]
    pub ivrs: Vec<Ivr>,
    /// Called routes (Configuration Center > Access Configuration > Called Route).
    #[serde(default, rename = "called_route")]
    pub called_routes: Vec<CalledRoute>,
    /// Agents, by group (Configuration Center > Employee Center > Agent Management).
    #[serde(default, rename = "agent_group")]
    pub agent_groups: Vec<AgentGroup>,
    /// Offered traffic, one entry per dialed number.
    #[serde(default)]
    pub traffic: Vec<Traffic>,
    /// Lines (trunk capacity): calls in the system at once, per access code and for the tenant.
    #[serde(default)]
    pub lines: Option<Lines>,
}

/// The `[lines]` table: how many calls can be in the system at once — in an IVR, waiting,
/// ringing or talking — per access code and for the whole tenant. A call finding every line
/// taken gets a busy tone.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    /// Lines of the whole tenant; none: no tenant limit.
    #[serde(default)]
    pub tenant: Option<i64>,
    /// Lines per access code (the called route's `access_code`).
    #[serde(default)]
    pub access_codes: std::collections::BTreeMap<String, i64>,
}

/// The `[simulation]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Simulation {
    /// Arrivals stop at the horizon; calls in the system run to their outcome. Starts at 00:00 of day 1.
    pub horizon: Duration,
    /// Calls arriving before the warm-up ends are simulated but not counted.
    pub warmup: Duration,
    /// Seed of every random stream.
    pub seed: u64,
    /// Independent replications, for confidence intervals.
    pub replications: u32,
    /// Length of a report interval: 15, 30 or 60 minutes.
    pub interval: Duration,
    /// Transfers one call may make (policies, IVR exits, agent transfers) before it is released
    /// with cause `transfer-limit`: the guard against transfer loops.
    pub transfer_limit: i64,
    /// What a transferred caller's patience is at the next queue: what is left of it, a fresh
    /// draw, or the same value again.
    pub patience_on_transfer: PatienceOnTransfer,
    /// Real call records (CSV, relative to the scenario) that replace the traffic's arrival
    /// process; the traffic entries then need no rate. See `docs/records.md`.
    pub records: Option<String>,
    /// A random factor each simulated day's arrival rates are multiplied by: the forecast's own
    /// error, which Poisson arrivals at a known rate leave out.
    pub busyness: Option<Busyness>,
    /// How a ratio figure is merged over replications: the mean of its replication values, or
    /// its pooled sums' ratio (`docs/reports.md`, "The pooled estimator").
    pub ratios: Ratios,
}

/// How a ratio figure (a service level, a mean time, an occupancy) is estimated over
/// replications. A count is estimated the same way by both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ratios {
    /// The mean of the replications' ratios, with Student's t interval (the default, and all
    /// callsim did before): biased when replications or intervals hold few calls.
    #[default]
    ReplicationMean,
    /// Σ numerator / Σ denominator over the replications, with a delta-method interval: the
    /// ratio estimator, consistent however short the replications.
    Pooled,
}

/// How busy each simulated day is: its arrival rates (every traffic entry's) times a factor drawn
/// once per day and replication. Exactly one of the two is given.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Busyness {
    /// Gamma with mean 1 and this coefficient of variation.
    pub cv: Option<f64>,
    /// Daily factors observed, one drawn uniformly per day.
    pub factors: Option<Vec<f64>>,
}

/// What happens to a caller's patience when the call is transferred to another queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatienceOnTransfer {
    /// The time already spent waiting counts against the same patience (the default: a caller
    /// who waited 50 s at one queue has 50 s less tolerance left at the next).
    #[default]
    Continue,
    /// A fresh draw at each queue after a transfer, from the queue's `patience` or else the
    /// traffic's, on the queue's own random stream.
    Redraw,
    /// The caller's full patience, the same value drawn at arrival, applies again at each queue.
    /// Survivor-biased: the callers who reach the next queue are those patient enough to have
    /// survived the first, and they bring their long patience with them.
    Restart,
}

impl Default for Simulation {
    fn default() -> Self {
        Simulation {
            horizon: Duration::from_secs(86_400.0),
            warmup: Duration::from_secs(0.0),
            seed: 1,
            replications: 1,
            interval: Duration::from_secs(1_800.0),
            transfer_limit: 10,
            patience_on_transfer: PatienceOnTransfer::Continue,
            records: None,
            busyness: None,
            ratios: Ratios::ReplicationMean,
        }
    }
}

/// The media type of a skill queue or a called route (the platform's `mediaTypeId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MediaType {
    /// 5: voice.
    #[default]
    Voice,
    /// 19: video.
    Video,
    /// 53: multimedia (needs a subtype).
    Multimedia,
    /// 2: voice click to dial.
    VoiceClickToDial,
    /// 18: video click to dial.
    VideoClickToDial,
}

impl MediaType {
    /// Every media type, in the order of the platform's list.
    pub const ALL: [MediaType; 5] = [
        MediaType::Voice,
        MediaType::Video,
        MediaType::Multimedia,
        MediaType::VoiceClickToDial,
        MediaType::VideoClickToDial,
    ];

    /// The media type of a `mediaTypeId` code.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|m| i64::from(m.code()) == code)
    }

    /// The platform's `mediaTypeId` code.
    pub fn code(self) -> u32 {
        match self {
            MediaType::Voice => 5,
            MediaType::Video => 19,
            MediaType::Multimedia => 53,
            MediaType::VoiceClickToDial => 2,
            MediaType::VideoClickToDial => 18,
        }
    }

    /// Whether an access code of this type may deliver to a device of type `device`: voice access
    /// codes accept voice and video queues, multimedia only multimedia, voice click-to-dial voice
    /// and video click-to-dial (the platform's `createCalledRoute` rule).
    pub fn route_accepts(self, device: MediaType) -> bool {
        use MediaType::*;
        matches!(
            (self, device),
            (Voice, Voice | Video)
                | (Video, Video)
                | (Multimedia, Multimedia)
                | (VoiceClickToDial, VoiceClickToDial | VideoClickToDial)
                | (VideoClickToDial, VideoClickToDial)
        )
    }

    /// Whether calls of this type may be transferred to an IVR (multimedia calls may not).
    pub fn may_enter_ivr(self) -> bool {
        self != MediaType::Multimedia
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MediaType::Voice => "voice",
            MediaType::Video => "video",
            MediaType::Multimedia => "multimedia",
            MediaType::VoiceClickToDial => "voice-click-to-dial",
            MediaType::VideoClickToDial => "video-click-to-dial",
        })
    }
}

/// The channel of a multimedia skill queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MultimediaSubtype {
    Wechat,
    Email,
    Whatsapp,
    Web,
}

impl MultimediaSubtype {
    /// Every subtype, in the order of the platform's list (and of [`Sessions::by_subtype`]).
    pub const ALL: [MultimediaSubtype; 4] =
        [MultimediaSubtype::Wechat, MultimediaSubtype::Email, MultimediaSubtype::Whatsapp, MultimediaSubtype::Web];

    /// The subtype's name in a scenario.
    pub fn name(self) -> &'static str {
        match self {
            MultimediaSubtype::Wechat => "wechat",
            MultimediaSubtype::Email => "email",
            MultimediaSubtype::Whatsapp => "whatsapp",
            MultimediaSubtype::Web => "web",
        }
    }
}

/// How many multimedia sessions an agent of a group handles at once: `sessions = 3` for any
/// subtype, or `sessions = { web = 3, email = 1 }` per subtype (a subtype not named: 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sessions {
    /// Per subtype, in the order of [`MultimediaSubtype::ALL`].
    pub by_subtype: [i64; 4],
}

impl Sessions {
    /// One session at a time: the platform's default, and voice's only rule.
    pub const ONE: Sessions = Sessions { by_subtype: [1; 4] };

    /// The sessions of `subtype` an agent may hold at once.
    pub fn of(&self, subtype: MultimediaSubtype) -> i64 {
        self.by_subtype[subtype as usize]
    }

    /// Whether any subtype allows more than one session at once.
    pub fn concurrent(&self) -> bool {
        self.by_subtype.iter().any(|&k| k != 1)
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::ONE
    }
}

impl<'de> Deserialize<'de> for Sessions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Table {
            wechat: Option<i64>,
            email: Option<i64>,
            whatsapp: Option<i64>,
            web: Option<i64>,
        }
        struct SessionsVisitor;
        impl<'de> Visitor<'de> for SessionsVisitor {
            type Value = Sessions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of sessions, or a table { web = 3, email = 1 } per multimedia subtype")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Sessions, E> {
                Ok(Sessions { by_subtype: [v; 4] })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Sessions, A::Error> {
                let t = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let one = |k: Option<i64>| k.unwrap_or(1);
                Ok(Sessions { by_subtype: [one(t.wechat), one(t.email), one(t.whatsapp), one(t.web)] })
            }
        }
        deserializer.deserialize_any(SessionsVisitor)
    }
}

/// One `[[skill_queue]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillQueue {
    /// The platform's `skillId`, kept by `callsim import` so that results map back to the
    /// platform and `callsim export` gives the queue its id again.
    #[serde(default)]
    pub platform_id: Option<u64>,
    /// At most 20 characters, no spaces; unique.
    pub name: String,
    /// At most 50 characters.
    #[serde(default)]
    pub description: String,
    /// Media type; voice by default.
    #[serde(default, rename = "type")]
    pub media: MediaType,
    /// Required for (and only for) multimedia queues.
    #[serde(default)]
    pub subtype: Option<MultimediaSubtype>,
    /// Max. Waiting Time: 1..60000 s, default 60 s.
    #[serde(default = "default_max_wait")]
    pub max_wait: Duration,
    /// Max. Calls in Queue (callers waiting, not talking): 1..10000, default 100; 0 = pure loss.
    #[serde(default = "default_max_calls")]
    pub max_calls: i64,
    /// Duration in Arranging State after each call: 0..3600 s, default 5 s.
    #[serde(default = "default_wrap_up")]
    pub wrap_up: Duration,
    /// The wrap-up agents really take here, drawn per call: replaces the fixed `wrap_up` in the
    /// simulation (the platform holds one fixed time; real after-call work varies).
    #[serde(default)]
    pub wrap_up_time: Option<Distribution>,
    /// The wrap-up after a call the agent transferred, instead of the queue's other wrap-up.
    #[serde(default)]
    pub wrap_up_after_transfer: Option<Distribution>,
    /// Skill Timeout policy: what happens when the wait reaches `max_wait`.
    #[serde(default)]
    pub timeout: Destination,
    /// Skill Busy policy: what happens when the queue already holds `max_calls` callers.
    #[serde(default)]
    pub busy: Destination,
    /// Skill NoAgents policy: what happens when no agent of the queue is signed in.
    #[serde(default)]
    pub no_agents: Destination,
    /// Service-level threshold of this queue's reports, default 20 s.
    #[serde(default = "default_service_level")]
    pub service_level: Duration,
    /// Talk time of calls answered here; overrides the traffic's talk time.
    #[serde(default)]
    pub talk_time: Option<Distribution>,
    /// How long callers are willing to wait here: at a call's first queue it replaces the
    /// traffic's patience, and after a transfer `redraw` draws from it.
    #[serde(default)]
    pub patience: Option<Distribution>,
    /// Transfers the agent makes after talking, before wrap-up.
    #[serde(default)]
    pub after_talk: Option<AfterTalk>,
    /// The no-answer time (the platform's `maxAnswerWaitTime`): a call ringing this long at an
    /// agent goes back to the queue. 0 = no limit.
    #[serde(default)]
    pub no_answer: Duration,
    /// How long an agent who let a call ring out (or rejected it) is forced busy.
    #[serde(default = "default_no_answer_busy")]
    pub no_answer_busy: Duration,
    /// What becomes of callers still waiting when the last agent of the queue signs out.
    #[serde(default)]
    pub closing: Closing,
    /// The calls the service level is a share of: requests (the platform's), offered or answered.
    #[serde(default)]
    pub service_level_of: ServiceLevelOf,
    /// Which of its idle agents a call is offered to, among those of the highest `agentWeight`.
    #[serde(default)]
    pub agent_choice: AgentChoice,
    /// The queue's priority for agents who serve several queues (their group's `next_call =
    /// "queue-priority"`), 0..100: higher first.
    #[serde(default)]
    pub priority: i64,
    /// Agent groups in tiers: a later tier's agents may take a call only after it has waited
    /// the tier's `after` (overflow to a second line). Empty: every agent with the skill at once.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Retrials of callers lost at this queue, instead of their traffic entry's.
    #[serde(default)]
    pub retrial: Option<Retrial>,
    /// A callback offered at a timeout or a busy rejection: the caller hangs up and keeps its place.
    #[serde(default)]
    pub callback: Option<Callback>,
}

/// A callback (virtual queue): a caller offered one at a policy may take it, hang up and keep its
/// place in the line; when its turn comes an agent calls back.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// The policies at which a caller is offered a callback (default: both).
    #[serde(default = "default_callback_at")]
    pub at: Vec<CallbackAt>,
    /// The share of callers offered a callback who take it.
    pub accept: f64,
    /// The chance that the agent reaches the caller.
    #[serde(default = "certain")]
    pub reach: f64,
    /// How long the agent's call takes until the caller answers, or until the agent gives up.
    pub dial: Distribution,
    /// The callbacks' service-level threshold: from the request to the caller reached.
    #[serde(default = "default_callback_within")]
    pub within: Duration,
}

fn default_callback_at() -> Vec<CallbackAt> {
    vec![CallbackAt::Timeout, CallbackAt::Busy]
}

fn certain() -> f64 {
    1.0
}

fn default_callback_within() -> Duration {
    Duration::from_secs(900.0)
}

/// A policy at which a callback is offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackAt {
    /// The Skill Timeout policy: the caller has waited the max waiting time.
    Timeout,
    /// The Skill Busy policy: the line is full.
    Busy,
}

/// Which waiting call a free agent takes among its queues' first callers. Each rule is followed
/// by the caller's priority, then the earlier entry, then the skill listed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NextCall {
    /// The highest `skillWeight` first.
    #[default]
    SkillWeight,
    /// The caller who has waited longest (after priority).
    LongestWaiting,
    /// The queue of the highest `priority` first.
    QueuePriority,
    /// The largest wait × `skillWeight`.
    WeightedWait,
}

/// One tier of a queue's agent groups.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The agent groups of the tier (each must hold the queue's skill).
    pub groups: Vec<String>,
    /// How long a call must have waited at the queue before this tier's agents may take it.
    #[serde(default)]
    pub after: Duration,
}

/// Which idle agent a skill queue offers a call to. `agentWeight` comes first whatever the
/// rule (the platform allocates by it); the rule orders agents of equal weight, and the longest
/// idle breaks its ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgentChoice {
    /// The agent idle for the longest time.
    #[default]
    LongestIdle,
    /// Any idle agent, each as likely.
    Random,
    /// The agent with the highest `skillWeight` for this queue.
    SkillWeight,
    /// The agent who has handled the fewest calls since midnight.
    FewestCalls,
    /// The agent whose group comes first in the scenario.
    GroupOrder,
}

/// The denominator of a queue's service level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceLevelOf {
    /// Requests: answered + abandoned + timed out (the platform's definition).
    #[default]
    Requests,
    /// Every visit offered to the queue, busy and no-agents rejections included.
    Offered,
    /// Answered calls only.
    Answered,
}

/// What becomes of the callers waiting at a queue when its last signed-in agent signs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Closing {
    /// They keep waiting until they time out or hang up, or an agent signs in again (the
    /// platform's behaviour: its NoAgents policy applies to new calls only).
    #[default]
    Wait,
    /// They are released at once.
    Release,
    /// The queue's Skill NoAgents policy applies to them at once.
    NoAgents,
}

fn default_no_answer_busy() -> Duration {
    Duration::from_secs(30.0)
}

fn default_max_wait() -> Duration {
    Duration::from_secs(60.0)
}
fn default_max_calls() -> i64 {
    100
}
fn default_wrap_up() -> Duration {
    Duration::from_secs(5.0)
}
fn default_service_level() -> Duration {
    Duration::from_secs(20.0)
}

/// An agent-initiated transfer after talk: with `probability`, the call goes `to` a device.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterTalk {
    /// Share of answered calls the agent transfers, 0..1.
    pub probability: f64,
    /// Where they go.
    pub to: Device,
    /// Whether the agent hangs up at once, or stays on the line (rule 32).
    #[serde(default)]
    pub transfer: TransferKind,
    /// With a consultative transfer: how long both agents talk with the caller once the second
    /// answers, before the first leaves.
    #[serde(default)]
    pub conference_time: Option<Distribution>,
}

/// How an agent transfers a call after talking (rule 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransferKind {
    /// The agent hangs up as the call moves on: its wrap-up starts at once.
    #[default]
    Blind,
    /// The agent stays on the line until an agent of the target answers, then both talk for
    /// `conference_time` and the first leaves.
    Consult,
    /// The agent stays on the line until the target's agent's talk ends.
    Conference,
}

impl TransferKind {
    /// The kind's name in a scenario.
    pub fn name(self) -> &'static str {
        match self {
            TransferKind::Blind => "blind",
            TransferKind::Consult => "consult",
            TransferKind::Conference => "conference",
        }
    }
}

/// One `[[ivr]]` flow: callers stay for `duration`, then leave by `exit` probabilities.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ivr {
    /// The platform's IVR flow id (`flowId`), kept by `callsim import` as for skill queues.
    #[serde(default)]
    pub platform_id: Option<u64>,
    /// Unique among IVRs, no spaces.
    pub name: String,
    /// Free text.
    #[serde(default)]
    pub description: String,
    /// Time a caller spends in the flow.
    pub duration: Distribution,
    /// Exits; their probabilities sum to 1.
    #[serde(default, rename = "exit")]
    pub exits: Vec<IvrExit>,
}

/// One exit of an IVR.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IvrExit {
    /// `release`, `queue:NAME` or `ivr:NAME`.
    pub to: Destination,
    /// Share of the IVR's callers that leave this way.
    pub probability: f64,
}

/// One `[[called_route]]`: the dialed number access code + extension code reaches a device.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalledRoute {
    /// The hotline number, at most 32 characters.
    pub access_code: String,
    /// Optional extension code, at most 12 characters, dialed after the access code.
    #[serde(default)]
    pub extension: String,
    /// Media type of the access code; voice by default.
    #[serde(default, rename = "type")]
    pub media: MediaType,
    /// `queue:NAME` or `ivr:NAME`.
    pub device: Device,
}

impl CalledRoute {
    /// The number a caller dials: access code followed by extension code.
    pub fn dialed_number(&self) -> String {
        format!("{}{}", self.access_code, self.extension)
    }
}

/// The platform role of an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Answers and transfers inbound calls.
    #[default]
    Common,
    /// Answers, transfers or rejects inbound calls.
    Callout,
    /// Supervises; takes no customer calls.
    QualityChecker,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Common, Role::QualityChecker, Role::Callout];

    /// The role's code in the platform's JSON: 1 common, 2 quality checker, 3 callout. The API
    /// reference found gives none, so these are callsim's (docs/platform.md).
    pub fn code(self) -> u32 {
        match self {
            Role::Common => 1,
            Role::QualityChecker => 2,
            Role::Callout => 3,
        }
    }

    /// The role of a code.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|r| i64::from(r.code()) == code)
    }
}

impl fmt::Display for Role {
    /// As a scenario writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Common => "common",
            Role::Callout => "callout",
            Role::QualityChecker => "quality-checker",
        })
    }
}

/// The agent type, which bounds the media types of its skill queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AgentType {
    #[default]
    Voice,
    Video,
    Multimedia,
    /// May hold skill queues of several media types.
    Versatile,
}

impl AgentType {
    pub const ALL: [AgentType; 4] = [AgentType::Voice, AgentType::Video, AgentType::Multimedia, AgentType::Versatile];

    /// The platform's `agentType` code: 4 (PC+Phone), 11 (PC+Phone video) and 13 (multimedia)
    /// from its agent type table; 99 for versatile is callsim's reading, as that table has none.
    pub fn code(self) -> u32 {
        match self {
            AgentType::Voice => 4,
            AgentType::Video => 11,
            AgentType::Multimedia => 13,
            AgentType::Versatile => 99,
        }
    }

    /// The agent type of an `agentType` code.
    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|t| i64::from(t.code()) == code)
    }
}

impl fmt::Display for AgentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AgentType::Voice => "voice",
            AgentType::Video => "video",
            AgentType::Multimedia => "multimedia",
            AgentType::Versatile => "versatile",
        })
    }
}

/// One `[[agent_group]]`: agents with the same skills and shifts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentGroup {
    /// Unique among groups.
    pub name: String,
    /// Number of agents; or give `ids`.
    #[serde(default)]
    pub count: Option<i64>,
    /// Explicit agent IDs; or give `count`.
    #[serde(default)]
    pub ids: Option<Vec<String>>,
    /// Platform role; common by default.
    #[serde(default)]
    pub role: Role,
    /// Agent type; voice by default.
    #[serde(default, rename = "type")]
    pub agent_type: AgentType,
    /// Skill queues the agents serve: names, or `{ queue = "A", weight = 2 }`.
    pub skills: Vec<SkillRef>,
    /// The platform's `agentWeight` (≥ 1): higher is allocated first.
    #[serde(default = "default_weight")]
    pub agent_weight: i64,
    /// Daily shifts; none means signed in for the whole horizon.
    #[serde(default)]
    pub shifts: Vec<Shift>,
    /// Time a call rings before the agent answers; none means auto-answer.
    #[serde(default)]
    pub ring_time: Option<Distribution>,
    /// Planned daily breaks (rest), staggered across the group.
    #[serde(default)]
    pub breaks: Vec<Break>,
    /// Unplanned busy time (shrinkage): the share of signed-in time spent busy, in spells of a
    /// given mean length.
    #[serde(default)]
    pub shrinkage: Option<Shrinkage>,
    /// For callout agents: the probability of rejecting an inbound call offered to them.
    #[serde(default)]
    pub reject_probability: f64,
    /// Which waiting call an agent of the group takes next when several of its queues have one.
    #[serde(default)]
    pub next_call: NextCall,
    /// The group's proficiency: its agents' talk times are the drawn talk time times this
    /// (0.75: a quarter faster; 1.3: a trainee). A skill's own `talk_factor` overrides it.
    #[serde(default = "same_speed")]
    pub talk_factor: f64,
    /// Multimedia sessions an agent handles at once (multimedia and versatile groups).
    #[serde(default)]
    pub sessions: Sessions,
    /// How much each session already in progress stretches a new session's talk time: with
    /// `n` others in progress it talks (1 + slowdown · n) times as long.
    #[serde(default)]
    pub session_slowdown: f64,
}

fn same_speed() -> f64 {
    1.0
}

/// A daily break: the group's agents start it one after another, evenly over `spread` from
/// `start`, and rest for `duration` each.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    pub start: TimeOfDay,
    pub duration: Duration,
    #[serde(default)]
    pub spread: Duration,
}

/// Random busy spells: exponential gaps and exponential lengths (mean `mean`), so that about
/// `share` of an agent's signed-in time is spent busy.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shrinkage {
    pub share: f64,
    pub mean: Duration,
}

impl AgentGroup {
    /// The number of agents in the group: `count`, or the number of `ids`.
    pub fn agent_count(&self) -> usize {
        match (&self.ids, self.count) {
            (Some(ids), _) => ids.len(),
            (None, Some(count)) => usize::try_from(count).unwrap_or(0),
            (None, None) => 0,
        }
    }
}

fn default_weight() -> i64 {
    1
}

/// One skill of an agent group.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillRef {
    /// The skill queue's name.
    pub queue: String,
    /// The platform's `skillWeight` (≥ 1).
    pub weight: i64,
    /// The talk-time factor of the group's agents on this queue's calls, instead of the group's.
    pub talk_factor: Option<f64>,
}

impl<'de> Deserialize<'de> for SkillRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Table {
            queue: String,
            #[serde(default = "default_weight")]
            weight: i64,
            #[serde(default)]
            talk_factor: Option<f64>,
        }
        struct SkillVisitor;
        impl<'de> Visitor<'de> for SkillVisitor {
            type Value = SkillRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a skill queue name, or a table { queue = \"NAME\", weight = N, talk_factor = F }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SkillRef, E> {
                Ok(SkillRef { queue: v.to_owned(), weight: default_weight(), talk_factor: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SkillRef, A::Error> {
                let table = Table::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(SkillRef { queue: table.queue, weight: table.weight, talk_factor: table.talk_factor })
            }
        }
        deserializer.deserialize_any(SkillVisitor)
    }
}

/// A daily shift, from `start` to `end`; an end before the start runs past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Shift {
    /// Length in minutes: `end - start`, plus a day when the shift runs past midnight;
    /// `00:00`–`24:00` is the whole day, and a shift that ends when it starts has no length.
    pub fn minutes(&self) -> u32 {
        let (start, end) = (self.start.secs() / 60, self.end.secs() / 60);
        if end >= start { end - start } else { end + 1_440 - start }
    }
}

/// One `[[traffic]]` entry: calls to one dialed number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// The number callers dial: a route's access code + extension code.
    pub dialed: String,
    /// A constant Poisson arrival rate; or give `profile`.
    #[serde(default)]
    pub rate: Option<Rate>,
    /// A daily arrival profile; or give `rate`.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Talk time; a queue's own `talk_time` takes precedence.
    #[serde(default)]
    pub talk_time: Option<Distribution>,
    /// How long a caller is willing to wait; none means callers never hang up.
    #[serde(default)]
    pub patience: Option<Distribution>,
    /// The platform's User Level, 0..14: higher is served first.
    #[serde(default)]
    pub priority: i64,
    /// Whether callers who were not served call again, and when.
    #[serde(default)]
    pub retrial: Option<Retrial>,
}

/// Callers who try again after they were not served: after which outcomes, with what
/// probability, after what delay, and how many times at most.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retrial {
    /// The chance that a caller who was not served calls again, each time.
    pub probability: f64,
    /// The time until the caller calls again.
    pub delay: Distribution,
    /// Retrials per caller at most.
    #[serde(default = "default_retrial_attempts")]
    pub attempts: i64,
    /// The outcomes after which a caller may call again (default: all five).
    #[serde(default = "default_retrial_after")]
    pub after: Vec<RetrialAfter>,
}

fn default_retrial_attempts() -> i64 {
    3
}

fn default_retrial_after() -> Vec<RetrialAfter> {
    vec![
        RetrialAfter::Abandoned,
        RetrialAfter::Busy,
        RetrialAfter::NoAgents,
        RetrialAfter::Timeout,
        RetrialAfter::TrunkBusy,
    ]
}

/// An outcome after which a caller may call again: the call's release cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RetrialAfter {
    /// Hung up while waiting.
    Abandoned,
    /// Released by the Skill Busy policy.
    Busy,
    /// Released by the Skill NoAgents policy (or a queue's closing rule).
    NoAgents,
    /// Released by the Skill Timeout policy.
    Timeout,
    /// Found every line taken (`[lines]`): a busy tone.
    TrunkBusy,
}

/// Arrival rates over one day, one per interval from 00:00, repeated every day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Length of each step of the profile; the steps must cover exactly 24 h.
    pub interval: Duration,
    /// One rate per step.
    pub rates: Vec<Rate>,
}
