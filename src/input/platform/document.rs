//! The platform's configuration document, as serde types that mirror its JSON one to one.
//!
//! These are raw types, like [`crate::input::scenario`]'s: they hold what the document says and refuse
//! only what cannot be read at all (a string where an object belongs, a missing `name`). The
//! platform's APIs are loose about types — `mediaTypeId` is a number in one reply and a string in
//! another, `deviceType` is `"1"` in a skill's policy and `1` in a called route — so every code
//! and number is read as a [`Code`] and interpreted by the importer, which names the JSON path of
//! anything it cannot map. Both spellings the platform uses (`mediaTypeId` / `mediatypeId`,
//! `devicetype` / `deviceType`) are accepted; export writes the first.
//!
//! Field order is the serialization order, so an exported document reads like the platform's.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A whole tenant configuration: what the platform's query APIs list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Skill queues (`createSkill` / the skill query API).
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Called routes (`createCalledRoute`).
    #[serde(default)]
    pub called_routes: Vec<CalledRoute>,
    /// Agents with their skill queues.
    #[serde(default)]
    pub agents: Vec<Agent>,
    /// IVR flows, by id: what a route or a policy with device type 3 refers to.
    #[serde(default)]
    pub ivrs: Vec<IvrFlow>,
}

/// One skill queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    pub skill_id: Code,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 5 voice, 19 video, 53 multimedia, 2 voice click-to-dial, 18 video click-to-dial.
    #[serde(alias = "mediatypeId", default, skip_serializing_if = "Option::is_none")]
    pub media_type_id: Option<Code>,
    /// WECHAT, EMAIL, WHATSAPP or WEB, for multimedia queues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_media_type: Option<Code>,
    /// Max. Waiting Time, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait_time: Option<Code>,
    /// Max. Calls in Queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_wait_num: Option<Code>,
    /// Duration in Arranging State, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_agent_wrapup_time: Option<Code>,
    /// Ring-no-answer time at the agent, seconds (the lower-level skill configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_answer_wait_time: Option<Code>,
    /// Skill NoAgents / Busy / Timeout policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_param: Option<SkillParam>,
}

/// The three policies of a skill queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillParam {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_agents: Option<Policy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy: Option<Policy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_out: Option<Policy>,
}

/// `{ transferType: "Release" }` or `{ transferType: "Transfer", deviceType: "1" | "3", value: id }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub transfer_type: Code,
    #[serde(alias = "devicetype", default, skip_serializing_if = "Option::is_none")]
    pub device_type: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Code>,
}

/// One called route: access code + extension code → a skill queue or an IVR flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CalledRoute {
    pub access_code: Code,
    /// Empty, absent or `null` when the route has no extension code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext_code: Option<Code>,
    #[serde(alias = "mediatypeId", default, skip_serializing_if = "Option::is_none")]
    pub media_type_id: Option<Code>,
    /// 1 skill queue, 3 IVR.
    #[serde(rename = "devicetype", alias = "deviceType")]
    pub device_type: Code,
    /// The skill queue's `skillId` or the IVR's `flowId`.
    pub device_id: Code,
}

/// One agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub agent_id: Code,
    /// 4 voice, 11 video, 13 multimedia, 99 versatile (or the type's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_type: Option<Code>,
    /// The platform role: 1 common agent, 2 quality checker, 3 callout agent (or the role's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Code>,
    #[serde(default)]
    pub skills: Vec<AgentSkill>,
}

/// One skill queue of an agent, with the agent's weights there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentSkill {
    pub skill_id: Code,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_weight: Option<Code>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_weight: Option<Code>,
}

/// One IVR flow, known by id and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IvrFlow {
    #[serde(alias = "id")]
    pub flow_id: Code,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A code, id or number as the platform writes it: a JSON integer or a string. `null` reads as
/// absent where the field is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    Int(i64),
    Text(String),
}

impl Code {
    /// The code as an integer: the number, or a string of digits.
    pub fn int(&self) -> Option<i64> {
        match self {
            Code::Int(n) => Some(*n),
            Code::Text(text) => text.trim().parse().ok(),
        }
    }

    /// The code as text: the string, or the number's digits.
    pub fn text(&self) -> String {
        match self {
            Code::Int(n) => n.to_string(),
            Code::Text(text) => text.clone(),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(n) => write!(f, "{n}"),
            Code::Text(text) => write!(f, "\"{text}\""),
        }
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Code::Int(n) => serializer.serialize_i64(*n),
            Code::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Code, E> {
                Ok(Code::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Code, E> {
                i64::try_from(v).map(Code::Int).map_err(|_| E::custom(format!("{v} is too large for a code")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Code, E> {
                Err(E::invalid_type(de::Unexpected::Float(v), &"an integer or a string"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Code, E> {
                Ok(Code::Text(v.to_owned()))
            }
        }
        deserializer.deserialize_any(CodeVisitor)
    }
}
