//! Points across the chain. Head office's ledger is the record: it tells a site what each
//! member earned and spent at the other sites, and the site keeps that figure as CHAIN
//! entries in its own ledger, so a balance here is this site's entries plus the others' as
//! last heard. Offline, a member can redeem at most that (the site's own unsent redemptions
//! are already in its entries); two sites redeeming the same points while both were offline
//! show up at head office as a negative chain balance, never silently resolved.

use super::service::record;
use super::store::{self, NewEntry};
use super::{EntryKind, Loyalty, LoyaltyError};

impl Loyalty {
    /// Bring `user_id`'s CHAIN entries to head office's figure of the other sites: returns
    /// whether an entry was written.
    pub async fn apply_chain(
        &self,
        user_id: &str,
        others_points: i64,
        others_spend: i64,
        now: &str,
    ) -> Result<bool, LoyaltyError> {
        let (user, now) = (user_id.to_string(), now.to_string());
        let done = self
            .sales
            .run(move |tx| {
                let (points, spend) = store::chain_totals(tx, &user)?;
                let (dp, ds) = (others_points - points, others_spend - spend);
                if dp == 0 && ds == 0 {
                    return Ok(false);
                }
                record(
                    tx,
                    &NewEntry {
                        user_id: &user,
                        kind: EntryKind::Chain,
                        points: dp,
                        spend: ds,
                        booking_id: None,
                        note: "chain",
                        now: &now,
                    },
                )?;
                Ok::<_, LoyaltyError>(true)
            })
            .await?;
        Ok(done.value)
    }
}
