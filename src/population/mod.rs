//! The synthetic population: person columns, villages, the region layout,
//! initial synthesis and the household rules.

pub mod household;
pub mod layout;
pub mod people;
pub mod prefetch;
pub mod synth;
pub mod village;
