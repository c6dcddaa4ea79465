//! Rule "lines": a call holds a line of its access code and of the tenant from its arrival until
//! it leaves the system — released, or hung up to wait for a callback or to call again. A call
//! finding every line taken gets a busy tone (released with cause `trunk-busy`).

use crate::sim::event::{Projection, ReleaseCause};
use crate::sim::id::CallSlot;

use super::Engine;

/// Lines taken (`[lines]`): the tenant's, and each limited access code's.
#[derive(Debug)]
pub(super) struct LinesInUse {
    tenant: u32,
    codes: Vec<u32>,
}

impl LinesInUse {
    pub(super) fn new(codes: usize) -> Self {
        LinesInUse { tenant: 0, codes: vec![0; codes] }
    }
}

impl<P: Projection> Engine<'_, P> {
    /// The call takes a line, if the tenant and its access code have one free; otherwise it is
    /// released with a busy tone. Returns whether it got one.
    #[inline(never)] // only with [lines], kept out of the default path
    pub(super) fn takes_line(&mut self, slot: CallSlot) -> bool {
        let (Some(limits), Some(used)) = (&self.model.lines, &mut self.trunk) else { return true };
        let code = limits.of_traffic[self.calls[slot].traffic];
        let full = used.tenant >= limits.tenant || code.is_some_and(|c| used.codes[c] >= limits.codes[c]);
        if full {
            self.release(slot, ReleaseCause::TrunkBusy);
            return false;
        }
        self.hold_line(slot);
        true
    }

    /// The call holds a line whether or not one is free: a call already in the system at a
    /// warm start.
    pub(super) fn hold_line(&mut self, slot: CallSlot) {
        let (Some(limits), Some(used)) = (&self.model.lines, &mut self.trunk) else { return };
        let c = &mut self.calls[slot];
        used.tenant += 1;
        if let Some(code) = limits.of_traffic[c.traffic] {
            used.codes[code] += 1;
        }
        c.line = true;
    }

    /// The caller hangs up: its line, if it holds one, is free again.
    #[inline(never)] // only with [lines], kept out of the default path
    pub(super) fn free_line(&mut self, slot: CallSlot) {
        let (Some(limits), Some(used)) = (&self.model.lines, &mut self.trunk) else { return };
        let c = &mut self.calls[slot];
        if !std::mem::take(&mut c.line) {
            return;
        }
        used.tenant -= 1;
        if let Some(code) = limits.of_traffic[c.traffic] {
            used.codes[code] -= 1;
        }
    }
}
