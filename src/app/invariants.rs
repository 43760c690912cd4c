//! The window's state invariants, checked after every step of the monkey test.
