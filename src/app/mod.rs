//! The application core between the front ends and the store: no terminal here.

pub mod demo;
pub mod input;
pub mod office;

pub use office::{Listed, Office};
