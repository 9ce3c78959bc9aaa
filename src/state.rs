//! The application state every handler receives: settings, clock, databases and one
//! service per domain.

use crate::bookings::Bookings;
use crate::catalog::Catalog;
use crate::cinemas::Cinemas;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Databases;
use crate::holds::{FactsSource, Holds};
use crate::secrets::Secrets;
use crate::tickets::TicketSigner;
use crate::tills::Tills;
use crate::users::Users;
use std::sync::Arc;
use std::time::Instant;

/// Shared, cheaply cloneable state.
#[derive(Clone)]
pub struct AppState {
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
    /// Bookings and the sold-seat ledger.
    pub bookings: Bookings,
    /// Cinemas, halls, seats, pricing, showtimes.
    pub cinemas: Cinemas,
    /// Live seat holds.
    pub holds: Holds,
    /// Signs and checks ticket QR payloads with the site's Ed25519 key.
    pub ticket_signer: TicketSigner,
    /// Box-office till sessions and cash-ups.
    pub tills: Tills,
    /// When the process started (for `/api/health`).
    pub started: Instant,
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
        let catalog = Catalog::new(dbs.catalog.clone(), &settings, clock.clone());
        let bookings = Bookings::new(dbs.bookings.clone(), &settings.bookings, clock.clone());
        let cinemas = Cinemas::new(
            dbs.cinemas.clone(),
            catalog.clone(),
            &settings,
            clock.clone(),
        );
        let holds = Holds::new(
            settings.holds.clone(),
            clock.clone(),
            Arc::new(crate::holds::live_facts::LiveFacts::new(
                cinemas.clone(),
                bookings.clone(),
            )),
        );
        let tills = Tills::new(dbs.bookings.clone(), cinemas.clone(), clock.clone());
        Ok(AppState {
            settings: Arc::new(settings),
            clock,
            dbs,
            users,
            catalog,
            bookings,
            cinemas,
            holds,
            ticket_signer: TicketSigner::from_seed(&secrets.ticket_seed),
            tills,
            started: Instant::now(),
        })
    }

    /// The same state with holds reading showtime facts from `facts` (tests, simulations).
    pub fn with_holds_facts(mut self, facts: Arc<dyn FactsSource>) -> AppState {
        self.holds = Holds::new(self.settings.holds.clone(), self.clock.clone(), facts);
        self
    }
}
