//! The language reference: every transform's syntax, description and examples, and the
//! generator of `docs/language.md` (functions come from the [catalog](crate::catalog)).

mod markdown;
mod transforms;

pub use markdown::language_reference;
pub use transforms::{all as all_transforms, reference, transform, TransformDoc, TransformFamily};
