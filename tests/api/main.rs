//! Integration tests: the real router on 127.0.0.1:0, a temp data dir, a settable clock.

mod helpers;

mod admin_pages;
mod basket;
mod bookings;
mod catalog;
mod checkin;
mod checkout_pages;
mod cinema_pages;
mod cinemas;
mod crash;
mod day_pages;
mod foundation;
mod fuzz;
mod holds;
mod html_valid;
mod i18n_pages;
mod kiosk_pages;
mod ledger;
mod metrics;
mod openapi;
mod outbox;
mod quote;
mod refunds;
mod route_roles;
mod sale_pages;
mod sales_core;
mod security;
mod showtimes;
mod soak;
mod sync;
mod tickets;
mod tills;
mod users;
mod vnpay;
mod web;
