//! What the viewer computes from tasks beyond showing them: the export files, duration statistics
//! and the geometry of its charts. Plain Rust, native-tested; the viewer only draws the results.

pub mod chart;
pub mod export;
pub mod stats;
pub mod walk;
