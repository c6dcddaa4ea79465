//! Typed ids: a queue, an IVR, an agent, a group, a traffic entry and a call's slot in the engine
//! are each a number of their own type, so one cannot be passed where another is meant, and a
//! [`Table`] of queues can only be looked up by a [`QueueId`].
//!
//! Each id is the entity's index in the compiled [`crate::sim::model::Model`] (or, for a
//! [`CallSlot`], in the engine's table of calls in the system). The log writes an id as its bare
//! number, so the types change nothing in any output.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use serde::{Deserialize, Serialize};

/// An index into a [`Table`]: a `u32` newtype.
pub trait Id: Copy {
    /// The id of the `index`th entry.
    fn from_index(index: usize) -> Self;
    /// The entry's position in its table.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl Id for $name {
            #[inline(always)]
            fn from_index(index: usize) -> Self {
                $name(index as u32)
            }

            #[inline(always)]
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl $name {
            /// The id of the `index`th entry.
            #[inline(always)]
            pub fn from_index(index: usize) -> Self {
                <$name as Id>::from_index(index)
            }

            /// The entry's position in its table.
            #[inline(always)]
            pub fn index(self) -> usize {
                <$name as Id>::index(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A skill queue, by its position in the scenario's `skill_queues`.
    QueueId,
    /// An IVR flow, by its position in the scenario's `ivrs`.
    IvrId,
    /// An agent who answers calls, numbered group after group in the scenario's order.
    AgentId,
    /// An agent group that answers calls (quality checkers are left out).
    GroupId,
    /// A traffic entry, by its position in the scenario's `traffic`.
    TrafficId,
    /// A call's place in the engine's table of calls in the system; reused once the call ends.
    CallSlot,
}

/// A vector looked up by one kind of id only.
#[derive(Clone, PartialEq)]
pub struct Table<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I)>,
}

impl<I: Id, T> Table<I, T> {
    /// An empty table.
    pub fn new() -> Self {
        Table { items: Vec::new(), id: PhantomData }
    }

    /// `len` entries, each `make(id)`.
    pub fn from_fn(len: usize, make: impl FnMut(I) -> T) -> Self {
        (0..len).map(I::from_index).map(make).collect()
    }

    /// Adds an entry at the end, giving its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::from_index(self.items.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entry of `id`, if there is one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::from_index)
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every entry with its id, in order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, item)| (I::from_index(i), item))
    }

    /// The id of the first entry for which `wanted` holds.
    pub fn position(&self, wanted: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(wanted).map(I::from_index)
    }

    /// The entries, in order, as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<I: Id, T> Default for Table<I, T> {
    fn default() -> Self {
        Table::new()
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Table<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I: Id, T> Index<I> for Table<I, T> {
    type Output = T;

    #[inline(always)]
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for Table<I, T> {
    #[inline(always)]
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<I: Id, T> FromIterator<T> for Table<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(items: It) -> Self {
        Table { items: items.into_iter().collect(), id: PhantomData }
    }
}

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(items: Vec<T>) -> Self {
        Table { items, id: PhantomData }
    }
}

impl<'a, I: Id, T> IntoIterator for &'a Table<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I: Id, T> IntoIterator for &'a mut Table<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_looked_up_by_its_own_ids() {
        let mut queues: Table<QueueId, &str> = Table::new();
        let sales = queues.push("sales");
        let support = queues.push("support");
        assert_eq!((sales, support), (QueueId(0), QueueId(1)));
        assert_eq!(queues[support], "support");
        assert_eq!(queues.ids().collect::<Vec<_>>(), [sales, support]);
        assert_eq!(queues.get(QueueId(2)), None);
        assert_eq!(QueueId(7).to_string(), "7");
    }
}
