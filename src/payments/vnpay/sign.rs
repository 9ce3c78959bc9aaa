//! VNPay's signature: HMAC-SHA512 over the canonical `signData` string (VNPAY.md §1 and §2).

use super::encode::php_urlencode;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha512};

/// SHA-512's block size; HMAC keys are padded (or first hashed) to it.
const BLOCK: usize = 128;

/// An HMAC-SHA512 keyed with `secret`. HMAC accepts keys of any length, so this cannot fail:
/// the key is prepared exactly as RFC 2104 says (hashed when longer than a block, zero-padded)
/// and handed to the fixed-size constructor, which avoids an `expect` on `new_from_slice`.
fn hmac_sha512(secret: &[u8]) -> Hmac<Sha512> {
    let mut block = [0u8; BLOCK];
    if secret.len() > BLOCK {
        block[..64].copy_from_slice(&Sha512::digest(secret));
    } else {
        block[..secret.len()].copy_from_slice(secret);
    }
    <Hmac<Sha512> as Mac>::new(&hmac::digest::Key::<Hmac<Sha512>>::from(block))
}

/// Lowercase hex HMAC-SHA512 of `data` keyed with the UTF-8 bytes of `secret`.
pub fn hmac_sha512_hex(secret: &str, data: &str) -> String {
    let mut mac = hmac_sha512(secret.as_bytes());
    mac.update(data.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Constant-time check that `given_hex` (either case) is the HMAC-SHA512 of `data`. Nothing
/// matches under an empty secret: anyone can compute an HMAC keyed with nothing.
pub fn hmac_sha512_matches(secret: &str, data: &str, given_hex: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    // Decoding first makes the comparison case-insensitive; the byte comparison itself is
    // hmac's constant-time `verify_slice`. A malformed hex string is simply a mismatch.
    let Ok(given) = hex::decode(given_hex.trim()) else {
        return false;
    };
    let mut mac = hmac_sha512(secret.as_bytes());
    mac.update(data.as_bytes());
    mac.verify_slice(&given).is_ok()
}

/// The canonical `signData` string: only `vnp_*` fields with non-empty values (the hash
/// fields `vnp_SecureHash`/`vnp_SecureHashType` excluded), sorted by key in byte order,
/// joined as `urlencode(k)=urlencode(v)` with `&`. The payment URL's query string is exactly
/// this text followed by `&vnp_SecureHash=…`.
pub fn sign_data<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut kept: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, v)| {
            k.starts_with("vnp_")
                && *k != "vnp_SecureHash"
                && *k != "vnp_SecureHashType"
                && !v.is_empty()
        })
        .collect();
    // `str` ordering is byte order, which is PHP's `ksort` on these ASCII keys.
    kept.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (i, (k, v)) in kept.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&php_urlencode(k));
        out.push('=');
        out.push_str(&php_urlencode(v));
    }
    out
}

/// `vnp_SecureHash` for these parameters: `hmac_sha512_hex(secret, sign_data(params))`.
pub fn secure_hash<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], secret: &str) -> String {
    hmac_sha512_hex(secret, &sign_data(params))
}

