//! A value kept from one normalization for the next: a cache of one, shared by threads.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A value a normalization takes, uses and puts back, for the next one to find. The lock is held
/// only to take and to put, never while the value is used: a normalization running meanwhile on
/// another thread goes without. What is put must be allocated outside the arena of a
/// normalization (crate::outside_arena), since it outlives it.
pub(crate) struct Kept<T>(Mutex<Option<T>>);

impl<T> Kept<T> {
    /// Nothing kept yet.
    pub(crate) const fn new() -> Kept<T> {
        Kept(Mutex::new(None))
    }

    /// The kept value, if any, leaving none.
    pub(crate) fn take(&self) -> Option<T> {
        self.slot().take()
    }

    /// Keeps `value` for the next normalization.
    pub(crate) fn put(&self, value: T) {
        *self.slot() = Some(value);
    }

    fn slot(&self) -> MutexGuard<'_, Option<T>> {
        // A value is replaced whole, never left half-changed, so a poisoned lock is still sound.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T> Default for Kept<T> {
    fn default() -> Kept<T> {
        Kept::new()
    }
}

/// A clone keeps nothing yet: what is kept belongs to the original's past.
impl<T> Clone for Kept<T> {
    fn clone(&self) -> Kept<T> {
        Kept::new()
    }
}

impl<T> fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Kept")
    }
}
