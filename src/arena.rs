//! A bump arena in front of the wasm builds' allocator, for the allocations of one normalization.
//!
//! Normalizing a body makes many small, short-lived allocations: the parsed tree, pointers for
//! `extra`, transcript lines, the event. In wasm, Talc's allocate and free were about a tenth of
//! `normalize` at 1 KB. Inside a [`ScopedArena::scope`] an allocation is a pointer bump in one
//! region, and a free only counts it (or steps the bump back, when it was the last one).
//!
//! Memory is never reused while anything allocated in the region lives: the bump starts over only
//! when a scope is entered with no live allocation left in the region. Whatever outlives a call
//! (the event a Worker still stores, a buffer kept from call to call) keeps the region as it is;
//! later scopes go on bumping after it and fall back to the inner allocator once it is full. An
//! allocation that does not fit, or one made outside a scope, goes to the inner allocator.
//!
//! The region is taken from the inner allocator and grows to what the last scope asked for (a
//! power of two between [`MIN_REGION`] and [`MAX_REGION`]); it is never given back smaller, so
//! bodies of mixed sizes do not trade it back and forth.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// The smallest region: room for every allocation of a body of some kilobytes.
const MIN_REGION: usize = 64 << 10;
/// The largest region kept (the same bound as the npm package's kept output buffer).
const MAX_REGION: usize = 4 << 20;
/// The alignment of the region itself (wasm's largest, a SIMD vector).
const REGION_ALIGN: usize = 16;

/// An allocator that serves allocations made inside a scope from a bump region, and every other
/// one from `inner`. Not for threads: its state is unsynchronized.
pub(crate) struct ScopedArena<A> {
    inner: A,
    state: UnsafeCell<State>,
}

/// The region and the bump within it.
struct State {
    /// The region's first byte, and one past its last (both 0 while there is none).
    start: usize,
    end: usize,
    /// Where the next allocation in the region may start.
    next: usize,
    /// Allocations in the region not freed yet.
    live: usize,
    /// Whether a scope is open.
    active: bool,
    /// Bytes asked for in the open (or last) scope, whether the region held them or not.
    demand: usize,
}

// SAFETY: only built for single-threaded wasm (the global allocator in lib.rs), where no two
// calls can ever run at once; the state is touched by one call at a time.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for ScopedArena<A> {}

impl<A: GlobalAlloc> ScopedArena<A> {
    /// An arena with no region yet in front of `inner`.
    pub(crate) const fn new(inner: A) -> Self {
        ScopedArena {
            inner,
            state: UnsafeCell::new(State {
                start: 0,
                end: 0,
                next: 0,
                live: 0,
                active: false,
                demand: 0,
            }),
        }
    }

    /// Runs `work` with its allocations served from the region. A scope inside a scope is part
    /// of the outer one.
    pub(crate) fn scope<T>(&self, work: impl FnOnce() -> T) -> T {
        // SAFETY (each access to the state): single-threaded, and no reference to the state is
        // held across a call that could reach the allocator again.
        let opened = unsafe { self.open() };
        let result = work();
        if opened {
            unsafe { (*self.state.get()).active = false };
        }
        result
    }

    /// Runs `work` with its allocations served by the inner allocator, even inside a scope: for
    /// what lives for the rest of the program, which would keep the region from starting over.
    pub(crate) fn outside<T>(&self, work: impl FnOnce() -> T) -> T {
        // SAFETY: as in `scope`.
        let was_active = unsafe { std::mem::replace(&mut (*self.state.get()).active, false) };
        let result = work();
        unsafe { (*self.state.get()).active = was_active };
        result
    }

    /// Opens a scope, starting the region over (and resizing it) when nothing in it lives.
    /// Returns false when a scope was already open.
    unsafe fn open(&self) -> bool {
        let state = &mut *self.state.get();
        if state.active {
            return false;
        }
        if state.live == 0 {
            let wanted = state
                .demand
                .next_power_of_two()
                .clamp(MIN_REGION, MAX_REGION);
            if state.end - state.start < wanted {
                self.replace_region(state, wanted);
            }
            state.next = state.start;
        }
        state.demand = 0;
        state.active = true;
        true
    }

