//! Phone numbers as typed by people.

/// A phone number as typed (`0901 234 567`, `+84 901-234-567`), digits only in national
/// form; `None` when the text is not one.
pub fn phone_digits(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix("84") {
        Some(rest) if text.starts_with('+') || digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    };
    (8..=15).contains(&national.len()).then_some(national)
}
