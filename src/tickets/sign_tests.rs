//! Ticket QR signatures: round trip, tampering, foreign keys, garbage.

use super::*;

/// RFC 8032 §7.1 test 1 secret key.
const RFC_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

fn signer() -> TicketSigner {
    let seed: [u8; 32] = hex::decode(RFC_SEED)
        .expect("hex")
        .try_into()
        .expect("32 bytes");
    TicketSigner::from_seed(&seed)
}

fn claims() -> TicketClaims {
    TicketClaims {
        code: TicketCode::generate(),
        showtime_id: Uuid::now_v7(),
        seat_id: Uuid::now_v7(),
    }
}

/// Re-encode a QR text with its payload bytes changed but the original signature kept.
fn tamper(text: &str, change: impl FnOnce(&mut Vec<u8>)) -> String {
    let parts: Vec<&str> = text.split('.').collect();
    let mut payload = URL_SAFE_NO_PAD.decode(parts[1]).expect("payload");
    change(&mut payload);
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload),
        parts[2]
    )
}

#[test]
fn seed_is_used_as_rfc8032_secret_key() {
    let s = signer();
    assert_eq!(s.public_key_hex(), RFC_PUBLIC);
    let raw = hex::decode(RFC_PUBLIC).expect("hex");
    assert_eq!(s.public_key_b64(), STANDARD.encode(raw));
    assert_eq!(s.public_key_b64().len(), 44);
    assert!(!format!("{s:?}").contains(RFC_SEED));
}

#[test]
fn sign_then_verify_gives_the_claims_back() {
    let s = signer();
    let c = claims();
    let text = s.sign(&c);
    assert!(text.starts_with("MH1."), "{text}");
    assert!(
        text.len() < 180,
        "compact enough for a small QR: {}",
        text.len()
    );
    assert!(text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_'));
    assert_eq!(s.verify(&text), Ok(c.clone()));
    // A scanner's trailing newline is fine; Ed25519 is deterministic.
    assert_eq!(s.verify(&format!("{text}\r\n")), Ok(c.clone()));
    assert_eq!(s.sign(&c), text);
}

#[test]
fn the_public_key_alone_verifies() {
    let s = signer();
    let c = claims();
    let text = s.sign(&c);
    let v = TicketVerifier::from_public_key_b64(&s.public_key_b64()).expect("key");
    assert_eq!(v.verify(&text), Ok(c));
    assert_eq!(v, s.verifier());
    assert!(TicketVerifier::from_public_key_b64("not base64!").is_none());
    assert!(TicketVerifier::from_public_key_b64(&STANDARD.encode([1u8; 31])).is_none());
}

/// One way to alter a payload.
type Change = Box<dyn FnOnce(&mut Vec<u8>)>;

#[test]
fn altered_claims_are_refused() {
    let s = signer();
    let text = s.sign(&claims());
    let other_code = TicketCode::generate().compact().into_bytes();
    let cases: [(&str, Change); 4] = [
        (
            "code",
            Box::new(move |p| p[1..29].copy_from_slice(&other_code)),
        ),
        ("showtime", Box::new(|p| p[29] ^= 1)),
        ("seat", Box::new(|p| p[60] ^= 0x80)),
        (
            "seat swapped with showtime",
            Box::new(|p| p[29..].rotate_left(16)),
        ),
    ];
    for (what, change) in cases {
        let forged = tamper(&text, change);
        assert_ne!(forged, text, "{what}");
        assert_eq!(
            s.verify(&forged),
            Err(TicketSigError::BadSignature),
            "{what}"
        );
    }
    // A flipped signature bit.
    let mut bad_sig = text.clone();
    let last = bad_sig.pop().expect("char");
    bad_sig.push(if last == 'A' { 'Q' } else { 'A' });
    assert!(s.verify(&bad_sig).is_err());
}

#[test]
fn another_keys_signature_is_refused() {
    let ours = signer();
    let theirs = TicketSigner::from_seed(&[42u8; 32]);
    let c = claims();
    assert_eq!(
        ours.verify(&theirs.sign(&c)),
        Err(TicketSigError::BadSignature)
    );
    // Their payload with our signature of different claims does not pass either.
    let mine = ours.sign(&claims());
    let foreign = theirs.sign(&c);
    let spliced = format!(
        "MH1.{}.{}",
        foreign.split('.').nth(1).expect("payload"),
        mine.split('.').nth(2).expect("sig")
    );
    assert_eq!(ours.verify(&spliced), Err(TicketSigError::BadSignature));
}

#[test]
fn a_signature_without_the_ticket_context_is_refused() {
    let s = signer();
    let c = claims();
    let payload = encode_payload(&c);
    let raw_sig = s.key.sign(&payload);
    let text = format!(
        "MH1.{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(raw_sig.to_bytes())
    );
    assert_eq!(s.verify(&text), Err(TicketSigError::BadSignature));
}

#[test]
fn garbage_is_refused() {
    let s = signer();
    let good = s.sign(&claims());
    let parts: Vec<&str> = good.split('.').collect();
    let inputs = [
        String::new(),
        "MH1".into(),
        "MH1..".into(),
        "hello world".into(),
        format!("MH2.{}.{}", parts[1], parts[2]),
        format!("mh1.{}.{}", parts[1], parts[2]),
        format!("{good}.extra"),
        format!("MH1.{}=.{}", parts[1], parts[2]),
        format!("MH1.{}.{}", parts[1], &parts[2][1..]),
        format!("MH1.{}.{}", &parts[1][4..], parts[2]),
        format!("MH1.{}+.{}", parts[1], parts[2]),
        format!("MH1.{}.{}", URL_SAFE_NO_PAD.encode([0u8; 61]), parts[2]),
    ];
    for input in inputs {
        assert!(s.verify(&input).is_err(), "{input}");
    }
    assert_eq!(
        s.verify(&format!(
            "MH1.{}.{}",
            URL_SAFE_NO_PAD.encode([2u8; 61]),
            parts[2]
        )),
        Err(TicketSigError::UnsupportedVersion(2))
    );
}

#[test]
fn non_canonical_base64_is_refused() {
    // 61 bytes encode to 82 characters whose last one carries 2 unused bits; setting them
    // gives a second spelling of the same bytes, which must not verify.
    let s = signer();
    let good = s.sign(&claims());
    let parts: Vec<&str> = good.split('.').collect();
    let mut payload = parts[1].to_string();
    let last = payload.pop().expect("char");
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.find(last).expect("b64 char");
    let twin = alphabet.as_bytes()[idx | 1];
    assert_ne!(
        char::from(twin),
        last,
        "canonical last char has zero low bits"
    );
    payload.push(char::from(twin));
    let respelled = format!("MH1.{payload}.{}", parts[2]);
    assert!(matches!(
        s.verify(&respelled),
        Err(TicketSigError::Malformed(_))
    ));
}