/// A signed query string, `signData&vnp_SecureHash=<hex>`: what follows `?` in a payment URL,
/// and what VNPay (or the built-in sandbox) appends to the return and IPN URLs.
pub fn signed_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], secret: &str) -> String {
    let data = sign_data(params);
    let hash = hmac_sha512_hex(secret, &data);
    format!("{data}&vnp_SecureHash={hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const V0_SECRET: &str = "test_secret";
    const V0_HASH: &str = "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895";
    const V0_HASH_99: &str = "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b";
    const V0_SIGN_DATA: &str = "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703";

    /// V0's fields, decoded, deliberately out of order, with noise that must not be signed.
    fn v0_params(response_code: &str) -> Vec<(&str, &str)> {
        vec![
            ("vnp_TxnRef", "1716257871703"),
            ("vnp_TransactionStatus", "00"),
            ("vnp_TransactionNo", "14422574"),
            ("vnp_TmnCode", "TEST_TMN_CODE"),
            ("vnp_ResponseCode", response_code),
            ("vnp_PayDate", "20240521091806"),
            (
                "vnp_OrderInfo",
                "Thanh toan don hang 2024-05-21T02:17:31.249Z",
            ),
            ("vnp_CardType", "ATM"),
            ("vnp_BankTranNo", "VNP14422574"),
            ("vnp_BankCode", "NCB"),
            ("vnp_Amount", "1000000"),
            ("vnp_SecureHashType", "HmacSHA512"),
            ("vnp_SecureHash", "ffff"),
            ("vnp_Empty", ""),
            ("booking", "abc"),
        ]
    }

    #[test]
    fn v0_sign_data_and_hash_are_byte_exact() {
        let params = v0_params("00");
        assert_eq!(sign_data(&params), V0_SIGN_DATA);
        assert_eq!(secure_hash(&params, V0_SECRET), V0_HASH);
        assert_eq!(hmac_sha512_hex(V0_SECRET, V0_SIGN_DATA), V0_HASH);
    }

    #[test]
    fn v0_with_response_code_99() {
        assert_eq!(secure_hash(&v0_params("99"), V0_SECRET), V0_HASH_99);
    }

    #[test]
    fn v1_docs_example_is_byte_exact() {
        let params = [
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", "DEMOV210"),
            ("vnp_Amount", "1806000"),
            ("vnp_CurrCode", "VND"),
            ("vnp_TxnRef", "5"),
            ("vnp_OrderInfo", "Thanh toan don hang :5"),
            ("vnp_OrderType", "other"),
            ("vnp_Locale", "vn"),
            ("vnp_ReturnUrl", "https://domainmerchant.vn/ReturnUrl"),
            ("vnp_IpAddr", "127.0.0.1"),
            ("vnp_CreateDate", "20210801153333"),
        ];
        assert_eq!(
            sign_data(&params),
            "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
        );
        assert_eq!(
            secure_hash(&params, "VNPAYTESTSECRETKEY0123456789ABCD"),
            "144abd0855a2bcb32040cdc84072339b86766fc49ce08b93962cb9323390b1ba7c7555c4c896c0c356b96de24d1d55e26ee13c9dc96c9547fac67a6450565558"
        );
    }

    #[test]
    fn sort_is_case_sensitive_byte_order() {
        // 'B' (0x42) sorts before 'a' (0x61), as PHP ksort does.
        let params = [("vnp_a", "1"), ("vnp_B", "2"), ("vnp_A", "3")];
        assert_eq!(sign_data(&params), "vnp_A=3&vnp_B=2&vnp_a=1");
    }

    #[test]
    fn matching_is_case_insensitive_and_rejects_everything_else() {
        assert!(hmac_sha512_matches(V0_SECRET, V0_SIGN_DATA, V0_HASH));
        assert!(hmac_sha512_matches(
            V0_SECRET,
            V0_SIGN_DATA,
            &V0_HASH.to_uppercase()
        ));
        assert!(!hmac_sha512_matches(V0_SECRET, V0_SIGN_DATA, V0_HASH_99));
        assert!(!hmac_sha512_matches("other", V0_SIGN_DATA, V0_HASH));
        assert!(!hmac_sha512_matches(
            V0_SECRET,
            V0_SIGN_DATA,
            &V0_HASH[..64]
        ));
        assert!(!hmac_sha512_matches(V0_SECRET, V0_SIGN_DATA, "zz"));
        assert!(!hmac_sha512_matches(V0_SECRET, V0_SIGN_DATA, ""));
    }

    #[test]
    fn key_preparation_equals_the_library_for_every_key_length() {
        for len in [0usize, 1, 32, 127, 128, 129, 300] {
            let key = "k".repeat(len);
            let mut reference =
                <Hmac<Sha512> as Mac>::new_from_slice(key.as_bytes()).expect("any length");
            reference.update(b"data");
            assert_eq!(
                hmac_sha512_hex(&key, "data"),
                hex::encode(reference.finalize().into_bytes()),
                "key length {len}"
            );
        }
    }
}