    /// Gives the region back to `inner` and takes one of `size` bytes (none if `inner` has no
    /// room: every allocation then goes to `inner`).
    unsafe fn replace_region(&self, state: &mut State, size: usize) {
        if state.end > state.start {
            let old = Layout::from_size_align_unchecked(state.end - state.start, REGION_ALIGN);
            self.inner.dealloc(state.start as *mut u8, old);
        }
        let start = match Layout::from_size_align(size, REGION_ALIGN) {
            Ok(layout) => self.inner.alloc(layout) as usize,
            Err(_) => 0,
        };
        state.start = start;
        state.end = if start == 0 { 0 } else { start + size };
        state.next = start;
    }

    /// A bump allocation in the region, or null when no scope is open or it does not fit.
    unsafe fn bump(&self, layout: Layout) -> *mut u8 {
        let state = &mut *self.state.get();
        if !state.active {
            return std::ptr::null_mut();
        }
        state.demand = state.demand.saturating_add(layout.size());
        let at = (state.next + layout.align() - 1) & !(layout.align() - 1);
        match at.checked_add(layout.size()) {
            Some(until) if state.start != 0 && until <= state.end => {
                state.next = until;
                state.live += 1;
                at as *mut u8
            }
            _ => std::ptr::null_mut(),
        }
    }

    /// Whether `ptr` was allocated in the region.
    fn holds(&self, ptr: *mut u8) -> bool {
        // SAFETY: a read of the state, with no other reference to it alive.
        let state = unsafe { &*self.state.get() };
        (state.start..state.end).contains(&(ptr as usize))
    }
}

