//! Rebuilds the server when the viewer it embeds (`../dist`, Trunk's output) changes: Trunk names
//! files after their content, so a new build adds and removes files, which the embedding macro
//! alone does not notice.

fn main() {
    println!("cargo:rerun-if-changed=../dist");
}
