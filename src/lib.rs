//! MovieHub: the booking system of a cinema chain as one binary per site.
//!
//! [`app`] wires the services together, assembles the router from each domain's `routes()`
//! and runs the server.
//! One folder per domain: `users/`, `catalog/`, … each with `mod.rs` (types), `store.rs`
//! (the only SQL), `service.rs` (rules) and `routes.rs` (thin handlers).

pub mod app;
pub mod bookings;
pub mod catalog;
pub mod cinemas;
pub mod cli;
pub mod cli_ops;
pub mod clock;
pub mod concessions;
pub mod config;
pub mod db;
pub mod demo;
pub mod holds;
pub mod http;
pub mod i18n;
pub mod loyalty;
pub mod money;
pub mod payments;
pub mod pricing;
pub mod promotions;
pub mod refunds;
pub mod reports;
pub mod sales;
pub mod secrets;
pub mod sync;
pub mod tickets;
pub mod tills;
pub mod users;
pub mod web;
