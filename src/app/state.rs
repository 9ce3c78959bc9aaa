//! The application state: settings, clock, databases and one service per domain, wired
//! together once. Routes take the parts they need through axum's `FromRef`.

use super::live_facts::LiveFacts;
use super::reactions::Reactions;
use super::seats::SeatViews;
use super::taken::TakenCounts;
use crate::bookings::{BookingInputs, Bookings};
use crate::catalog::Catalog;
use crate::cinemas::Cinemas;
use crate::clock::Clock;
use crate::concessions::Concessions;
use crate::config::Settings;
use crate::db::Databases;
use crate::holds::{FactsSource, Holds};
use crate::loyalty::Loyalty;
use crate::payments::Payments;
use crate::promotions::Promotions;
use crate::refunds::Refunds;
use crate::sales::{React, Sales};
use crate::secrets::Secrets;
use crate::tickets::{TicketSigner, Tickets};
use crate::tills::Tills;
use crate::users::Users;
use axum::extract::FromRef;
use std::sync::Arc;
use std::time::Instant;

/// Shared state: one `Arc`, so the router's clone per request is one atomic increment.
#[derive(Clone)]
pub struct AppState(Arc<Parts>);

impl std::ops::Deref for AppState {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.0
    }
}

/// Each service's substate, for routes that take it through `FromRef`.
macro_rules! substates {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(
            impl FromRef<AppState> for $ty {
                fn from_ref(s: &AppState) -> $ty {
                    s.0.$field.clone()
                }
            }
        )*
    };
}

substates!(
    settings: Arc<Settings>,
    clock: Clock,
    dbs: Databases,
    users: Users,
    catalog: Catalog,
    sales: Sales,
    bookings: Bookings,
    payments: Payments,
    tickets: Tickets,
    cinemas: Cinemas,
    holds: Holds,
    tills: Tills,
    taken: TakenCounts,
    concessions: Concessions,
    promotions: Promotions,
    loyalty: Loyalty,
    refunds: Refunds,
    central: crate::sync::Central,
    reports: crate::reports::Reports,
);

/// What the state holds.
#[derive(Clone)]
pub struct Parts {
    /// Effective settings.
    pub settings: Arc<Settings>,
    /// The clock every time rule reads.
    pub clock: Clock,
    /// The four database files.
    pub dbs: Databases,
    /// Accounts and access.
    pub users: Users,
    /// Movie catalog.
    pub catalog: Catalog,
    /// The owner of bookings.db's write transactions.
    pub sales: Sales,
    /// Bookings and the sold-seat ledger.
    pub bookings: Bookings,
    /// Payments (box office, VNPay) and a booking's detail.
    pub payments: Payments,
    /// Tickets and door check-in.
    pub tickets: Tickets,
    /// Cinemas, halls, seats, pricing, showtimes.
    pub cinemas: Cinemas,
    /// Live seat holds.
    pub holds: Holds,
    /// Box-office till sessions and cash-ups.
    pub tills: Tills,
    /// Available-seat counts, reported from the ledger to cinemas.
    pub taken: TakenCounts,
    /// The menu and its stock.
    pub concessions: Concessions,
    /// Promotion codes.
    pub promotions: Promotions,
    /// The points ledger.
    pub loyalty: Loyalty,
    /// Refunds, the policy, approvals.
    pub refunds: Refunds,
    /// Head office's side of sync (used when `server.role = "central"`).
    pub central: crate::sync::Central,
    /// Read-only figures over the ledger.
    pub reports: crate::reports::Reports,
    /// What reacts to committed sales (subscribed to the sales core).
    pub reactions: Arc<dyn React>,
    /// When the process started (for `/api/health`).
    pub started: Instant,
}

impl FromRef<AppState> for SeatViews {
    fn from_ref(s: &AppState) -> SeatViews {
        SeatViews {
            cinemas: s.cinemas.clone(),
            ledger: s.bookings.ledger().clone(),
            holds: s.holds.clone(),
            counts: s.taken.clone(),
        }
    }
}

impl FromRef<AppState> for crate::web::Pages {
    fn from_ref(s: &AppState) -> crate::web::Pages {
        crate::web::Pages {
            settings: s.settings.clone(),
            clock: s.clock.clone(),
            users: s.users.clone(),
            catalog: s.catalog.clone(),
            cinemas: s.cinemas.clone(),
            bookings: s.bookings.clone(),
            payments: s.payments.clone(),
            tills: s.tills.clone(),
            holds: s.holds.clone(),
            concessions: s.concessions.clone(),
            loyalty: s.loyalty.clone(),
            refunds: s.refunds.clone(),
            reports: s.reports.clone(),
            central: s.central.clone(),
            promotions: s.promotions.clone(),
            seats_changed: {
                let taken = s.taken.clone();
                std::sync::Arc::new(move |showtime: &str| taken.seats_changed(showtime))
            },
        }
    }
}

