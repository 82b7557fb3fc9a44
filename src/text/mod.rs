//! Text handling shared by every stage: reading files into Unicode text, and the
//! character classes and normal forms used when sentences are measured or compared.

pub mod input;
pub mod normalize;
pub mod script;
pub mod stem;
