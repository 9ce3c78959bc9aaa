//! SQL of payment records (bookings.db, beside the bookings they pay for).

use super::Payment;
use super::PaymentsError;
use rusqlite::{named_params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, booking_id, method, status, amount, txn_ref, provider_txn_no, response_code,
    bank_code, pay_date, tendered, change_due, card_reference, cashier_id, till_session_id, note, created_at, updated_at";

fn payment_from_row(r: &Row<'_>) -> rusqlite::Result<Payment> {
    Ok(Payment {
        id: r.get("id")?,
        booking_id: r.get("booking_id")?,
        method: r.get("method")?,
        status: r.get("status")?,
        amount: r.get("amount")?,
        txn_ref: r.get("txn_ref")?,
        provider_txn_no: r.get("provider_txn_no")?,
        response_code: r.get("response_code")?,
        bank_code: r.get("bank_code")?,
        pay_date: r.get("pay_date")?,
        tendered: r.get("tendered")?,
        change_due: r.get("change_due")?,
        card_reference: r.get("card_reference")?,
        cashier_id: r.get("cashier_id")?,
        till_session_id: r.get("till_session_id")?,
        note: r.get("note")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Store a payment record.
pub fn insert(conn: &Connection, p: &Payment) -> Result<(), PaymentsError> {
    conn.prepare_cached(&format!(
        "INSERT INTO payments ({COLUMNS}) VALUES (:id, :b, :method, :status, :amount, :txn, :no, :code,
         :bank, :paydate, :tendered, :change, :card, :cashier, :till, :note, :created, :updated)"
    ))?
    .execute(named_params! {
        ":id": p.id, ":b": p.booking_id, ":method": p.method, ":status": p.status, ":amount": p.amount,
        ":txn": p.txn_ref, ":no": p.provider_txn_no, ":code": p.response_code, ":bank": p.bank_code,
        ":paydate": p.pay_date, ":tendered": p.tendered, ":change": p.change_due, ":card": p.card_reference,
        ":cashier": p.cashier_id, ":till": p.till_session_id, ":note": p.note, ":created": p.created_at, ":updated": p.updated_at,
    })?;
    Ok(())
}

/// Record the gateway's answer on a payment.
pub fn update_result(conn: &Connection, p: &Payment) -> Result<(), PaymentsError> {
    conn.prepare_cached(
        "UPDATE payments SET status = :status, provider_txn_no = :no, response_code = :code,
            bank_code = :bank, pay_date = :paydate, note = :note, updated_at = :updated WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": p.id, ":status": p.status, ":no": p.provider_txn_no, ":code": p.response_code,
        ":bank": p.bank_code, ":paydate": p.pay_date, ":note": p.note, ":updated": p.updated_at,
    })?;
    Ok(())
}

/// A payment by VNPay transaction reference.
pub fn by_txn_ref(conn: &Connection, txn_ref: &str) -> Result<Option<Payment>, PaymentsError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM payments WHERE txn_ref = :t"
        ))?
        .query_row(named_params! {":t": txn_ref}, payment_from_row)
        .optional()?)
}

/// Payments of a booking, oldest first.
pub fn of_booking(conn: &Connection, booking_id: &str) -> Result<Vec<Payment>, PaymentsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE booking_id = :b ORDER BY created_at"
    ))?;
    let rows = stmt.query_map(named_params! {":b": booking_id}, payment_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Payments in one status (e.g. REFUND_REQUIRED for the manager's list), newest first.
pub fn with_status(
    conn: &Connection,
    status: &str,
    limit: u32,
) -> Result<Vec<Payment>, PaymentsError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE status = :s ORDER BY updated_at DESC LIMIT :l"
    ))?;
    let rows = stmt.query_map(named_params! {":s": status, ":l": limit}, payment_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One page of payments in one status, newest first, with the total count.
pub fn page_with_status(
    conn: &Connection,
    status: &str,
    limit: u32,
    offset: i64,
) -> Result<(Vec<Payment>, i64), PaymentsError> {
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM payments WHERE status = :s")?
        .query_row(named_params! {":s": status}, |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM payments WHERE status = :s
         ORDER BY updated_at DESC, id LIMIT :l OFFSET :o"
    ))?;
    let rows = stmt.query_map(
        named_params! {":s": status, ":l": limit, ":o": offset},
        payment_from_row,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// One payment.
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Payment>, PaymentsError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM payments WHERE id = :id"))?
        .query_row(named_params! {":id": id}, payment_from_row)
        .optional()?)
}

/// Mark a SUCCESS or REFUND_REQUIRED payment REFUNDED once its money went back.
pub fn mark_refunded(conn: &Connection, id: &str, now: &str) -> Result<bool, PaymentsError> {
    let n = conn
        .prepare_cached(
            "UPDATE payments SET status = 'REFUNDED', updated_at = :now
              WHERE id = :id AND status IN ('SUCCESS', 'REFUND_REQUIRED')",
        )?
        .execute(named_params! {":id": id, ":now": now})?;
    Ok(n == 1)
}
