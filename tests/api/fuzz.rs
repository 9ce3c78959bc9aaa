//! Seeded mutation fuzzing of the parsers that take outside input: the VNPay query verifier,
//! the ticket QR verifier, the hall layout planner and the film import's checks. Each run tries
//! thousands of inputs from a fixed seed (so a failure reproduces); `FUZZ_ITERS` raises the
//! count and `FUZZ_SEED` changes the seed for longer runs. A panic fails the test (it would
//! drop the request), and so does any altered input that is accepted.

use moviehub::payments::vnpay;
use moviehub::tickets::{TicketClaims, TicketSigner};

/// xorshift64*: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn new(salt: u64) -> Rng {
        let seed = std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
        Rng((seed ^ salt).max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// A short string from a mix of ASCII, Vietnamese, control and URL-special characters.
    fn text(&mut self, max: usize) -> String {
        const CHARS: [char; 24] = [
            'a', 'Z', '0', '9', ' ', '+', '%', '&', '=', '-', '_', '.', '"', '\\', '\n', '\0', 'đ',
            'Ệ', 'ữ', '₫', '😀', '/', '[', '{',
        ];
        (0..self.below(max + 1))
            .map(|_| *self.pick(&CHARS))
            .collect()
    }
}

fn iterations() -> usize {
    std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4000)
}

/// Replace one character of `s` by a different alphanumeric one.
fn alter(rng: &mut Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return "x".into();
    }
    let i = rng.below(chars.len());
    let mut out = chars.clone();
    let replacement = ['0', '7', 'a', 'f', 'K', 'z'];
    let mut c = *rng.pick(&replacement);
    while c.eq_ignore_ascii_case(&chars[i]) {
        c = *rng.pick(&replacement);
    }
    out[i] = c;
    out.into_iter().collect()
}

const SECRET: &str = "SECRETKEYSECRETKEYSECRETKEY12345";

