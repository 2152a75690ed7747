//! Demographic submodels: mortality, fertility, partnership, migration, ageing.

pub mod ageing;
pub mod fertility;
pub mod migration;
pub mod mortality;
pub mod partnership;
