//! Diacritics folding for full-text search: "Lật Mặt" → "lat mat", "Trấn Thành" → "tran thanh",
//! "Đà Nẵng" → "da nang". Stored text and queries are folded the same way.

use unicode_normalization::UnicodeNormalization;

/// Lowercase, strip combining marks, map đ/Đ to d.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Unicode lower case in NFC, trimmed: the key that makes genre names unique regardless of
/// case ("HOẠT HÌNH" = "Hoạt hình") while keeping accents ("Hài" ≠ "Hai").
pub fn lower(text: &str) -> String {
    text.trim().nfc().flat_map(char::to_lowercase).collect()
}

/// Turn user input into an FTS5 query: every word must match as a prefix
/// ("lat ma" finds "Lật Mặt"). Returns `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = fold(input)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Lật Mặt 7: Một Điều Ước"), "lat mat 7: mot dieu uoc");
        assert_eq!(fold("Trấn Thành"), "tran thanh");
        assert_eq!(fold("ĐÀ NẴNG"), "da nang");
    }

    #[test]
    fn lower_keeps_accents() {
        assert_eq!(lower(" HOẠT HÌNH "), "hoạt hình");
        assert_ne!(lower("Hài"), lower("Hai"));
    }

    #[test]
    fn builds_prefix_queries_and_drops_syntax() {
        assert_eq!(fts_query("lat mat").as_deref(), Some("\"lat\"* \"mat\"*"));
        assert_eq!(fts_query("\"OR* (").as_deref(), Some("\"or\"*"));
        assert_eq!(fts_query("  -- "), None);
    }
}