fn signed_params() -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = [
        ("vnp_Amount", "18000000"),
        ("vnp_BankCode", "NCB"),
        ("vnp_OrderInfo", "Thanh toan ve xem phim 01a2"),
        ("vnp_PayDate", "20261201103000"),
        ("vnp_ResponseCode", "00"),
        ("vnp_TmnCode", "DEMOV210"),
        ("vnp_TransactionNo", "14226112"),
        ("vnp_TransactionStatus", "00"),
        ("vnp_TxnRef", "01a2b3c4"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let hash = vnpay::secure_hash(&p, SECRET);
    p.push(("vnp_SecureHash".into(), hash));
    p
}

#[test]
fn vnpay_verify_never_panics_and_accepts_no_altered_query() {
    let base = signed_params();
    assert!(
        vnpay::verify(&base, SECRET).is_ok(),
        "the signed query verifies"
    );
    let mut rng = Rng::new(1);
    let mut refused = 0;
    for _ in 0..iterations() {
        let mut p = base.clone();
        let i = rng.below(p.len());
        let what = rng.below(5);
        match what {
            // A signed value changed.
            0 => p[i].1 = alter(&mut rng, &p[i].1),
            // A signed pair dropped (the hash itself included).
            1 => {
                p.remove(i);
            }
            // A vnp_ pair added with a non-empty value.
            2 => p.push((
                format!("vnp_{}", alter(&mut rng, "Extra")),
                format!("v{}", rng.text(8)),
            )),
            // A key renamed.
            3 => p[i].0 = format!("vnp_{}", alter(&mut rng, &p[i].0[4..])),
            // A pair given twice.
            _ => p.push(p[i].clone()),
        }
        if p == base {
            continue;
        }
        let r = vnpay::verify(&p, SECRET);
        assert!(r.is_err(), "accepted an altered query ({what}): {p:?}");
        refused += 1;
        // Garbage alongside: never a panic, whatever it holds.
        let junk: Vec<(String, String)> = (0..rng.below(12))
            .map(|_| (rng.text(12), rng.text(40)))
            .collect();
        let _ = vnpay::verify(&junk, SECRET);
        let _ = vnpay::verify(&junk, "");
    }
    assert!(refused > iterations() / 2, "the mutations did mutate");
}

#[test]
fn the_ticket_verifier_accepts_no_altered_qr_text() {
    let signer = TicketSigner::from_seed(&[7u8; 32]);
    let claims = TicketClaims {
        code: moviehub::tickets::TicketCode::generate(),
        showtime_id: uuid::Uuid::now_v7(),
        seat_id: uuid::Uuid::now_v7(),
    };
    let text = signer.sign(&claims);
    assert!(signer.verify(&text).is_ok());
    let mut rng = Rng::new(2);
    for _ in 0..iterations() {
        let altered = match rng.below(3) {
            0 => alter(&mut rng, &text),
            1 => text[..rng.below(text.len())].to_string(),
            _ => format!("{text}{}", rng.text(4)),
        };
        // Surrounding whitespace is what a scanner adds; the verifier trims it on purpose.
        if altered.trim() == text {
            continue;
        }
        assert!(
            signer.verify(&altered).is_err(),
            "accepted an altered ticket: {altered}"
        );
        let _ = signer.verify(&rng.text(120));
    }
}

#[test]
fn the_layout_planner_never_panics_and_keeps_within_its_bounds() {
    let mut rng = Rng::new(3);
    let rows = ["A", "B", "C", "Z", "AA", "a", "", "Đ", "A1", "E"];
    let types = ["VIP", "COUPLE", "PREMIUM", "WHEELCHAIR", "STANDARD", "GOLD"];
    for _ in 0..iterations() {
        let n = rng.below(45);
        let row_list: Vec<String> = (0..n).map(|_| rng.pick(&rows).to_string()).collect();
        let big = [0u64, 1, 2, 12, 60, 61, 4_000_000_000, u32::MAX as u64];
        let spec = serde_json::json!({
            "rows": row_list,
            "seats_per_row": rng.pick(&big),
            "row_seats": { rng.pick(&rows).to_string(): rng.pick(&big) },
            "aisles_after": (0..rng.below(4)).map(|_| *rng.pick(&big)).collect::<Vec<_>>(),
            "seat_types": { rng.pick(&types).to_string(): (0..rng.below(4)).map(|_| format!("{}{}", rng.pick(&rows), rng.below(70))).collect::<Vec<_>>() },
        });
        let Ok(spec) = serde_json::from_value::<moviehub::cinemas::layout::LayoutSpec>(spec) else {
            continue;
        };
        if let Ok(plan) = moviehub::cinemas::layout::plan(&spec) {
            assert!(plan.capacity() as usize <= 40 * 60, "{spec:?}");
            assert!(plan.capacity() > 0, "{spec:?}");
        }
    }
}

#[test]
fn the_film_checks_never_panic_on_any_json() {
    let mut rng = Rng::new(4);
    let keys = [
        "title",
        "runtime_minutes",
        "release_date",
        "age_rating",
        "genres",
        "releases",
        "cast",
        "poster_url",
        "spoken_languages",
    ];
    for _ in 0..iterations() {
        let mut row = serde_json::Map::new();
        for _ in 0..rng.below(9) {
            let value = match rng.below(6) {
                0 => serde_json::json!(rng.text(30)),
                1 => serde_json::json!(rng.next() as i64),
                2 => serde_json::json!(["Hài", rng.text(5)]),
                3 => serde_json::json!([{"start_date": "2026-12-01", "end_date": rng.text(10)}]),
                4 => serde_json::json!([{"name": rng.text(10), "role": null}]),
                _ => serde_json::json!(null),
            };
            row.insert(rng.pick(&keys).to_string(), value);
        }
        if let Ok(m) = serde_json::from_value::<moviehub::catalog::NewMovie>(row.into()) {
            let _ = moviehub::catalog::service::validate(m);
        }
    }
}
