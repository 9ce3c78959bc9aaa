//! `moviehub user add|list|grant|revoke`.

use super::service::{Actor, NewUser};
use super::Users;
use clap::Subcommand;
use std::process::ExitCode;

/// Account commands.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account.
    Add {
        /// Login e-mail.
        #[arg(long)]
        email: String,
        /// Password (at least 8 characters).
        #[arg(long)]
        password: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Role: admin, manager, cashier, usher or customer.
        #[arg(long, default_value = "customer")]
        role: String,
    },
    /// List accounts with their roles.
    List,
    /// Give an account a role.
    Grant {
        /// Account e-mail.
        email: String,
        /// Role name.
        role: String,
    },
    /// Take a role from an account.
    Revoke {
        /// Account e-mail.
        email: String,
        /// Role name.
        role: String,
    },
    /// Stop an account from signing in; its sessions end within a second.
    Disable {
        /// Account e-mail.
        email: String,
    },
    /// Let a disabled account sign in again.
    Enable {
        /// Account e-mail.
        email: String,
    },
    /// Set a new password; the account's sessions end within a second.
    SetPassword {
        /// Account e-mail.
        email: String,
        /// New password (at least 8 characters).
        #[arg(long)]
        password: String,
    },
}

/// Role commands.
#[derive(Subcommand, Debug)]
pub enum RoleCommand {
    /// List the roles and how many permissions each has.
    List,
    /// A role's permissions, one per line (exit 1 for an unknown role).
    Show {
        /// Role name: admin, manager, cashier, usher or customer.
        name: String,
    },
}

/// Run a role command.
pub async fn run_role(users: &Users, cmd: RoleCommand) -> Result<ExitCode, String> {
    let roles = users.roles().await.map_err(|e| e.to_string())?;
    match cmd {
        RoleCommand::List => {
            for r in &roles {
                println!(
                    "{:<10} {:>2} permission(s)  {}",
                    r.name,
                    r.permissions.len(),
                    r.description
                );
            }
        }
        RoleCommand::Show { name } => {
            let Some(r) = roles.iter().find(|r| r.name == name) else {
                let known: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
                return Err(format!("no role {name:?}; roles are {}", known.join(", ")));
            };
            println!("{}: {}", r.name, r.description);
            for (p, d) in &r.permissions {
                println!("  {p:<18} {d}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Run an account command.
pub async fn run(users: &Users, cmd: UserCommand) -> Result<ExitCode, String> {
    match cmd {
        UserCommand::Add {
            email,
            password,
            name,
            role,
        } => {
            let u = users
                .create(
                    NewUser {
                        email,
                        password,
                        full_name: name,
                        phone: None,
                    },
                    &role,
                )
                .await
                .map_err(|e| e.to_string())?;
            println!("created {} ({}) with role {}", u.email, u.id, role);
        }
        UserCommand::List => {
            let (items, total) = users.list(1, 10_000).await.map_err(|e| e.to_string())?;
            for u in items {
                println!(
                    "{:<36} {:<32} {:<24} {}",
                    u.id,
                    u.email,
                    u.full_name,
                    u.roles.join(",")
                );
            }
            println!("{total} account(s)");
        }
        UserCommand::Grant { email, role } => {
            let u = users.by_email(&email).await.map_err(|e| e.to_string())?;
            let u = users
                .grant(Actor::Operator, &u.id, &role)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: {}", u.email, u.roles.join(","));
        }
        UserCommand::Revoke { email, role } => {
            let u = users.by_email(&email).await.map_err(|e| e.to_string())?;
            let u = users
                .revoke(Actor::Operator, &u.id, &role)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: {}", u.email, u.roles.join(","));
        }
        UserCommand::Disable { email } => {
            let u = users.by_email(&email).await.map_err(|e| e.to_string())?;
            users
                .set_disabled(Actor::Operator, &u.id, true)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: disabled", u.email);
        }
        UserCommand::Enable { email } => {
            let u = users.by_email(&email).await.map_err(|e| e.to_string())?;
            users
                .set_disabled(Actor::Operator, &u.id, false)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: enabled", u.email);
        }
        UserCommand::SetPassword { email, password } => {
            let u = users.by_email(&email).await.map_err(|e| e.to_string())?;
            users
                .set_password(&u.id, &password)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: password changed, sessions ended", u.email);
        }
    }
    Ok(ExitCode::SUCCESS)
}
