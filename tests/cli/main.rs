//! Integration tests: they run the real `qantara` binary on real files, in a temporary
//! working directory each. All compile into this one test binary.

mod align;
mod align_bounds;
mod bad_input;
mod batch;
mod browser;
mod document_identity;
mod documents;
mod eval;
mod languages;
mod layers;
mod lexicon;
mod outputs;
mod read_only;
mod readme;
mod reliability;
mod review;
mod round_trips;
mod segment_cases;
mod segment_command;
mod segmentation;
mod snapshots;
mod srx;
mod tm;
mod workdir;
