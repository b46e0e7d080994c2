//! Room for what the replay keeps, asked of the allocator in large pieces.
//!
//! glibc's allocator gives each thread but the main one an arena of its own, whose heap it
//! grows by what each allocation lacks, a page or two at a time, one system call (`mprotect`)
//! each: the replay of the 100,000-item sample office, on its own thread, made 39,263 of them,
//! with the replayed items' 300 MB. A large block taken and given back at once leaves its room
//! at the top of the heap, and the small allocations that follow are carved from it without a
//! call. (Its pages are not touched, so they cost no memory until used.) Another allocator
//! loses two calls per batch, at most.

/// The room made before each batch: far more than a batch's events keep.
const ROOM: usize = 8 << 20;

/// A block above glibc's first threshold for mapping a block apart (128 KiB): given back, it
/// raises that threshold to its size, so that the blocks of [`ROOM`] come from the heap.
const THRESHOLD: usize = 16 << 20;

/// Once, on the replaying thread, before the first batch.
pub(super) fn prepare() {
    take_and_give_back(THRESHOLD);
}

/// Before each batch.
pub(super) fn make() {
    take_and_give_back(ROOM);
}

fn take_and_give_back(bytes: usize) {
    // Kept from the optimizer, which would drop an allocation nothing uses.
    drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
}
