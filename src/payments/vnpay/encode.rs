//! The byte-level conventions of VNPay 2.1.0 (VNPAY.md §1): PHP `urlencode`, GMT+7 dates,
//! order-info sanitising and client-IP normalisation. Everything here is pure.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use std::net::{IpAddr, Ipv4Addr};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `yyyyMMddHHmmss`, the format of every VNPay date field.
const VNP_DATE_FORMAT: &str = "%Y%m%d%H%M%S";

/// Longest `vnp_OrderInfo` VNPay accepts.
pub const ORDER_INFO_MAX: usize = 255;

/// PHP `urlencode`: keeps `[A-Za-z0-9._-]`, turns space into `+` and every other UTF-8 byte
/// into `%XX` with uppercase hex. This is the encoding VNPay's own PHP sample signs.
pub fn php_urlencode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
    out
}

/// VNPay's time zone: GMT+7 fixed (Vietnam has no daylight saving), whatever the server's TZ.
const GMT7: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("7 hours is a valid offset"),
};

/// Format an instant as VNPay's `yyyyMMddHHmmss` in GMT+7.
pub fn vnp_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&GMT7).format(VNP_DATE_FORMAT).to_string()
}

/// Parse VNPay's `yyyyMMddHHmmss` (GMT+7) back to UTC; `None` if it is not such a date.
pub fn parse_vnp_date(s: &str) -> Option<DateTime<Utc>> {
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let naive = NaiveDateTime::parse_from_str(s, VNP_DATE_FORMAT).ok()?;
    GMT7.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Make text safe for `vnp_OrderInfo`: Vietnamese diacritics stripped ("Đặt vé" → "Dat ve"),
/// anything outside `[A-Za-z0-9 .,:_-]` turned into a space, runs of spaces collapsed, trimmed
/// and cut to 255 characters. With this alphabet every VNPay sample encoder (PHP, Python,
/// Node, Java, C#) produces the same bytes, so the signature cannot depend on which one the
/// gateway uses.
pub fn sanitize_order_info(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'Đ' => 'D',
            'đ' => 'd',
            c if c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | ':' | '_' | '-') => c,
            _ => ' ',
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(ORDER_INFO_MAX);
    out.trim_end().to_string()
}

/// The client address as VNPay expects it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes
/// `1.2.3.4` and the IPv6 loopback `::1` becomes `127.0.0.1`; anything else is unchanged.
pub fn normalize_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) if v6.is_loopback() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("á", "%C3%A1")]
    #[case(":", "%3A")]
    #[case("/", "%2F")]
    #[case("#", "%23")]
    #[case(" ", "+")]
    #[case("~", "%7E")]
    #[case("*", "%2A")]
    #[case("!", "%21")]
    #[case("'", "%27")]
    #[case("(", "%28")]
    #[case(")", "%29")]
    #[case("+", "%2B")]
    #[case("%", "%25")]
    #[case("&=?", "%26%3D%3F")]
    #[case("AZaz09._-", "AZaz09._-")]
    #[case("Đặt vé", "%C4%90%E1%BA%B7t+v%C3%A9")]
    #[case(
        "https://domainmerchant.vn/ReturnUrl",
        "https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl"
    )]
    fn php_urlencode_matches_php(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(php_urlencode(input), expected);
    }

    #[test]
    fn dates_are_gmt7_whatever_the_server_zone() {
        // 2024-05-21 02:18:06 UTC is 09:18:06 in Ho Chi Minh City (the V0 vnp_PayDate).
        let t = Utc
            .with_ymd_and_hms(2024, 5, 21, 2, 18, 6)
            .single()
            .expect("valid");
        assert_eq!(vnp_date(t), "20240521091806");
        // Crossing midnight: 20:30 UTC is already the next day in Vietnam.
        let late = Utc
            .with_ymd_and_hms(2024, 12, 31, 20, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(vnp_date(late), "20250101033000");
        assert_eq!(parse_vnp_date("20250101033000"), Some(late));
        assert_eq!(parse_vnp_date(&vnp_date(t)), Some(t));
    }

    #[rstest]
    #[case("")]
    #[case("2024052109180")]
    #[case("202405210918060")]
    #[case("2024-05-21T091")]
    #[case("20241321091806")]
    #[case("20240521251806")]
    #[case("+0240521091806")]
    fn bad_dates_are_refused(#[case] s: &str) {
        assert_eq!(parse_vnp_date(s), None, "{s}");
    }

    #[rstest]
    #[case("Đặt vé", "Dat ve")]
    #[case("Thanh toán đơn hàng :5", "Thanh toan don hang :5")]
    #[case("Vé #12 / Phòng 3 (IMAX)", "Ve 12 Phong 3 IMAX")]
    #[case("  a\t\nb  ", "a b")]
    #[case("Truy van GD ma:ORD-20240521-001", "Truy van GD ma:ORD-20240521-001")]
    #[case("Ưu đãi Ơn Ấy", "Uu dai On Ay")]
    #[case("電影", "")]
    fn order_info_is_sanitised(#[case] input: &str, #[case] expected: &str) {
        let out = sanitize_order_info(input);
        assert_eq!(out, expected);
        assert!(out
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .,:_-".contains(c)));
    }

    #[test]
    fn order_info_is_capped_at_255() {
        let long = "a".repeat(300);
        assert_eq!(sanitize_order_info(&long).len(), ORDER_INFO_MAX);
        // A cut that would leave a trailing space drops it.
        let spaced = format!("{} b", "a".repeat(254));
        assert_eq!(sanitize_order_info(&spaced), "a".repeat(254));
    }

    #[rstest]
    #[case("::ffff:1.2.3.4", "1.2.3.4")]
    #[case("::1", "127.0.0.1")]
    #[case("203.0.113.7", "203.0.113.7")]
    #[case("2001:db8::5", "2001:db8::5")]
    fn ip_is_normalised(#[case] input: &str, #[case] expected: &str) {
        let ip: IpAddr = input.parse().expect("ip");
        assert_eq!(normalize_ip(ip).to_string(), expected);
    }
}
