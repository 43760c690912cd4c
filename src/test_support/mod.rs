//! Support for the tests (the `test-support` feature, which the crate's own tests turn on;
//! release builds leave it out): the window's state invariants, an oracle recomputed from the
//! records independently of the code that maintains the state.

mod invariants;
mod recompute;

pub use invariants::check_invariants;
