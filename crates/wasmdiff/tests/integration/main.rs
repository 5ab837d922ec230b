//! Integration tests with real engines: every adapter, the trap mapping, the
//! NaN and resource handling, and generation end to end.

mod adapters;
mod campaign;
mod common;
mod false_alarms;
mod features;
mod fuzzing;
mod generation;
mod nan;
mod smoke;
mod spec;
mod traps;
mod v8;
