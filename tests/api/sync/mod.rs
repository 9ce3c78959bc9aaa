//! Head office and its sites: the signed push in-process, then two real processes (a site
//! and central, each its own data dir) on loopback.

mod chain;
mod loyalty;
mod processes;
pub(crate) mod procs;
mod signed;
