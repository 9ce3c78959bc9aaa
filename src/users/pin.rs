//! Approval PINs: a manager's short secret typed at a kiosk to approve an override (a large
//! refund) while the cashier stays signed in. Hashed like passwords; wrong PINs are limited per
//! approver so a PIN cannot be guessed at the counter.

use super::service::{hash_password, invalid};
use super::{password, store, Users, UsersError};
use std::net::{IpAddr, Ipv4Addr};

/// Who approved an override with their PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinApproval {
    /// The approver's user id (recorded on the override).
    pub user_id: String,
    /// The approver's e-mail.
    pub email: String,
    /// The approver's name, for the receipt.
    pub full_name: String,
}

/// 4–8 digits, not one digit repeated and not a run like 1234 or 4321.
pub fn validate_pin(pin: &str) -> Result<(), UsersError> {
    let digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != pin.chars().count() || !(4..=8).contains(&digits.len()) {
        return Err(invalid("pin", "must be 4 to 8 digits (0-9)"));
    }
    let same = digits.windows(2).all(|w| w[0] == w[1]);
    let up = digits.windows(2).all(|w| w[1] == w[0] + 1);
    let down = digits.windows(2).all(|w| w[0] == w[1] + 1);
    if same || up || down {
        return Err(invalid(
            "pin",
            "is too easy to guess (one digit repeated or a run like 1234); choose another",
        ));
    }
    Ok(())
}

/// The limiter counts PIN attempts per approver only; the kiosk's own address is not a key
/// (every kiosk sits behind the same till network).
const PIN_KEY_IP: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

impl Users {
    /// Set one's own approval PIN, confirmed by the account's password. Only people who can
    /// approve something (today `refund:approve`) need one.
    pub async fn set_pin(
        &self,
        user_id: &str,
        password: &str,
        pin: &str,
    ) -> Result<(), UsersError> {
        validate_pin(pin)?;
        let may = self
            .permissions(user_id)
            .await?
            .is_some_and(|p| p.contains("refund:approve"));
        if !may {
            return Err(UsersError::Forbidden(
                "pin: only people who may approve refunds (refund:approve) set an approval PIN"
                    .into(),
            ));
        }
        self.confirm_password(user_id, password, "password").await?;
        let hash = hash_password(pin.to_string()).await?;
        let id = user_id.to_string();
        self.db
            .write(move |tx| store::set_pin_hash(tx, &id, &hash))
            .await
    }

    /// Check an approver's e-mail and PIN and that they hold `needed`. Every failure is the same
    /// [`UsersError::BadPin`] (not saying which part was wrong); wrong PINs count against the
    /// approver's limit.
    pub async fn verify_pin(
        &self,
        email: &str,
        pin: &str,
        needed: &str,
    ) -> Result<PinApproval, UsersError> {
        let email = email.trim().to_lowercase();
        self.pin_limiter.check(&email, PIN_KEY_IP)?;
        let lookup = email.clone();
        let found = self
            .db
            .call(move |c| {
                let Some(creds) = store::credentials(c, &lookup)? else {
                    return Ok(None);
                };
                let hash = store::pin_hash(c, &creds.user_id)?;
                Ok::<_, UsersError>(Some((creds, hash)))
            })
            .await?;
        let given = pin.to_string();
        let candidate = found.as_ref().and_then(|(c, h)| {
            (!c.disabled)
                .then(|| h.clone())
                .flatten()
                .map(|h| (c.user_id.clone(), h))
        });
        let matched = password::bounded(move || match candidate {
            Some((id, hash)) => password::verify(&given, &hash).then_some(id),
            None => {
                password::verify(&given, password::dummy_hash());
                None
            }
        })
        .await
        .map_err(UsersError::Hash)?;
        let Some(user_id) = matched else {
            self.pin_limiter.failed(&email);
            return Err(UsersError::BadPin);
        };
        let may = self
            .permissions(&user_id)
            .await?
            .is_some_and(|p| p.contains(needed));
        if !may {
            self.pin_limiter.failed(&email);
            return Err(UsersError::BadPin);
        }
        self.pin_limiter.succeeded(&email);
        let user = self.get(&user_id).await?;
        Ok(PinApproval {
            user_id,
            email: user.email,
            full_name: user.full_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::validate_pin;

    #[test]
    fn pins() {
        for ok in ["2468", "2580", "90210", "13572468"] {
            assert!(validate_pin(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "123",
            "123456789",
            "12a4",
            "1111",
            "1234",
            "4321",
            "٢٤٦٨",
            " 2468",
        ] {
            assert!(validate_pin(bad).is_err(), "{bad}");
        }
    }
}
