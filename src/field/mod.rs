//! Shared normalizers: one implementation of each meaning every vendor module uses.

pub mod contact;
pub mod direction;
pub mod duration;
pub mod fold;
pub mod labelled;
pub mod lowercase;
pub mod metrics;
pub mod phone;
pub mod status;
pub mod time;
pub mod transcript;
