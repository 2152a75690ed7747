//! ruralcare: an agent-based simulation of rural ageing and elderly-care
//! demand (default region: rural Jilin Province, 2020–2050).
//!
//! The library builds synthetic villages from a scenario, steps them year by
//! year through the plan in [`plan`], and writes additive indicators. The
//! binary (`src/main.rs`) is a thin command-line layer over [`runner`].

pub mod attitudes;
pub mod bands;
pub mod care;
pub mod census;
pub mod demography;
pub mod economy;
pub mod facilities;
pub mod finance;
pub mod health;
pub mod income;
pub mod indicators;
pub mod integration;
pub mod ltc;
pub mod output;
pub mod pension;
pub mod plan;
pub mod population;
pub mod report;
pub mod reproduce;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod services;
pub mod sim;
pub mod workforce;
