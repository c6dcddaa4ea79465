//! The log's schema, made from the one table of events ([`crate::sim::event`]'s `event_table!`):
//! the CSV columns, each event's fields as values by column, and — generated for every event
//! from its row — the CSV template, the JSON template and the reader's way from a line's fields
//! back to the event.
//!
//! The templates are straight-line code per event: the columns and keys are constants, a
//! field's [`Value`] is known where it is made, so the compiler folds the `match` on it away and
//! each run of commas is a copy of known length (as the hand-written templates were).

use super::fields::{FieldError, LineFields};
use super::lines::Line;
use crate::sim::event::{BusyCause, Event, ReleaseCause, TransferCause, event_table};
use crate::sim::id::{AgentId, GroupId, IvrId, QueueId, TrafficId};
use crate::sim::model::{Destination, DeviceId};
use crate::sim::time::SimDuration;

/// The header row, after the comment line that holds the log's header. Every event field is
/// one of these columns (after `replication`, `time` and `event`), by its name.
pub(super) const COLUMNS: [&str; 19] = [
    "replication",
    "time",
    "event",
    "call",
    "traffic",
    "queue",
    "ivr",
    "agent",
    "device",
    "from",
    "to",
    "then",
    "transferred",
    "wait",
    "ringing",
    "cause",
    "group",
    "count",
    "factor",
];

/// The column of the event's name.
const EVENT: usize = 2;

