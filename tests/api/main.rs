//! Integration tests: the real router on 127.0.0.1:0, a temp data dir, a settable clock.

mod helpers;

mod catalog;
mod cinemas;
mod foundation;
mod holds;
mod ledger;
mod showtimes;
mod tickets;
mod users;
mod vnpay;
