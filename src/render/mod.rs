//! Output formats of `buildfix analyze`.

pub mod json;
pub mod text;