/// The column named `name`; a field without one does not compile (this runs in `const`s only,
/// so the panic is a compile error, never a run-time one).
#[allow(clippy::panic)]
pub(super) const fn column(name: &str) -> usize {
    let mut i = 0;
    while i < COLUMNS.len() {
        if eq(COLUMNS[i].as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("an event field must be one of the log's COLUMNS");
}

const fn eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

pub(super) const CALL: usize = column("call");
pub(super) const TRAFFIC: usize = column("traffic");
pub(super) const QUEUE: usize = column("queue");
pub(super) const IVR: usize = column("ivr");
pub(super) const AGENT: usize = column("agent");
pub(super) const DEVICE: usize = column("device");
pub(super) const FROM: usize = column("from");
pub(super) const TO: usize = column("to");
pub(super) const THEN: usize = column("then");
pub(super) const TRANSFERRED: usize = column("transferred");
pub(super) const WAIT: usize = column("wait");
pub(super) const RINGING: usize = column("ringing");
pub(super) const CAUSE: usize = column("cause");
pub(super) const GROUP: usize = column("group");
pub(super) const COUNT: usize = column("count");
pub(super) const FACTOR: usize = column("factor");

/// The most fields an event has.
const MOST: usize = 4;

/// An event's columns, in the order of its fields, and the order they come in on a CSV line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    columns: [usize; MOST],
    by_column: [usize; MOST],
    len: usize,
}

impl Plan {
    /// The plan of an event whose fields are named `names`, in order.
    pub(super) const fn new(names: &[&str]) -> Plan {
        let mut plan = Plan { columns: [0; MOST], by_column: [0; MOST], len: names.len() };
        let mut i = 0;
        while i < names.len() {
            plan.columns[i] = column(names[i]);
            i += 1;
        }
        // The fields' indices sorted by column (insertion sort, at compile time).
        i = 0;
        while i < plan.len {
            plan.by_column[i] = i;
            let mut j = i;
            while j > 0 && plan.columns[plan.by_column[j - 1]] > plan.columns[plan.by_column[j]] {
                let swap = plan.by_column[j];
                plan.by_column[j] = plan.by_column[j - 1];
                plan.by_column[j - 1] = swap;
                j -= 1;
            }
            i += 1;
        }
        plan
    }

    /// In column order, each field's index and the commas before its cell (from the `event`
    /// column, or the previous field's).
    const fn steps(&self) -> [(usize, usize); MOST] {
        let mut steps = [(0, 0); MOST];
        let (mut k, mut at) = (0, EVENT);
        while k < self.len {
            let field = self.by_column[k];
            steps[k] = (field, self.columns[field] - at);
            at = self.columns[field];
            k += 1;
        }
        steps
    }

    /// The commas after the last field's cell, to the end of the line.
    const fn tail(&self) -> usize {
        let last = if self.len == 0 { EVENT } else { self.columns[self.by_column[self.len - 1]] };
        COLUMNS.len() - 1 - last
    }

    pub(super) fn columns(&self) -> &[usize] {
        &self.columns[..self.len]
    }
}

/// A field of an event, as the log writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value {
    /// A call's id (written through the line's cache of the last one).
    Call(u64),
    Int(u64),
    Float(f64),
    Device(DeviceId),
    Destination(Destination),
    Bool(bool),
    Name(&'static str),
    /// An optional field that is not set: an empty cell, a JSON `null`.
    Null,
}

/// A type an event field may have: how it becomes a [`Value`].
pub(super) trait Cell: Copy {
    fn value(self) -> Value;
}

/// `type => Variant(conversion)`: a type whose value is that of a variant.
macro_rules! cell {
    ($($type:ty => $make:expr),* $(,)?) => {$(
        impl Cell for $type {
            #[inline(always)]
            fn value(self) -> Value {
                $make(self)
            }
        }
    )*};
}
cell!(
    u32 => |n| Value::Int(u64::from(n)),
    u64 => Value::Int,
    f64 => Value::Float,
    bool => Value::Bool,
    DeviceId => Value::Device,
    Destination => Value::Destination,
    QueueId => |id: QueueId| Value::Int(u64::from(id.0)),
    IvrId => |id: IvrId| Value::Int(u64::from(id.0)),
    AgentId => |id: AgentId| Value::Int(u64::from(id.0)),
    GroupId => |id: GroupId| Value::Int(u64::from(id.0)),
    TrafficId => |id: TrafficId| Value::Int(u64::from(id.0)),
    SimDuration => |d: SimDuration| Value::Int(d.0),
);

impl<T: Cell> Cell for Option<T> {
    #[inline(always)]
    fn value(self) -> Value {
        self.map_or(Value::Null, Cell::value)
    }
}

/// A type an event field may have: how it is read from a line's field of type `R`.
pub(super) trait ReadCell<R>: Sized {
    /// The field named `field` of event `event`, from what the line gave.
    fn read(raw: R, field: &'static str, event: &str) -> Result<Self, FieldError>;
}

fn missing(field: &'static str, event: &str) -> FieldError {
    FieldError::new(field, format!("is missing; {event} needs it"))
}

macro_rules! read_as_is {
    ($($type:ty),*) => {$(
        impl ReadCell<Option<$type>> for $type {
            fn read(raw: Option<$type>, field: &'static str, event: &str) -> Result<Self, FieldError> {
                raw.ok_or_else(|| missing(field, event))
            }
        }
    )*};
}
read_as_is!(u32, u64, bool, DeviceId, Destination);

/// An id is read as its number.
macro_rules! read_id {
    ($($type:ident),*) => {$(
        impl ReadCell<Option<u32>> for $type {
            fn read(raw: Option<u32>, field: &'static str, event: &str) -> Result<Self, FieldError> {
                raw.map($type).ok_or_else(|| missing(field, event))
            }
        }
    )*};
}
read_id!(QueueId, IvrId, AgentId, GroupId, TrafficId);

/// A duration is read as its microseconds.
impl ReadCell<Option<u64>> for SimDuration {
    fn read(raw: Option<u64>, field: &'static str, event: &str) -> Result<Self, FieldError> {
        raw.map(SimDuration).ok_or_else(|| missing(field, event))
    }
}

/// The agent a call was ringing at when its caller hung up, if any.
impl ReadCell<Option<u32>> for Option<AgentId> {
    fn read(raw: Option<u32>, _: &'static str, _: &str) -> Result<Self, FieldError> {
        Ok(raw.map(AgentId))
    }
}

/// A device where a destination is read (`to` is a destination in `left-ivr`, a device in `transferred`).
impl ReadCell<Option<Destination>> for DeviceId {
    fn read(raw: Option<Destination>, field: &'static str, event: &str) -> Result<Self, FieldError> {
        match raw {
            Some(Destination::Transfer(device)) => Ok(device),
            Some(Destination::Release) => Err(FieldError::new(field, "a transfer goes to a device, not `release`")),
            None => Err(missing(field, event)),
        }
    }
}

/// A factor (of arrivals, of pace) is a number at least 0.
impl ReadCell<Option<f64>> for f64 {
    fn read(raw: Option<f64>, field: &'static str, event: &str) -> Result<Self, FieldError> {
        match raw {
            Some(factor) if factor.is_finite() && factor >= 0.0 => Ok(factor),
            Some(factor) => Err(FieldError::new(field, format!("{factor} is not a number at least 0"))),
            None => Err(missing(field, event)),
        }
    }
}

/// A cause is written by its name, and read back from it.
macro_rules! cause_cell {
    ($($type:ty => $what:literal),*) => {$(
        impl Cell for $type {
            #[inline(always)]
            fn value(self) -> Value {
                Value::Name(self.name())
            }
        }

        impl ReadCell<Option<&str>> for $type {
            fn read(raw: Option<&str>, field: &'static str, event: &str) -> Result<Self, FieldError> {
                let name = raw.ok_or_else(|| missing(field, event))?;
                <$type>::from_name(name)
                    .ok_or_else(|| FieldError::new(field, format!("`{name}` is not {}", $what)))
            }
        }
    )*};
}
cause_cell!(TransferCause => "a transfer cause", ReleaseCause => "a release cause", BusyCause => "a busy cause");

/// A field's value; `call` is a call's id.
macro_rules! value {
    (call, $value:expr) => {
        Value::Call($value)
    };
    ($field:ident, $value:expr) => {
        Cell::value($value)
    };
}

/// The code made from the table.
macro_rules! log_schema {
    ($( $(#[$doc:meta])* $variant:ident $name:literal $({ $($field:ident : $type:ty),* })? ,)*) => {
        /// The event's fields as (column, value), in the order of its fields; an unset optional
        /// field is left out.
        pub(super) fn fields(event: &Event) -> ([(usize, Value); MOST], usize) {
            let (plan, values): (&Plan, [Value; MOST]) = match *event {
                $( Event::$variant $({ $($field),* })? => {
                    const PLAN: Plan = Plan::new(&[$($(stringify!($field)),*)?]);
                    (&PLAN, pad([$($(value!($field, $field)),*)?]))
                } )*
            };
            let mut out = [(0, Value::Null); MOST];
            let mut len = 0;
            for (&column, value) in plan.columns().iter().zip(values) {
                if value != Value::Null {
                    out[len] = (column, value);
                    len += 1;
                }
            }
            (out, len)
        }

        /// Appends the event's CSV cells, from its name on, and the newline.
        #[inline]
        pub(super) fn write_csv(w: &mut Line, event: &Event) {
            match *event {
                $( Event::$variant $({ $($field),* })? => {
                    const PLAN: Plan = Plan::new(&[$($(stringify!($field)),*)?]);
                    w.text($name.as_bytes());
                    const STEPS: [(usize, usize); MOST] = PLAN.steps();
                    csv_cells(w, &STEPS, PLAN.len, PLAN.tail(), [$($(value!($field, $field)),*)?]);
                } )*
            }
        }

        /// Appends the event's JSON, from its name on (inside the `"event"` string), the closing
        /// brace and the newline.
        #[inline]
        pub(super) fn write_json(w: &mut Line, event: &Event) {
            match *event {
                $( Event::$variant $({ $($field),* })? => {
                    w.text(concat!($name, "\"").as_bytes());
                    $($(
                        w.text(concat!(",\"", stringify!($field), "\":").as_bytes());
                        w.json(value!($field, $field));
                    )*)?
                    w.text(b"}\n");
                } )*
            }
        }

        impl LineFields<'_> {
            /// The event a line's fields make, and its columns: the event's name says which
            /// fields it needs.
            pub(super) fn schema_event(&self) -> Result<(Event, &'static [usize]), FieldError> {
                let name = self.event;
                Ok(match name {
                    $( $name => {
                        const PLAN: Plan = Plan::new(&[$($(stringify!($field)),*)?]);
                        (
                            Event::$variant $({ $($field: ReadCell::read(self.$field, stringify!($field), name)?),* })?,
                            &PLAN.columns[..PLAN.len],
                        )
                    } )*
                    other => return Err(FieldError::new("event", format!("`{other}` is not an event"))),
                })
            }
        }
    };
}

event_table!(log_schema);

/// `values`, padded with [`Value::Null`] to [`MOST`].
#[inline(always)]
fn pad<const N: usize>(values: [Value; N]) -> [Value; MOST] {
    let mut out = [Value::Null; MOST];
    out[..N].copy_from_slice(&values);
    out
}

/// Commas enough for any run of empty cells.
const COMMAS: &[u8; COLUMNS.len()] = b",,,,,,,,,,,,,,,,,,,";

/// Appends an event's cells after its name: each column's commas, its value where the event has
/// one, and the newline. Unrolled by hand: inlined into each event's template, where `steps`,
/// `len` and `tail` are constants, each step is a copy of known length and a value of known
/// variant. A loop over the plan was not unrolled, and each run of commas, of a length known
/// only at run time, compiled to a call to memset: together 15 % more instructions on a run
/// with a CSV log than the hand-written templates (callgrind), against 3 % now.
#[inline(always)]
fn csv_cells<const N: usize>(
    w: &mut Line,
    steps: &[(usize, usize); MOST],
    len: usize,
    tail: usize,
    values: [Value; N],
) {
    macro_rules! step {
        ($k:literal) => {
            if len > $k {
                w.text(&COMMAS[..steps[$k].1]);
                w.csv(values[steps[$k].0]);
            }
        };
    }
    step!(0);
    step!(1);
    step!(2);
    step!(3);
    w.text(&COMMAS[..tail]);
    w.text(b"\n");
}