impl FromRef<AppState> for TicketSigner {
    fn from_ref(s: &AppState) -> TicketSigner {
        s.tickets.signer().clone()
    }
}

impl AppState {
    /// Open the data dir and build every domain service.
    pub fn open(settings: Settings, clock: Clock) -> Result<AppState, String> {
        let secrets: Secrets = crate::secrets::load_or_create(&settings)?;
        let dbs = Databases::open(&settings.storage).map_err(|e| e.to_string())?;
        let users = Users::new(
            dbs.users.clone(),
            &secrets.jwt,
            &settings.auth,
            clock.clone(),
        );
        let mut catalog = Catalog::new(dbs.catalog.clone(), &settings, clock.clone());
        let chain = settings
            .sync
            .enabled()
            .then(|| settings.sync.central_url.clone());
        if let Some(url) = &chain {
            catalog = catalog.managed_by(url);
        }
        let cinemas = Cinemas::new(
            dbs.cinemas.clone(),
            catalog.clone(),
            &settings,
            clock.clone(),
        );
        let sales = Sales::new(dbs.bookings.clone());
        let ledger = crate::bookings::Ledger::new(dbs.bookings.clone());
        let facts = Arc::new(LiveFacts::new(
            cinemas.clone(),
            ledger,
            settings.bookings.box_office_minutes_after_start,
        ));
        let holds = Holds::new(settings.holds.clone(), clock.clone(), facts);
        let signer = TicketSigner::from_seed(&secrets.ticket_seed);
        let tickets = Tickets::new(
            sales.clone(),
            signer,
            clock.clone(),
            settings.tickets.checkin_opens_minutes,
        );
        let bookings = Bookings::new(
            sales.clone(),
            BookingInputs {
                cinemas: cinemas.clone(),
                catalog: catalog.clone(),
                holds: holds.clone(),
            },
            &settings.bookings,
            clock.clone(),
        )
        .with_timezone(settings.timezone());
        let tills = Tills::new(sales.clone(), cinemas.clone(), clock.clone()).with_business_day(
            settings.timezone(),
            settings.cinema.business_day_starts_hour,
        );
        let settings = Arc::new(settings);
        let payments = Payments::new(bookings.clone(), tickets.clone(), settings.clone());
        let taken = TakenCounts::new(bookings.ledger().clone(), cinemas.clone(), holds.clone());
        let reactions: Arc<dyn React> = Arc::new(Reactions::new(holds.clone(), taken.clone()));
        sales.subscribe(reactions.clone());
        let concessions = Concessions::new(sales.clone(), clock.clone());
        let mut promotions = Promotions::new(sales.clone(), clock.clone());
        if let Some(url) = &chain {
            promotions = promotions.managed_by(url);
        }
        let central = crate::sync::Central::new(
            dbs.central.clone(),
            clock.clone(),
            settings.sync.timestamp_window_secs,
        );
        let reports = crate::reports::Reports::new(
            sales.clone(),
            settings
                .sync
                .enabled()
                .then(|| settings.sync.site_id.clone()),
        );
        let loyalty = Loyalty::new(sales.clone());
        let refunds = Refunds::new(
            payments.clone(),
            users.clone(),
            clock.clone(),
            settings.clone(),
        );
        Ok(AppState(Arc::new(Parts {
            settings,
            clock,
            dbs,
            users,
            catalog,
            sales,
            bookings,
            payments,
            tickets,
            cinemas,
            holds,
            tills,
            taken,
            concessions,
            promotions,
            loyalty,
            refunds,
            central,
            reports,
            reactions,
            started: Instant::now(),
        })))
    }

    /// The same state with holds reading showtime facts from `facts` (tests, simulations):
    /// every service that reads holds, and the reactions, follow.
    pub fn with_holds_facts(self, facts: Arc<dyn FactsSource>) -> AppState {
        let mut p = (*self.0).clone();
        p.with_holds_facts(facts);
        AppState(Arc::new(p))
    }
}

impl Parts {
    fn with_holds_facts(&mut self, facts: Arc<dyn FactsSource>) {
        self.holds = Holds::new(self.settings.holds.clone(), self.clock.clone(), facts);
        self.bookings = self.bookings.clone().with_holds(self.holds.clone());
        self.payments = Payments::new(
            self.bookings.clone(),
            self.tickets.clone(),
            self.settings.clone(),
        );
        self.refunds = Refunds::new(
            self.payments.clone(),
            self.users.clone(),
            self.clock.clone(),
            self.settings.clone(),
        );
        self.taken = TakenCounts::new(
            self.bookings.ledger().clone(),
            self.cinemas.clone(),
            self.holds.clone(),
        );
        self.sales.unsubscribe(&self.reactions);
        self.reactions = Arc::new(Reactions::new(self.holds.clone(), self.taken.clone()));
        self.sales.subscribe(self.reactions.clone());
    }
}
