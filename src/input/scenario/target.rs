//! Where a call goes: a *device* (a skill queue or an IVR, as a called route's Device Type) or a
//! *destination* (release, or transfer to a device, as the Skill Timeout / Busy / NoAgents policies).
//!
//! Written as one string so that every place a scenario names a target reads the same:
//! `"release"`, `"queue:sales"`, `"ivr:main-menu"`.

use std::fmt;

use serde::Deserialize;
use serde::de::Deserializer;

use super::units::{ValueError, from_str};

/// A skill queue or an IVR flow, by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Device {
    /// `queue:NAME`
    Queue(String),
    /// `ivr:NAME`
    Ivr(String),
}

impl Device {
    /// Parses `queue:NAME` or `ivr:NAME`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let parsed = match text.split_once(':') {
            Some(("queue", name)) if !name.is_empty() => Some(Device::Queue(name.to_owned())),
            Some(("ivr", name)) if !name.is_empty() => Some(Device::Ivr(name.to_owned())),
            _ => None,
        };
        parsed.ok_or_else(|| format!("invalid device \"{text}\": write \"queue:NAME\" or \"ivr:NAME\"").into())
    }

    /// The name of the queue or IVR.
    pub fn name(&self) -> &str {
        match self {
            Device::Queue(name) | Device::Ivr(name) => name,
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Queue(name) => write!(f, "queue:{name}"),
            Device::Ivr(name) => write!(f, "ivr:{name}"),
        }
    }
}

/// What happens to a call at the end of a step: released (the caller is disconnected), or
/// transferred to a device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Destination {
    /// `release`: the platform's default for every skill policy.
    #[default]
    Release,
    /// `queue:NAME` or `ivr:NAME`.
    Transfer(Device),
}

impl Destination {
    /// Parses `release`, `queue:NAME` or `ivr:NAME`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        if text == "release" {
            return Ok(Destination::Release);
        }
        Device::parse(text).map(Destination::Transfer).map_err(|_| {
            format!("invalid destination \"{text}\": write \"release\", \"queue:NAME\" or \"ivr:NAME\"").into()
        })
    }

    /// The device a transfer goes to, or `None` for release.
    pub fn device(&self) -> Option<&Device> {
        match self {
            Destination::Release => None,
            Destination::Transfer(device) => Some(device),
        }
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Release => f.write_str("release"),
            Destination::Transfer(device) => device.fmt(f),
        }
    }
}

impl<'de> Deserialize<'de> for Device {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, "a device such as \"queue:sales\" or \"ivr:menu\"", Device::parse)
    }
}

impl<'de> Deserialize<'de> for Destination {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        from_str(deserializer, "\"release\", \"queue:NAME\" or \"ivr:NAME\"", Destination::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_print_back() {
        for text in ["release", "queue:A", "ivr:main-menu"] {
            assert_eq!(Destination::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Device::parse("queue:A").unwrap(), Device::Queue("A".into()));
        assert!(Device::parse("release").is_err());
        assert!(Destination::parse("queue:").unwrap_err().to_string().contains("\"queue:NAME\""));
        assert!(Destination::parse("agent:7").is_err());
    }
}
