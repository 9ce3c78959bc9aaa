//! The demo data set: one account per role and, from each domain, a believable cinema site.
//! Loaded by `seed --demo` and `serve --demo`, only into an empty data dir.

use crate::app::AppState;
use crate::users::service::NewUser;

/// Password of every demo account. Demo only: never use these accounts in production.
pub const DEMO_PASSWORD: &str = "moviehub";

/// The demo manager's approval PIN (kiosk overrides such as a large refund). Demo only.
pub const DEMO_MANAGER_PIN: &str = "2468";

/// Demo accounts: (e-mail, name, role).
pub const DEMO_ACCOUNTS: [(&str, &str, &str); 5] = [
    ("admin@moviehub.local", "Demo Admin", "admin"),
    ("manager@moviehub.local", "Demo Manager", "manager"),
    ("cashier@moviehub.local", "Demo Cashier", "cashier"),
    ("usher@moviehub.local", "Demo Usher", "usher"),
    ("customer@moviehub.local", "Demo Customer", "customer"),
];

/// The demo accounts' e-mails.
pub const DEMO_EMAILS: [&str; 5] = [
    DEMO_ACCOUNTS[0].0,
    DEMO_ACCOUNTS[1].0,
    DEMO_ACCOUNTS[2].0,
    DEMO_ACCOUNTS[3].0,
    DEMO_ACCOUNTS[4].0,
];

/// Serving without `--demo` is refused while the demo accounts (whose password is public)
/// exist: the operator deletes them with `init --production` first.
pub async fn refuse_production_with_demo_accounts(state: &AppState) -> Result<(), String> {
    let found = state
        .users
        .existing(&DEMO_EMAILS)
        .await
        .map_err(|e| e.to_string())?;
    if found.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} holds the demo accounts ({}) whose password is public; run `moviehub --data-dir {} init --production` to delete them, or serve with --demo",
        state.settings.storage.data_dir.display(),
        found.join(", "),
        state.settings.storage.data_dir.display(),
    ))
}

/// `init --production`: delete the demo accounts; returns how many went.
pub async fn remove_demo_accounts(state: &AppState) -> Result<usize, String> {
    state
        .users
        .delete_by_emails(&DEMO_EMAILS)
        .await
        .map_err(|e| e.to_string())
}

/// Is the data dir free of data (no accounts)?
pub async fn is_empty(state: &AppState) -> Result<bool, String> {
    Ok(state.users.count().await.map_err(|e| e.to_string())? == 0)
}

/// Load the demo data set; returns a summary to print.
pub async fn seed(state: &AppState) -> Result<String, String> {
    let mut summary = String::from("Demo accounts (demo only; password for all: moviehub):\n");
    for (email, name, role) in DEMO_ACCOUNTS {
        let new = NewUser {
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            full_name: name.into(),
            phone: None,
        };
        state
            .users
            .create(new, role)
            .await
            .map_err(|e| format!("demo account {email}: {e}"))?;
        summary.push_str(&format!("  {role:<9} {email}\n"));
    }
    let manager = state
        .users
        .by_email(DEMO_ACCOUNTS[1].0)
        .await
        .map_err(|e| e.to_string())?;
    state
        .users
        .set_pin(&manager.id, DEMO_PASSWORD, DEMO_MANAGER_PIN)
        .await
        .map_err(|e| format!("demo manager PIN: {e}"))?;
    summary.push_str(&format!("  manager's approval PIN: {DEMO_MANAGER_PIN}\n"));
    summary.push_str(&crate::concessions::demo::seed(&state.concessions, &manager.id).await?);
    let water = state
        .concessions
        .on_sale()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|i| i.name == "Nước suối")
        .map(|i| i.id);
    summary.push_str(
        &crate::promotions::demo::seed(&state.promotions.unmanaged(), &manager.id, water).await?,
    );
    let movies = crate::catalog::demo::seed(&state.catalog).await?;
    summary.push_str(&format!("Movies: {}\n", movies.len()));
    let showing = state
        .catalog
        .now_showing()
        .await
        .map_err(|e| e.to_string())?;
    summary.push_str(
        &crate::cinemas::demo::seed(&state.cinemas, &state.settings, &state.clock, &showing)
            .await?,
    );
    Ok(summary)
}