// SAFETY: every pointer handed out is either `inner`'s (and given back to it) or a range of the
// region, aligned as asked, that no other live allocation overlaps: the bump only moves forward
// while anything in the region lives, and steps back only over the last allocation once freed.
// Out of line: the fast path is small enough that LTO would copy it into every allocation site
// (36 KB more code in the npm .wasm).
unsafe impl<A: GlobalAlloc> GlobalAlloc for ScopedArena<A> {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = self.bump(layout);
        if ptr.is_null() {
            return self.inner.alloc(layout);
        }
        ptr
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = self.bump(layout);
        if ptr.is_null() {
            return self.inner.alloc_zeroed(layout);
        }
        // The region is reused: its bytes are whatever the last scope left.
        std::ptr::write_bytes(ptr, 0, layout.size());
        ptr
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !self.holds(ptr) {
            return self.inner.dealloc(ptr, layout);
        }
        let state = &mut *self.state.get();
        state.live -= 1;
        if ptr as usize + layout.size() == state.next {
            state.next = ptr as usize;
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.holds(ptr) {
            return self.inner.realloc(ptr, layout, new_size);
        }
        {
            let state = &mut *self.state.get();
            let at = ptr as usize;
            if at + layout.size() == state.next && new_size <= state.end - at {
                // The last allocation grows (or shrinks) where it is.
                state.next = at + new_size;
                state.demand = state
                    .demand
                    .saturating_add(new_size.saturating_sub(layout.size()));
                return ptr;
            }
        }
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    fn state(arena: &ScopedArena<System>) -> &State {
        unsafe { &*arena.state.get() }
    }

    #[test]
    fn outside_a_scope_the_inner_allocator_serves() {
        let arena = ScopedArena::new(System);
        unsafe {
            let ptr = arena.alloc(layout(32, 8));
            assert!(!ptr.is_null() && !arena.holds(ptr));
            arena.dealloc(ptr, layout(32, 8));
        }
    }

    #[test]
    fn inside_a_scope_allocations_bump_aligned_and_disjoint() {
        let arena = ScopedArena::new(System);
        let ptrs = arena.scope(|| unsafe {
            let a = arena.alloc(layout(3, 1));
            let b = arena.alloc(layout(8, 8));
            let c = arena.alloc_zeroed(layout(16, 16));
            for (ptr, size) in [(a, 3), (b, 8), (c, 16)] {
                assert!(arena.holds(ptr));
                std::ptr::write_bytes(ptr, 0xAB, size);
            }
            assert_eq!(b as usize % 8, 0);
            assert_eq!(c as usize % 16, 0);
            assert!(a as usize + 3 <= b as usize && b as usize + 8 <= c as usize);
            [a, b, c]
        });
        assert_eq!(state(&arena).live, 3);
        unsafe {
            arena.dealloc(ptrs[0], layout(3, 1));
            arena.dealloc(ptrs[1], layout(8, 8));
            arena.dealloc(ptrs[2], layout(16, 16));
        }
        assert_eq!(state(&arena).live, 0);
    }

    #[test]
    fn the_region_starts_over_only_once_nothing_in_it_lives() {
        let arena = ScopedArena::new(System);
        let kept = arena.scope(|| unsafe { arena.alloc(layout(64, 8)) });
        // Something from the last scope lives: the next scope allocates after it.
        let second = arena.scope(|| unsafe {
            let ptr = arena.alloc(layout(64, 8));
            assert!(ptr as usize >= kept as usize + 64);
            ptr
        });
        unsafe {
            arena.dealloc(second, layout(64, 8));
            arena.dealloc(kept, layout(64, 8));
        }
        // Nothing lives: the region starts over, and zeroed memory is zero again.
        arena.scope(|| unsafe {
            let ptr = arena.alloc_zeroed(layout(64, 8));
            assert_eq!(ptr, kept);
            assert!(std::slice::from_raw_parts(ptr, 64).iter().all(|&b| b == 0));
            arena.dealloc(ptr, layout(64, 8));
        });
    }

    #[test]
    fn the_last_allocation_grows_in_place_and_others_move_with_their_bytes() {
        let arena = ScopedArena::new(System);
        arena.scope(|| unsafe {
            let a = arena.alloc(layout(4, 1));
            std::ptr::copy_nonoverlapping(b"abcd".as_ptr(), a, 4);
            let grown = arena.realloc(a, layout(4, 1), 100);
            assert_eq!(grown, a);
            let b = arena.alloc(layout(4, 1));
            let moved = arena.realloc(grown, layout(100, 1), 200);
            assert_ne!(moved, grown);
            assert_eq!(std::slice::from_raw_parts(moved, 4), b"abcd");
            assert_eq!(state(&arena).live, 2);
            arena.dealloc(b, layout(4, 1));
            arena.dealloc(moved, layout(200, 1));
            assert_eq!(state(&arena).live, 0);
        });
    }

    #[test]
    fn what_does_not_fit_goes_to_the_inner_allocator_and_the_next_region_is_larger() {
        let arena = ScopedArena::new(System);
        arena.scope(|| unsafe {
            let big = arena.alloc(layout(MIN_REGION * 2, 8));
            assert!(!big.is_null() && !arena.holds(big));
            std::ptr::write_bytes(big, 1, MIN_REGION * 2);
            let moved = arena.realloc(big, layout(MIN_REGION * 2, 8), MIN_REGION * 3);
            assert!(!arena.holds(moved));
            arena.dealloc(moved, layout(MIN_REGION * 3, 8));
        });
        arena.scope(|| unsafe {
            let big = arena.alloc(layout(MIN_REGION * 2, 8));
            assert!(arena.holds(big));
            arena.dealloc(big, layout(MIN_REGION * 2, 8));
        });
        let s = state(&arena);
        assert!(s.end - s.start >= MIN_REGION * 2 && s.end - s.start <= MAX_REGION);
    }

    #[test]
    fn what_is_made_outside_inside_a_scope_does_not_hold_the_region() {
        let arena = ScopedArena::new(System);
        let (kept, first) = arena.scope(|| unsafe {
            let kept = arena.outside(|| arena.alloc(layout(64, 8)));
            assert!(!arena.holds(kept));
            let first = arena.alloc(layout(8, 8));
            assert!(arena.holds(first));
            arena.dealloc(first, layout(8, 8));
            (kept, first)
        });
        arena.scope(|| unsafe {
            let again = arena.alloc(layout(8, 8));
            assert_eq!(again, first);
            arena.dealloc(again, layout(8, 8));
        });
        unsafe { arena.dealloc(kept, layout(64, 8)) };
    }

    #[test]
    fn a_scope_inside_a_scope_is_part_of_it() {
        let arena = ScopedArena::new(System);
        arena.scope(|| {
            let inner = arena.scope(|| unsafe { arena.alloc(layout(8, 8)) });
            // Still open after the inner scope ended.
            let after = unsafe { arena.alloc(layout(8, 8)) };
            assert!(arena.holds(inner) && arena.holds(after));
            unsafe {
                arena.dealloc(after, layout(8, 8));
                arena.dealloc(inner, layout(8, 8));
            }
        });
        assert!(!state(&arena).active);
    }
}
