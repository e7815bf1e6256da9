//! The migrations are embedded at compile time; make cargo notice when they change.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
