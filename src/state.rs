//! The application state every handler receives: settings, clock, databases and one
//! service per domain.

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Databases;
use crate::secrets::Secrets;
use crate::tickets::TicketSigner;
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
    /// Signs and checks ticket QR payloads with the site's Ed25519 key.
    pub ticket_signer: TicketSigner,
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
        Ok(AppState {
            settings: Arc::new(settings),
            clock,
            dbs,
            users,
            ticket_signer: TicketSigner::from_seed(&secrets.ticket_seed),
            started: Instant::now(),
        })
    }
}
